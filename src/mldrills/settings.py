"""Every setting of mldrills, declared once: name, environment variable, default, help.

``docs/settings.md`` lists them; a test fails when a setting is missing from it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from mldrills.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    """One setting: its environment variable, default (as text) and help."""

    env: str
    default: str
    help: str


def _default_data_dir() -> str:
    return platformdirs.user_data_dir("mldrills", appauthor=False)


def _default_runtime_dir() -> str:
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and Path(xdg).is_dir():
        return str(Path(xdg) / "mldrills")
    # /tmp is shared: the judge client checks the folder is ours and private before use.
    return f"/tmp/mldrills-{os.getuid()}"


def _default_packs_dir() -> str:
    # A source checkout keeps packs/ beside src/; an installed wheel ships them inside
    # (setup.py copies them), and its parent folders are not searched.
    here = Path(__file__).resolve().parent
    checkout = here.parent.parent / "packs"
    if here.parent.name == "src" and checkout.is_dir():
        return str(checkout)
    if (here / "packs").is_dir():
        return str(here / "packs")
    return str(checkout)


SETTINGS: dict[str, Setting] = {
    "data_dir": Setting(
        "MLDRILLS_DATA_DIR", "<user data dir>", "Where the database and workspaces live."
    ),
    "database_url": Setting(
        "MLDRILLS_DATABASE_URL",
        "sqlite:///<data_dir>/mldrills.db",
        "SQLAlchemy URL of the store; postgresql+psycopg://... selects PostgreSQL.",
    ),
    "packs_dir": Setting(
        "MLDRILLS_PACKS_DIR", "<checkout>/packs", "Folder holding the exercise packs."
    ),
    "workspace_dir": Setting(
        "MLDRILLS_WORKSPACE_DIR",
        "<data_dir>/workspaces",
        "Where `mldrills start` copies starter code for you to edit.",
    ),
    "isolation": Setting(
        "MLDRILLS_ISOLATION",
        "auto",
        "Judge sandbox: 'auto' uses every layer the machine has and warns when some are "
        "missing; 'required' refuses to grade without user switch, Landlock and seccomp; "
        "'off' runs without them (trusted single-user use only).",
    ),
    "sandbox_uid": Setting(
        "MLDRILLS_SANDBOX_UID",
        "61000",
        "First uid of the unprivileged users that run submissions when mldrills runs as "
        "root (one per concurrent submission; no passwd entry needed).",
    ),
    "growth_method": Setting(
        "MLDRILLS_GROWTH_METHOD",
        "counts",
        "How growth ('runs in O(n log n)') checks measure cost: 'counts' counts Python lines "
        "on small inputs and backs them with the child's CPU time, so load does not move "
        "verdicts; 'cpu' is the earlier CPU-time-only method, kept for benchmarks.",
    ),
    "judge_slots": Setting(
        "MLDRILLS_JUDGE_SLOTS", "4", "How many submissions one judge runs at the same time."
    ),
    "judge_cpu_share": Setting(
        "MLDRILLS_JUDGE_CPU_SHARE",
        "off",
        "'on' gives each judge slot an equal CPU share (a cgroup), so a submission running "
        "many processes cannot starve the others; 'off' schedules children as plain "
        "processes, which keeps checks fast on a machine busy with other work.",
    ),
    "judge_reply_mb": Setting(
        "MLDRILLS_JUDGE_REPLY_MB",
        "64",
        "Largest value a submission may return to one check, in MB; a bigger one fails "
        "that check with its size, and the judge never reads it.",
    ),
    "judge_submission_seconds": Setting(
        "MLDRILLS_JUDGE_SUBMISSION_SECONDS",
        "90",
        "Wall-clock bound on grading one submission, in seconds, over all its checks (an "
        "exercise's own total limit applies when lower); checks not run by then fail.",
    ),
    "judge_daemon": Setting(
        "MLDRILLS_JUDGE_DAEMON",
        "on",
        "'on': `mldrills test` and `submit` grade through a warm judge shared by later "
        "commands (started on first use; the judge of a running `mldrills serve` when "
        "there is one); 'off': each command starts its own judge (slower, as `--no-daemon`).",
    ),
    "judge_idle_seconds": Setting(
        "MLDRILLS_JUDGE_IDLE_SECONDS",
        "600",
        "How long the CLI's warm judge stays up without a request before it stops itself.",
    ),
    "clock_away_seconds": Setting(
        "MLDRILLS_CLOCK_AWAY_SECONDS",
        "120",
        "The exercise clock pauses once no page has shown it for longer than this many "
        "seconds (tab hidden or closed), as of the moment it was left; typing resumes it.",
    ),
    "runtime_dir": Setting(
        "MLDRILLS_RUNTIME_DIR",
        "<$XDG_RUNTIME_DIR/mldrills or /tmp/mldrills-<uid>>",
        "Folder for the warm judge's socket and lock; it must belong to you and be private "
        "(mode 0700), or mldrills refuses to use it.",
    ),
    "secret_key": Setting(
        "MLDRILLS_SECRET_KEY",
        "",
        "Key that signs the web app's session cookies; empty: a random key generated once "
        "into <data_dir>/secret_key. Changing it signs everyone out.",
    ),
    "cookie_secure": Setting(
        "MLDRILLS_COOKIE_SECURE",
        "auto",
        "Mark session cookies Secure (HTTPS only): 'auto' does when the request came over "
        "HTTPS (directly or via a proxy's X-Forwarded-Proto), 'true' always, 'false' never.",
    ),
    "session_days": Setting(
        "MLDRILLS_SESSION_DAYS", "14", "How long a web sign-in lasts, in days."
    ),
    "allowed_hosts": Setting(
        "MLDRILLS_ALLOWED_HOSTS",
        "",
        "Extra host names the web app answers to, comma-separated (it always answers to "
        "localhost, 127.0.0.1 and ::1). A request naming another host in its Host header "
        "is refused, which stops DNS-rebinding pages; a server reached by name needs it.",
    ),
    "web_queue": Setting(
        "MLDRILLS_WEB_QUEUE",
        "32",
        "How many web submissions may wait or run at once, across all users; more are "
        "refused with 429 until some finish (each user as many as MLDRILLS_USER_QUEUE).",
    ),
    "grader": Setting(
        "MLDRILLS_GRADER",
        "combined",
        "How typed answers are graded against rubric points: 'combined' (the shipped "
        "embedding model plus key terms, negation and wrong claims; offline), 'lexical' "
        "(key terms only), 'embedding' (similarity only; for comparison) or 'llm' (the "
        "optional LLM judge configured below).",
    ),
    "llm_url": Setting(
        "MLDRILLS_LLM_URL",
        "",
        "Base URL of an OpenAI-compatible API for the optional LLM judge, e.g. "
        "http://127.0.0.1:8000/v1 (it posts to <url>/chat/completions). Empty: no judge.",
    ),
    "llm_model": Setting("MLDRILLS_LLM_MODEL", "", "Model name the LLM judge asks for."),
    "llm_api_key": Setting(
        "MLDRILLS_LLM_API_KEY",
        "",
        "API key for the LLM judge, sent as a Bearer token; empty sends none. Read from "
        "the environment only, never stored.",
    ),
    "llm_timeout": Setting(
        "MLDRILLS_LLM_TIMEOUT", "30", "Seconds to wait for the LLM judge before giving up."
    ),
    "log_format": Setting(
        "MLDRILLS_LOG_FORMAT",
        "text",
        "How `mldrills serve` and `mldrills worker` write their logs to stderr: 'text' "
        "(readable lines) or 'json' (one object per line, with submission_id, user_id and "
        "slug on the lines about a submission).",
    ),
    "metrics_token": Setting(
        "MLDRILLS_METRICS_TOKEN",
        "",
        "Bearer token that lets other machines read /metrics (`Authorization: Bearer "
        "<token>`). Empty: /metrics answers only requests from this machine.",
    ),
    "queue_url": Setting(
        "MLDRILLS_QUEUE_URL",
        "",
        "Where submissions wait for a grading worker: empty uses the SQLite file "
        "<data_dir>/queue.db (one machine, no extra service); redis://HOST:PORT/DB uses "
        "Redis, for workers on several machines; sqlite:///PATH another SQLite file; "
        "'memory' this process only.",
    ),
    "serve_workers": Setting(
        "MLDRILLS_SERVE_WORKERS",
        "-1",
        "How many submissions `mldrills serve` grades itself at once from the queue; -1: "
        "as many as the judge has slots; 0: none, `mldrills worker` processes grade.",
    ),
    "job_lease_seconds": Setting(
        "MLDRILLS_JOB_LEASE_SECONDS",
        "15",
        "A worker renews its hold on a submission it grades every few seconds; a hold "
        "not renewed for this long (the worker died) sends the submission back to the "
        "queue for another worker.",
    ),
    "job_max_tries": Setting(
        "MLDRILLS_JOB_MAX_TRIES",
        "3",
        "How many times a submission is taken for grading before it ends as an error "
        "(its workers kept dying, or none has its pack version).",
    ),
    "user_queue": Setting(
        "MLDRILLS_USER_QUEUE",
        "4",
        "How many submissions one web user may have waiting or running at once; more are "
        "refused with 429 until some finish.",
    ),
    "user_storage_mb": Setting(
        "MLDRILLS_USER_STORAGE_MB",
        "50",
        "Storage quota per user for stored code and verdicts, in MB; when a new "
        "submission would pass it, the user's oldest test runs are deleted first, and "
        "when that is not enough the submission is refused. 0: no quota.",
    ),
}


def get(name: str) -> str:
    """Return the raw value of setting ``name`` (environment first, then default)."""
    setting = SETTINGS[name]
    value = os.environ.get(setting.env)
    if value:
        return value
    if name == "data_dir":
        return _default_data_dir()
    if name == "database_url":
        return "sqlite:///" + str(Path(get("data_dir")) / "mldrills.db")
    if name == "packs_dir":
        return _default_packs_dir()
    if name == "workspace_dir":
        return str(Path(get("data_dir")) / "workspaces")
    if name == "runtime_dir":
        return _default_runtime_dir()
    return setting.default


def get_int(name: str, *, minimum: int = 0) -> int:
    """Return setting ``name`` as an integer, with a clear error for a bad value."""
    raw = get(name)
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{SETTINGS[name].env}={raw!r} is not an integer") from None
    if value < minimum:
        raise ConfigError(f"{SETTINGS[name].env}={value} must be at least {minimum}")
    return value


def get_choice(name: str, choices: tuple[str, ...]) -> str:
    """Return setting ``name``, which must be one of ``choices``."""
    value = get(name).strip().lower()
    if value not in choices:
        raise ConfigError(f"{SETTINGS[name].env}={value!r}: expected one of {', '.join(choices)}")
    return value


def get_list(name: str) -> tuple[str, ...]:
    """Return setting ``name`` as a tuple of its comma-separated, non-empty items."""
    return tuple(item.strip() for item in get(name).split(",") if item.strip())


def data_dir() -> Path:
    """The data directory, created if missing."""
    path = Path(get("data_dir"))
    path.mkdir(parents=True, exist_ok=True)
    return path
