"""Alembic environment of the store; driven by ``mldrills.store.Store.migrate``."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext

from mldrills.store.models import Base, UTCDateTime


def _render_item(kind: str, obj: Any, autogen: AutogenContext) -> str | Literal[False]:
    """Write UTCDateTime columns as plain aware DateTime in generated revisions."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run_offline() -> None:
    """Emit SQL for the configured URL instead of executing it."""
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=Base.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    """Migrate over the connection that Store.migrate hands in."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through mldrills.store.Store.migrate()")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline()
else:
    _run_online()
