"""Hint ladder and giving up: which hints a user revealed on an exercise, and when they gave up.

Revision ID: 0009
Revises: 0008
Created: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
    )


def upgrade() -> None:
    """Create hint_reveals and give_ups."""
    op.create_table(
        "hint_reveals",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=128), nullable=False),
        sa.Column("rung", sa.Integer(), nullable=False),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("hint_reveals"),
        sa.PrimaryKeyConstraint("user_id", "slug", "rung", name=op.f("pk_hint_reveals")),
    )
    op.create_table(
        "give_ups",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=128), nullable=False),
        sa.Column("gave_up_at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("give_ups"),
        sa.PrimaryKeyConstraint("user_id", "slug", name=op.f("pk_give_ups")),
    )


def downgrade() -> None:
    """Drop what the upgrade created."""
    op.drop_table("give_ups")
    op.drop_table("hint_reveals")
