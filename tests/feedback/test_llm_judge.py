"""The optional LLM judge, against a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from mldrills.content.rubric import RubricPoint
from mldrills.errors import GraderUnavailable
from mldrills.feedback import grade_answer
from mldrills.feedback.llm import JudgeConfig, judge_answer

POINTS = (
    RubricPoint("LayerNorm normalises each token over its features.", wrong=("over the batch",)),
    RubricPoint("It does not depend on the batch size."),
)
ANSWER = "LayerNorm normalises each token over its features. It is used in transformers."
Reply = Callable[[dict[str, Any]], tuple[int, str]]


class FakeServer:
    """A chat-completions endpoint whose reply each test chooses."""

    def __init__(self) -> None:
        self.reply: Reply = lambda body: (200, "{}")
        self.requests: list[tuple[dict[str, str], dict[str, Any]]] = []
        self.delay = 0.0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append((dict(self.headers), body))
                time.sleep(outer.delay)
                status, text = outer.reply(body)
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer_with(self, content: str) -> None:
        message = {"choices": [{"message": {"role": "assistant", "content": content}}]}
        self.reply = lambda body: (200, json.dumps(message))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake() -> Iterator[FakeServer]:
    server = FakeServer()
    yield server
    server.close()


def verdicts(*entries: tuple[int, bool, str | None]) -> str:
    return json.dumps(
        {"points": [{"index": i, "made": m, "evidence": e, "reason": None} for i, m, e in entries]}
    )


def test_grades_from_strict_json(fake: FakeServer) -> None:
    fake.answer_with(
        verdicts((1, True, "LayerNorm normalises each token over its features."), (2, False, None))
    )
    config = JudgeConfig(fake.url, "judge-model", api_key="sk-test", timeout=5)
    grade = judge_answer(ANSWER, POINTS, config)
    assert [p.made for p in grade.points] == [True, False]
    assert grade.points[0].evidence == "LayerNorm normalises each token over its features."
    assert grade.score == 0.5
    headers, body = fake.requests[0]
    assert headers["Authorization"] == "Bearer sk-test"
    assert body["model"] == "judge-model" and body["temperature"] == 0
    prompt = body["messages"][1]["content"]
    assert (
        "1. LayerNorm normalises" in prompt
        and "wrong claim (does not count): over the batch" in prompt
    )
    assert ANSWER in prompt


def test_settings_select_the_judge(fake: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.answer_with(verdicts((2, True, None), (1, False, None)))
    monkeypatch.setenv("MLDRILLS_GRADER", "llm")
    monkeypatch.setenv("MLDRILLS_LLM_URL", fake.url + "/")
    monkeypatch.setenv("MLDRILLS_LLM_MODEL", "m")
    monkeypatch.delenv("MLDRILLS_LLM_API_KEY", raising=False)
    grade = grade_answer(ANSWER, POINTS)
    assert [p.made for p in grade.points] == [False, True]  # entries matched by index
    assert "Authorization" not in fake.requests[0][0]


def test_not_configured_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLDRILLS_LLM_URL", raising=False)
    with pytest.raises(GraderUnavailable, match="not configured") as info:
        grade_answer(ANSWER, POINTS, method="llm")
    assert info.value.hint is not None and "MLDRILLS_LLM_URL" in info.value.hint


def test_invented_evidence_is_dropped(fake: FakeServer) -> None:
    fake.answer_with(verdicts((1, True, "A sentence the learner never wrote."), (2, False, None)))
    grade = judge_answer(ANSWER, POINTS, JudgeConfig(fake.url, "m", timeout=5))
    assert grade.points[0].made and grade.points[0].evidence is None


def test_fenced_json_is_accepted(fake: FakeServer) -> None:
    fake.answer_with("```json\n" + verdicts((1, False, None), (2, False, None)) + "\n```")
    assert judge_answer(ANSWER, POINTS, JudgeConfig(fake.url, "m", timeout=5)).score == 0.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Sure! Point 1 is made.", "not JSON"),
        (json.dumps({"points": [{"index": 1, "made": True}]}), "2 entries"),
        (verdicts((1, True, None), (1, False, None)), "graded twice"),
        (verdicts((1, True, None), (3, False, None)), "not a point number"),
        (
            json.dumps({"points": [{"index": 1, "made": "yes"}, {"index": 2, "made": False}]}),
            "true or false",
        ),
        (json.dumps([1, 2]), "'points' list"),
    ],
)
def test_malformed_replies_are_rejected(fake: FakeServer, content: str, message: str) -> None:
    fake.answer_with(content)
    with pytest.raises(GraderUnavailable, match=message):
        judge_answer(ANSWER, POINTS, JudgeConfig(fake.url, "m", timeout=5))


def test_http_error_is_reported(fake: FakeServer) -> None:
    fake.reply = lambda body: (401, '{"error": "bad key"}')
    with pytest.raises(GraderUnavailable, match="HTTP 401"):
        judge_answer(ANSWER, POINTS, JudgeConfig(fake.url, "m", timeout=5))


def test_not_a_chat_completion_is_reported(fake: FakeServer) -> None:
    fake.reply = lambda body: (200, '{"result": "ok"}')
    with pytest.raises(GraderUnavailable, match="chat-completions reply"):
        judge_answer(ANSWER, POINTS, JudgeConfig(fake.url, "m", timeout=5))


def test_timeout_is_reported(fake: FakeServer) -> None:
    fake.delay = 1.5
    fake.answer_with(verdicts((1, True, None), (2, True, None)))
    with pytest.raises(GraderUnavailable, match=r"did not answer within 0\.2 s"):
        judge_answer(ANSWER, POINTS, JudgeConfig(fake.url, "m", timeout=0.2))


def test_unreachable_server_is_reported() -> None:
    with pytest.raises(GraderUnavailable, match="cannot be reached"):
        judge_answer(ANSWER, POINTS, JudgeConfig("http://127.0.0.1:9/v1", "m", timeout=2))
