"""One row per submission: the web's queue (submissions) and attempts become one table.

Existing data is kept. Every attempt becomes a done row with the same id (so links to
/attempts/ID still work), its verdict, counts and time; a web submission that produced
that attempt is the same row, not a second one. A web submission without an attempt
(still waiting, cancelled, or failed before a verdict) becomes a row of its own in the
matching state, after the attempts' ids.

Revision ID: 0012
Revises: 0011
Created: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None

CHUNK = 500  # rows moved through Python at a time
OLD_SUBMISSIONS = "submissions_0011"
NEW_SUBMISSIONS = "submissions_0012"


def _when(name: str, nullable: bool = True) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _create_merged() -> sa.Table:
    table = op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=128), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("verdict", sa.JSON(), nullable=True),
        sa.Column("passed_checks", sa.Integer(), nullable=True),
        sa.Column("total_checks", sa.Integer(), nullable=True),
        sa.Column("judge_ms", sa.Double(), nullable=True),
        sa.Column("time_spent_s", sa.Double(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        _when("created_at", nullable=False),
        _when("started_at"),
        _when("finished_at"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_submissions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
    )
    op.create_index(
        "ix_submissions_user_slug_created", "submissions", ["user_id", "slug", "created_at"]
    )
    op.create_index("ix_submissions_user_created", "submissions", ["user_id", "created_at"])
    op.create_index("ix_submissions_state", "submissions", ["state"])
    return table


def _attempts_table() -> sa.TableClause:
    return sa.table(
        "attempts",
        sa.column("id", sa.Integer()),
        sa.column("user_id", sa.Integer()),
        sa.column("slug", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("code", sa.Text()),
        sa.column("status", sa.String()),
        sa.column("result", sa.JSON()),
        sa.column("passed_checks", sa.Integer()),
        sa.column("total_checks", sa.Integer()),
        sa.column("judge_ms", sa.Double()),
        sa.column("time_spent_s", sa.Double()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )


def _old_submissions_table(name: str) -> sa.TableClause:
    return sa.table(
        name,
        sa.column("id", sa.Integer()),
        sa.column("user_id", sa.Integer()),
        sa.column("slug", sa.String()),
        sa.column("hidden", sa.Boolean()),
        sa.column("code", sa.Text()),
        sa.column("status", sa.String()),
        sa.column("result", sa.JSON()),
        sa.column("attempt_id", sa.Integer()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("finished_at", sa.DateTime(timezone=True)),
    )


def _set_aside(table: str, index: str, renamed: str) -> None:
    """Rename a table out of the way, freeing its index and primary key names."""
    op.drop_index(index, table_name=table)
    op.rename_table(table, renamed)
    if op.get_bind().dialect.name == "postgresql":  # index names are schema-wide there
        op.execute(f"ALTER INDEX pk_{table} RENAME TO pk_{renamed}")


def _restart_ids(table: str) -> None:
    """After rows were inserted with explicit ids, new ones must come after them."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
        )


def _chunks(
    bind: sa.Connection, query: sa.Select[Any], key: sa.ColumnClause[Any]
) -> Iterator[Sequence[sa.Row[Any]]]:
    """The query's rows by ``key`` (an id), CHUNK at a time: memory stays bounded."""
    last = 0
    while rows := bind.execute(query.where(key > last).order_by(key).limit(CHUNK)).all():
        yield rows
        last = rows[-1].id


def _message(result: Any) -> str:
    if isinstance(result, dict) and isinstance(result.get("message"), str):
        return str(result["message"])
    return ""


def _orphan(row: sa.Row[Any]) -> dict[str, Any]:
    """A web submission that produced no attempt, in the merged shape."""
    message = _message(row.result)
    if row.status in ("pending", "running"):
        state, error = row.status, None
    elif message.startswith("cancelled"):
        state, error = "cancelled", message
    else:  # the judge or the server failed before a verdict was recorded
        state, error = "error", message or "not graded"
    return {
        "user_id": row.user_id,
        "slug": row.slug,
        "hidden": row.hidden,
        "code": row.code,
        "state": state,
        "status": None,
        "verdict": row.result,
        "passed_checks": None,
        "total_checks": None,
        "judge_ms": None,
        "time_spent_s": None,
        "error": error,
        "created_at": row.created_at,
        "started_at": None,
        "finished_at": row.finished_at,
    }


