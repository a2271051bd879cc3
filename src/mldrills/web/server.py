"""``mldrills serve``: check the host and the sandbox, then run the app under uvicorn."""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import webbrowser

from mldrills import logs
from mldrills.content import Catalog
from mldrills.errors import ConfigError, JudgeUnavailable
from mldrills.grading import Judge
from mldrills.practice.service import serve_cli_clients
from mldrills.store import Store
from mldrills.web import invites
from mldrills.web.app import create_app
from mldrills.web.views.data import metas


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, port: int, multi_user: bool) -> None:
    """Refuse a non-loopback host in single-user mode, and a port already in use."""
    if not multi_user and not is_loopback(host):
        raise ConfigError(
            f"single-user mode has no sign-in, so it only listens on this machine; "
            f"refusing --host {host}",
            hint="use --host 127.0.0.1, or --multi-user to serve accounts to other machines",
        )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {host}:{port}: {exc.strerror}", hint="pick another --port"
            ) from None


def start_judge(
    catalog: Catalog, multi_user: bool, allow_unsandboxed: bool, *, slots: int | None = None
) -> Judge:
    """Warm the judge; a multi-user server refuses to run without every isolation layer."""
    judge = Judge(catalog, slots=slots, preload_torch=any(m.needs_torch for m in metas(catalog)))
    judge.server()
    missing = judge.missing_layers()
    if multi_user and missing and not allow_unsandboxed:
        judge.close()
        raise JudgeUnavailable(
            "a multi-user server needs every judge isolation layer; missing: " + ", ".join(missing),
            hint="run `mldrills doctor`; --allow-unsandboxed overrides this (unsafe with "
            "users you do not trust)",
        )
    if missing:
        say(f"warning: judge isolation layers missing: {', '.join(missing)}")
    return judge


def say(line: str) -> None:
    """One line for the person who started the server."""
    print(line, file=sys.stderr, flush=True)


def run(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    multi_user: bool = False,
    allow_unsandboxed: bool = False,
    open_browser: bool = False,
) -> None:
    """Serve the web app until interrupted."""
    import uvicorn

    check_bind(host, port, multi_user)
    logs.configure()  # MLDRILLS_LOG_FORMAT: text or json lines on stderr
    store = Store()
    store.migrate()
    catalog = Catalog()
    judge = start_judge(catalog, multi_user, allow_unsandboxed)
    cli_judge = serve_cli_clients(judge, store, catalog, say)  # `mldrills submit` uses ours
    try:
        app = create_app(store=store, catalog=catalog, judge=judge, multi_user=multi_user)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "[::]") else host
        url = f"http://{shown}:{port}/"
        announce(store, url, multi_user)
        if open_browser:
            threading.Timer(1.0, webbrowser.open, [url]).start()
        uvicorn.run(app, host=host.strip("[]"), port=port, log_level="warning", proxy_headers=True)
    finally:
        if cli_judge is not None:
            cli_judge.stop()
        judge.close()
        store.close()


def announce(store: Store, url: str, multi_user: bool) -> None:
    """Print where the app runs and, on a server without an admin, the setup link."""
    mode = "multi-user" if multi_user else "single-user (local)"
    say(f"mldrills is running at {url} ({mode}); press Ctrl+C to stop.")
    if not multi_user:
        return
    code = invites.admin_setup_code(store)
    if code is not None:
        say("No admin account yet. Open this one-time link to create it (valid 24 hours):")
        say(f"  {url}signup?code={code}")
