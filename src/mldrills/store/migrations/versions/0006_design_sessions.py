"""System-design practice: timed sessions on a prompt and the notes typed per phase.

Revision ID: 0006
Revises: 0005
Created: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None


def upgrade() -> None:
    """Create design_sessions and design_notes."""
    op.create_table(
        "design_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=128), nullable=False),
        sa.Column("phases", sa.JSON(), nullable=False),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.Column("phase_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("diagram", sa.Text(), nullable=False),
        sa.Column("self_assessment", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_design_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_design_sessions")),
    )
    op.create_index("ix_design_sessions_user_created", "design_sessions", ["user_id", "created_at"])
    op.create_table(
        "design_notes",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["design_sessions.id"],
            name=op.f("fk_design_notes_session_id_design_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "phase", name=op.f("pk_design_notes")),
    )


def downgrade() -> None:
    """Drop what the upgrade created."""
    op.drop_table("design_notes")
    op.drop_index("ix_design_sessions_user_created", table_name="design_sessions")
    op.drop_table("design_sessions")