def upgrade() -> None:
    """Merge attempts and submissions into one submissions table, keeping every row."""
    bind = op.get_bind()
    _set_aside("submissions", "ix_submissions_user_created", OLD_SUBMISSIONS)
    merged = _create_merged()
    attempts, old = _attempts_table(), _old_submissions_table(OLD_SUBMISSIONS)
    # At most one web submission per attempt; several would still make one row.
    linked = (
        sa.select(old.c.attempt_id, sa.func.max(old.c.finished_at).label("finished_at"))
        .where(old.c.attempt_id.is_not(None))
        .group_by(old.c.attempt_id)
        .subquery()
    )
    done = sa.select(
        attempts.c.id,
        attempts.c.user_id,
        attempts.c.slug,
        attempts.c.kind == "submit",
        attempts.c.code,
        sa.literal("done"),
        attempts.c.status,
        attempts.c.result,
        attempts.c.passed_checks,
        attempts.c.total_checks,
        attempts.c.judge_ms,
        attempts.c.time_spent_s,
        attempts.c.created_at,
        sa.func.coalesce(linked.c.finished_at, attempts.c.created_at),
    ).select_from(attempts.outerjoin(linked, linked.c.attempt_id == attempts.c.id))
    columns = ["id", "user_id", "slug", "hidden", "code", "state", "status", "verdict"]
    columns += ["passed_checks", "total_checks", "judge_ms", "time_spent_s"]
    columns += ["created_at", "finished_at"]
    bind.execute(sa.insert(merged).from_select(columns, done))
    _restart_ids("submissions")
    unmatched = sa.select(old).where(
        sa.or_(
            old.c.attempt_id.is_(None),
            ~sa.exists().where(attempts.c.id == old.c.attempt_id),
        )
    )
    for rows in _chunks(bind, unmatched, old.c.id):
        bind.execute(sa.insert(merged), [_orphan(row) for row in rows])
    op.drop_table(OLD_SUBMISSIONS)
    op.drop_index("ix_attempts_user_slug_created", table_name="attempts")
    op.drop_table("attempts")


def downgrade() -> None:
    """Split the table again: done rows become attempts (same ids), the rest submissions."""
    bind = op.get_bind()
    op.drop_index("ix_submissions_state", table_name="submissions")
    op.drop_index("ix_submissions_user_slug_created", table_name="submissions")
    _set_aside("submissions", "ix_submissions_user_created", NEW_SUBMISSIONS)
    merged = sa.table(NEW_SUBMISSIONS, *_merged_columns())
    attempts = op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("passed_checks", sa.Integer(), nullable=False),
        sa.Column("total_checks", sa.Integer(), nullable=False),
        sa.Column("judge_ms", sa.Double(), nullable=False),
        sa.Column("time_spent_s", sa.Double(), nullable=True),
        _when("created_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_attempts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
    )
    op.create_index("ix_attempts_user_slug_created", "attempts", ["user_id", "slug", "created_at"])
    kind = sa.case((merged.c.hidden, sa.literal("submit")), else_=sa.literal("test"))
    done = sa.select(
        merged.c.id,
        merged.c.user_id,
        merged.c.slug,
        kind,
        merged.c.code,
        merged.c.status,
        merged.c.verdict,
        merged.c.passed_checks,
        merged.c.total_checks,
        merged.c.judge_ms,
        merged.c.time_spent_s,
        merged.c.created_at,
    ).where(merged.c.state == "done")
    columns = ["id", "user_id", "slug", "kind", "code", "status", "result"]
    columns += ["passed_checks", "total_checks", "judge_ms", "time_spent_s", "created_at"]
    bind.execute(sa.insert(attempts).from_select(columns, done))
    _restart_ids("attempts")
    old = _create_old_submissions()
    waiting = sa.select(merged).where(merged.c.state != "done")
    for rows in _chunks(bind, waiting, merged.c.id):
        bind.execute(sa.insert(old), [_unmerged(row) for row in rows])
    op.drop_table(NEW_SUBMISSIONS)


def _merged_columns() -> list[sa.ColumnClause[Any]]:
    types: dict[str, Any] = {
        "id": sa.Integer(),
        "user_id": sa.Integer(),
        "slug": sa.String(),
        "hidden": sa.Boolean(),
        "code": sa.Text(),
        "state": sa.String(),
        "status": sa.String(),
        "verdict": sa.JSON(),
        "passed_checks": sa.Integer(),
        "total_checks": sa.Integer(),
        "judge_ms": sa.Double(),
        "time_spent_s": sa.Double(),
        "error": sa.Text(),
        "created_at": sa.DateTime(timezone=True),
        "started_at": sa.DateTime(timezone=True),
        "finished_at": sa.DateTime(timezone=True),
    }
    return [sa.column(name, kind) for name, kind in types.items()]


def _create_old_submissions() -> sa.Table:
    table = op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=128), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("attempt_id", sa.Integer(), nullable=True),
        _when("created_at", nullable=False),
        _when("finished_at"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_submissions_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["attempts.id"],
            name=op.f("fk_submissions_attempt_id_attempts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
    )
    op.create_index("ix_submissions_user_created", "submissions", ["user_id", "created_at"])
    return table


def _unmerged(row: sa.Row[Any]) -> dict[str, Any]:
    """A row that is not an attempt, in the old submissions' shape."""
    waiting = row.state in ("pending", "running")
    result = row.verdict
    if not waiting and not isinstance(result, dict):
        message = row.error or "not graded"
        result = {"status": "error", "checks": [], "message": message, "output": ""}
    return {
        "user_id": row.user_id,
        "slug": row.slug,
        "hidden": row.hidden,
        "code": row.code,
        "status": row.state if waiting else "error",
        "result": result,
        "attempt_id": None,
        "created_at": row.created_at,
        "finished_at": row.finished_at,
    }
