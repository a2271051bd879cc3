"""Fuzz every operation of the OpenAPI schema: no input may make the app answer 500.

Schemathesis generates requests from the schema (valid and invalid bodies, ids, query
values) and sends them to the app in process, with a valid session and CSRF token so
that state-changing routes are reached, in local mode and in server mode signed in.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from web_support import add_user, login

from mldrills.store import Store


def _session_headers(client: TestClient) -> dict[str, str]:
    token = client.get("/api/me").json()["csrf_token"]
    cookie = client.cookies["mldrills_session"]
    return {"X-CSRF-Token": token, "Cookie": f"mldrills_session={cookie}"}


@pytest.fixture(params=["local", "server"])
def fuzz_app(request: pytest.FixtureRequest, make_app: Any, store: Store) -> tuple[Any, Any]:
    """The app in one mode, and headers of a signed-in session with its CSRF token."""
    multi_user = request.param == "server"
    app = make_app(multi_user=multi_user)
    if multi_user:
        add_user(store, "ada")
        client = login(app, "ada")
    else:
        client = TestClient(app)
    return app, _session_headers(client)


def test_no_route_answers_500(fuzz_app: tuple[Any, Any]) -> None:
    app, headers = fuzz_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10  # the schema really lists the API
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: Any) -> None:
            try:
                response = case.call(headers=headers)
            except Exception as exc:  # the in-process client re-raises what the app raised
                failures.append(f"{case.method} {case.formatted_path} raised {exc!r}")
                return
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: "
                    f"{response.text[:200]}"
                )

        call()
    assert not failures, "\n".join(failures[:10])
