"""Prometheus metrics: what grading records as it goes, and gauges read at scrape time.

The process that records a verdict (``mldrills serve``'s embedded grader, or a
``mldrills worker``) calls ``observe_verdict``. Queue depth, submissions in flight and
the worker count come from the shared database and queue, so any process that reads them
reports the same figures: the caller reads them at scrape time and passes them to
``exposition``. The metrics live in a registry of their own, not prometheus_client's
global one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest, start_http_server
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

# Seconds: a warm numpy exercise grades in ~0.1 s, torch ones in seconds, and the judge's
# wall-clock bound per submission is 90 s by default.
BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 90.0, 120.0, float("inf"))
# Names and help of the gauges a state source may report (others are ignored).
GAUGES = {
    "queue_depth": "Submissions stored and waiting for a worker.",
    "in_flight": "Submissions being graded now.",
    "workers": "Grading workers seen recently (heartbeat), the embedded one included.",
}
CONTENT_TYPE = CONTENT_TYPE_LATEST
STATUSES = ("pass", "fail", "error", "cancelled")

registry = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=registry)
verdict_seconds = Histogram(
    "mldrills_verdict_seconds",
    "Time from receiving a submission to recording its verdict (queue wait + grading).",
    ["kind"],
    buckets=BUCKETS,
    registry=registry,
)
grading_seconds = Histogram(
    "mldrills_grading_seconds",
    "Time the judge spent grading one submission.",
    ["kind"],
    buckets=BUCKETS,
    registry=registry,
)
verdicts = Counter(
    "mldrills_verdicts",
    "Verdicts recorded by this process, by status (pass, fail, error, cancelled).",
    ["status"],
    registry=registry,
)

for _status in STATUSES:  # every status shows from the first scrape, at 0
    verdicts.labels(status=_status)


def observe_verdict(
    kind: str, status: str, *, total_s: float | None = None, grading_s: float | None = None
) -> None:
    """Record one verdict: its status, and how long it took end to end and in the judge."""
    verdicts.labels(status=status).inc()
    if total_s is not None:
        verdict_seconds.labels(kind=kind).observe(max(total_s, 0.0))
    if grading_s is not None:
        grading_seconds.labels(kind=kind).observe(max(grading_s, 0.0))


class _Gauges(Collector):
    """The gauges of one scrape, from values read by the caller."""

    def __init__(self, values: Mapping[str, float]) -> None:
        self.values = values

    def collect(self) -> Iterator[Metric]:
        for name, help_text in GAUGES.items():
            if name in self.values:
                yield GaugeMetricFamily(f"mldrills_{name}", help_text, value=self.values[name])


def exposition(state: Mapping[str, float] | None = None) -> bytes:
    """Every metric in the Prometheus text format, with the ``GAUGES`` given in ``state``."""
    gauges = CollectorRegistry(auto_describe=False)
    gauges.register(_Gauges(state or {}))
    return generate_latest(registry) + generate_latest(gauges)


def serve_http(port: int, host: str = "127.0.0.1") -> None:
    """Serve this process's metrics at ``http://host:port/metrics`` on a daemon thread.

    For ``mldrills worker``, which has no web app: its verdict counters and latency
    histograms (the queue gauges come from the web app's /metrics). Loopback by default.
    """
    start_http_server(port, addr=host, registry=registry)
