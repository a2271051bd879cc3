"""Display preferences per user: the colour theme and the code editor's settings.

Revision ID: 0011
Revises: 0010
Created: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None


def upgrade() -> None:
    """Create user_prefs (a user without a row has the defaults)."""
    op.create_table(
        "user_prefs",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=8), nullable=False),
        sa.Column("editor_font_size", sa.Integer(), nullable=False),
        sa.Column("editor_tab_width", sa.Integer(), nullable=False),
        sa.Column("editor_keymap", sa.String(length=8), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_prefs_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_prefs")),
    )


def downgrade() -> None:
    """Drop what the upgrade created."""
    op.drop_table("user_prefs")
