"""Mock interview loops (mocks, rounds, items, typed answers, clock intervals) and study plans.

Revision ID: 0008
Revises: 0007
Created: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(column: str, table: str, source: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{table}.id"],
        name=op.f(f"fk_{source}_{column}_{table}"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Create the mock tables."""
    op.create_table(
        "mocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("current", sa.Integer(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=True),
        _when("created_at"),
        _when("updated_at"),
        _when("finished_at", nullable=True),
        _fk("user_id", "users", "mocks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mocks")),
    )
    op.create_index("ix_mocks_user_created", "mocks", ["user_id", "created_at"])
    op.create_table(
        "mock_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mock_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=32), nullable=True),
        sa.Column("minutes", sa.Double(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        _when("finished_at", nullable=True),
        _fk("mock_id", "mocks", "mock_rounds"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_rounds")),
    )
    op.create_index("ix_mock_rounds_mock", "mock_rounds", ["mock_id", "position"])
    op.create_table(
        "mock_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        _fk("round_id", "mock_rounds", "mock_items"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_items")),
    )
    op.create_index("ix_mock_items_round", "mock_items", ["round_id", "position"])
    op.create_table(
        "mock_answers",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _when("updated_at"),
        _fk("item_id", "mock_items", "mock_answers"),
        sa.PrimaryKeyConstraint("item_id", "part", name=op.f("pk_mock_answers")),
    )
    op.create_table(
        "mock_clock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        _when("started_at"),
        _when("stopped_at", nullable=True),
        _fk("round_id", "mock_rounds", "mock_clock"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_clock")),
    )
    op.create_index("ix_mock_clock_round", "mock_clock", ["round_id"])
    op.create_table(
        "study_plans",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("interview_date", sa.String(length=10), nullable=False),
        sa.Column("hours_per_day", sa.Double(), nullable=False),
        _when("updated_at"),
        _fk("user_id", "users", "study_plans"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_study_plans")),
    )


def downgrade() -> None:
    """Drop what the upgrade created."""
    op.drop_table("study_plans")
    op.drop_index("ix_mock_clock_round", table_name="mock_clock")
    op.drop_table("mock_clock")
    op.drop_table("mock_answers")
    op.drop_index("ix_mock_items_round", table_name="mock_items")
    op.drop_table("mock_items")
    op.drop_index("ix_mock_rounds_mock", table_name="mock_rounds")
    op.drop_table("mock_rounds")
    op.drop_index("ix_mocks_user_created", table_name="mocks")
    op.drop_table("mocks")
