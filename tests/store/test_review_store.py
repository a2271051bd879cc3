"""Card review tables on SQLite and PostgreSQL: migration 0003 and the review mixin."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from mldrills.store import Store
from mldrills.store.db import alembic_config

REVIEW_TABLES = {"card_states", "review_logs", "review_settings"}


def test_upgrade_from_0002_keeps_existing_data(db_url: str) -> None:
    with Store(db_url) as store:
        with store.engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0002")
        assert not REVIEW_TABLES & set(inspect(store.engine).get_table_names())
        user = store.create_user("ada", "hash")
        store.save_draft(user.id, "two-sum", "print(1)")
        store.migrate()
        assert set(inspect(store.engine).get_table_names()) >= REVIEW_TABLES
        assert store.get_user(user.id) == user
        draft = store.draft(user.id, "two-sum")
        assert draft is not None and draft.code == "print(1)"


def test_downgrade_to_0002_drops_only_review_tables(store: Store) -> None:
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0002")
    tables = set(inspect(store.engine).get_table_names())
    assert not REVIEW_TABLES & tables
    assert {"users", "attempts", "submissions"} <= tables
