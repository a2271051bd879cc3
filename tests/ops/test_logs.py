"""Log lines in both formats carry the submission they are about."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from mldrills import logs
from mldrills.errors import ConfigError


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[io.StringIO, str]]:
    stream = io.StringIO()
    yield stream, "mldrills.jobs.test"
    logger = logging.getLogger("mldrills")
    for handler in [h for h in logger.handlers if getattr(h, "_mldrills_handler", False)]:
        logger.removeHandler(handler)
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


def test_json_lines_carry_the_submission(
    captured: tuple[io.StringIO, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stream, name = captured
    monkeypatch.setenv("MLDRILLS_LOG_FORMAT", "json")
    logs.configure(stream=stream)
    log = logging.getLogger(name)
    with logs.log_context(submission_id=42, user_id=7, slug="merge-intervals"):
        log.info("graded in %d ms", 120, extra={"status": "pass"})
        try:
            raise ValueError("bad pack")
        except ValueError:
            log.exception("judge failed")
    log.info("idle")
    first, second, third = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "graded in 120 ms"
    assert (first["submission_id"], first["user_id"], first["slug"]) == (42, 7, "merge-intervals")
    assert first["status"] == "pass" and first["level"] == "info" and first["logger"] == name
    assert second["level"] == "error" and "ValueError: bad pack" in second["exception"]
    assert second["submission_id"] == 42
    assert "submission_id" not in third  # the context ended with the block


def test_text_lines_name_the_submission(
    captured: tuple[io.StringIO, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stream, name = captured
    monkeypatch.delenv("MLDRILLS_LOG_FORMAT", raising=False)
    logs.configure(stream=stream)
    logs.configure(stream=stream)  # again: still one handler, one line per record
    with logs.log_context(submission_id=9), logs.log_context(slug="softmax"):
        logging.getLogger(name).warning("slow grade")
    [line] = stream.getvalue().splitlines()
    assert line.endswith("WARNING mldrills.jobs.test: slow grade [submission_id=9 slug=softmax]")


def test_a_bad_format_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLDRILLS_LOG_FORMAT", "xml")
    with pytest.raises(ConfigError, match="MLDRILLS_LOG_FORMAT"):
        logs.configure(stream=io.StringIO())
