"""/readyz and /metrics: what they report, and who may read the metrics."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from mldrills import metrics
from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.store import Store
from mldrills.web.app import create_app
from mldrills.web.state import WebConfig

ROOT = Path(__file__).resolve().parents[2]
LOCAL = ("127.0.0.1", 40000)
REMOTE = ("203.0.113.7", 40000)  # TEST-NET-3: never this machine
FAIL_SERIES = 'mldrills_verdicts_total{status="fail"}'


@contextmanager
def make_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve_workers: str = "-1"
) -> Iterator[object]:
    """The app on a real store, queue (SQLite, in the data folder) and judge."""
    packs = tmp_path / "packs" / "coding"
    shutil.copytree(ROOT / "packs/coding/merge-intervals", packs / "merge-intervals")
    monkeypatch.setenv("MLDRILLS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MLDRILLS_SERVE_WORKERS", serve_workers)
    monkeypatch.delenv("MLDRILLS_METRICS_TOKEN", raising=False)
    catalog = Catalog(tmp_path / "packs")
    with (
        Store(f"sqlite:///{tmp_path / 'ops.db'}") as store,
        Judge(catalog, isolation="off", slots=1, preload_torch=False) as judge,
    ):
        store.migrate()
        config = WebConfig(multi_user=False, secret_key="k" * 32)
        yield create_app(store=store, catalog=catalog, judge=judge, config=config)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    monkeypatch.delenv("MLDRILLS_QUEUE_URL", raising=False)
    with make_app(tmp_path, monkeypatch) as made:
        yield made


def client(app: object, peer: tuple[str, int] = LOCAL) -> TestClient:
    return TestClient(app, base_url="http://127.0.0.1", client=peer)  # type: ignore[arg-type]


READY = {"database": "ok", "queue": "ok", "grading": "ok"}


def test_ready_when_database_queue_and_judge_answer(app: object) -> None:
    with client(app) as c:
        response = c.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"ready": True, "checks": READY}


def test_not_ready_when_the_database_is_gone(app: object) -> None:
    state = app.state.mldrills  # type: ignore[attr-defined]
    # Nothing listens on port 1: every connection is refused.
    state.store.engine = create_engine(
        "postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 2}
    )
    with client(app, REMOTE) as c:
        response = c.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body == {"ready": False, "checks": {**READY, "database": "fail"}}
    assert "127.0.0.1:1" not in response.text  # public: states only, no addresses


def test_not_ready_when_the_queue_is_unreachable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLDRILLS_QUEUE_URL", "redis://127.0.0.1:1/0")  # nothing listens
    with make_app(tmp_path, monkeypatch, serve_workers="0") as app, client(app) as c:
        response = c.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"] == "fail"


def test_a_server_that_grades_nothing_is_ready_once_a_worker_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with make_app(tmp_path, monkeypatch, serve_workers="0") as app, client(app) as c:
        waiting = c.get("/readyz")
        assert waiting.status_code == 503
        assert waiting.json()["checks"] == {**READY, "grading": "fail"}
        store = app.state.mldrills.store  # type: ignore[attr-defined]
        store.worker_seen("w1", host="box", pid=1, concurrency=2, packs_hash="x")
        assert c.get("/readyz").status_code == 200
        user = store.local_user().id
        made = [
            store.create_submission(user, "merge-intervals", "x = 1", hidden=True) for _ in range(3)
        ]  # nothing grades them here; one is taken as a worker would
        assert store.claim_submission(made[0].id, "w1", 60.0) is not None
        text = c.get("/metrics").text
    for line in ("mldrills_workers 1.0", "mldrills_queue_depth 2.0", "mldrills_in_flight 1.0"):
        assert line in text.splitlines()


def test_metrics_from_this_machine(app: object) -> None:
    metrics.observe_verdict("submit", "pass", total_s=0.3, grading_s=0.2)
    with client(app) as c:
        response = c.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    for name in (
        "mldrills_queue_depth 0.0",
        "mldrills_in_flight 0.0",
        "mldrills_workers",
        'mldrills_verdicts_total{status="pass"}',
        'mldrills_verdict_seconds_bucket{kind="submit",le="0.5"}',
        'mldrills_grading_seconds_count{kind="submit"}',
    ):
        assert name in text, name


def test_metrics_count_each_verdict(app: object) -> None:
    def count(text: str) -> float:
        [line] = [x for x in text.splitlines() if x.startswith(FAIL_SERIES)]
        return float(line.split()[-1])

    with client(app) as c:
        before = count(c.get("/metrics").text)
        metrics.observe_verdict("test", "fail", total_s=1.5)
        metrics.observe_verdict("test", "fail")
        assert count(c.get("/metrics").text) == before + 2


def test_metrics_need_the_token_from_elsewhere(
    app: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    with client(app, REMOTE) as c:
        refused = c.get("/metrics")
        assert refused.status_code == 403
        assert "MLDRILLS_METRICS_TOKEN" in refused.json()["hint"]
        monkeypatch.setenv("MLDRILLS_METRICS_TOKEN", "s3cret-token")
        assert c.get("/metrics").status_code == 403
        wrong = {"Authorization": "Bearer s3cret-tokem"}
        assert c.get("/metrics", headers=wrong).status_code == 403
        basic = {"Authorization": "Basic s3cret-token"}
        assert c.get("/metrics", headers=basic).status_code == 403
        right = {"Authorization": "Bearer s3cret-token"}
        response = c.get("/metrics", headers=right)
        assert response.status_code == 200 and "mldrills_queue_depth" in response.text


def test_ops_endpoints_are_not_in_the_api_schema(app: object) -> None:
    with client(app) as c:
        paths = c.get("/openapi.json").json()["paths"]
    assert "/metrics" not in paths and "/readyz" not in paths
