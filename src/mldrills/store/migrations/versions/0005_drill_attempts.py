"""Numeric drills: every answer a user gives to a drill instance, with its verdict.

Revision ID: 0005
Revises: 0004
Created: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None


def upgrade() -> None:
    """Create drill_attempts."""
    op.create_table(
        "drill_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=128), nullable=False),
        sa.Column("area", sa.String(length=32), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("mistake", sa.String(length=32), nullable=True),
        sa.Column("time_spent_s", sa.Double(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_drill_attempts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_attempts")),
    )
    op.create_index("ix_drill_attempts_user_created", "drill_attempts", ["user_id", "created_at"])
    op.create_index("ix_drill_attempts_user_area", "drill_attempts", ["user_id", "area"])


def downgrade() -> None:
    """Drop what the upgrade created."""
    op.drop_index("ix_drill_attempts_user_area", table_name="drill_attempts")
    op.drop_index("ix_drill_attempts_user_created", table_name="drill_attempts")
    op.drop_table("drill_attempts")
