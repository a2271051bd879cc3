"""The exercise clock as state (time banked, running stretch, absence, stop), one row per exercise.

Existing data is kept: the newest press of the old clock becomes a running clock; an
exercise solved since is stopped at its first accepted submission, with the time from
the press before it. The old table stays as history.

Revision ID: 0010
Revises: 0009
Created: 2026-12-04
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None


def _when(name: str, nullable: bool = True) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create exercise_clocks and fill it from exercise_starts and the first passes."""
    clocks = op.create_table(
        "exercise_clocks",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=128), nullable=False),
        _when("started_at", nullable=False),
        sa.Column("banked_s", sa.Double(), nullable=False),
        _when("running_since"),
        sa.Column("paused_reason", sa.String(length=16), nullable=True),
        _when("away_since"),
        _when("stopped_at"),
        sa.Column("restarts", sa.Integer(), nullable=False),
        _when("updated_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_exercise_clocks_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "slug", name=op.f("pk_exercise_clocks")),
    )
    rows = _carried_over(op.get_bind())
    if rows:
        op.bulk_insert(clocks, rows)


def _aware(value: Any) -> datetime:
    """A timestamp as read back by the driver (SQLite gives naive UTC, or text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _carried_over(bind: sa.Connection) -> list[dict[str, Any]]:
    starts: dict[tuple[int, str], list[datetime]] = {}
    for user_id, slug, at in bind.execute(
        sa.text("SELECT user_id, slug, started_at FROM exercise_starts")
    ):
        starts.setdefault((user_id, slug), []).append(_aware(at))
    passes = {
        (user_id, slug): _aware(first)
        for user_id, slug, first in bind.execute(
            sa.text(
                "SELECT user_id, slug, MIN(created_at) FROM attempts "
                "WHERE kind = 'submit' AND status = 'pass' GROUP BY user_id, slug"
            )
        )
    }
    return [_row(key, sorted(times), passes.get(key)) for key, times in starts.items()]


def _row(key: tuple[int, str], times: list[datetime], solved: datetime | None) -> dict[str, Any]:
    user_id, slug = key
    row: dict[str, Any] = {"user_id": user_id, "slug": slug, "paused_reason": None}
    row.update(away_since=None, restarts=len(times) - 1, updated_at=datetime.now(UTC))
    if solved is None:  # still being worked on: running since the newest press
        newest = times[-1]
        row["stopped_at"] = None
        return {**row, "started_at": newest, "banked_s": 0.0, "running_since": newest}
    row["stopped_at"] = solved
    before = [t for t in times if t <= solved] or times[:1]
    spent = max(0.0, (solved - before[-1]).total_seconds())
    return {
        **row,
        "started_at": before[-1],
        "banked_s": spent,
        "running_since": None,
    }


def downgrade() -> None:
    """Drop the clock table (exercise_starts, still there, is the old clock again)."""
    op.drop_table("exercise_clocks")
