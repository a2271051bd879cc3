"""Display preferences as Store methods: colour theme and editor settings, one row per user."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from mldrills.errors import InvalidInput
from mldrills.store.base import SessionOwner, flush_for_user
from mldrills.store.models import UserPrefs, utcnow

THEMES = ("system", "light", "dark")
KEYMAPS = ("default", "vim", "emacs")
TAB_WIDTHS = (2, 4, 8)
FONT_SIZES = range(10, 29)  # px


@dataclass(frozen=True)
class PrefsRecord:
    """A user's preferences; the defaults until the user changes one."""

    theme: str = "system"
    editor_font_size: int = 14
    editor_tab_width: int = 4
    editor_keymap: str = "default"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def _check(prefs: PrefsRecord) -> None:
    problems = []
    if prefs.theme not in THEMES:
        problems.append(f"theme must be one of {', '.join(THEMES)}, not {prefs.theme!r}")
    if prefs.editor_keymap not in KEYMAPS:
        problems.append(f"editor_keymap must be one of {', '.join(KEYMAPS)}")
    if prefs.editor_tab_width not in TAB_WIDTHS:
        problems.append("editor_tab_width must be 2, 4 or 8")
    if prefs.editor_font_size not in FONT_SIZES:
        problems.append("editor_font_size must be 10-28 (px)")
    if problems:
        raise InvalidInput("; ".join(problems))


class PrefsMixin(SessionOwner):
    """Store methods for the per-user display preferences."""

    def prefs(self, user_id: int) -> PrefsRecord:
        """The user's preferences (the defaults when never saved)."""
        with self._session() as session:
            row = session.get(UserPrefs, user_id)
            if row is None:
                return PrefsRecord()
            return PrefsRecord(
                row.theme, row.editor_font_size, row.editor_tab_width, row.editor_keymap
            )

    def save_prefs(self, user_id: int, **changes: Any) -> PrefsRecord:
        """Change some preferences (the others are kept); a bad value is InvalidInput."""
        unknown = set(changes) - set(PrefsRecord.__dataclass_fields__)
        if unknown:
            raise InvalidInput(f"unknown preference: {', '.join(sorted(unknown))}")
        updated = replace(self.prefs(user_id), **changes)
        _check(updated)
        with self._session() as session:
            row = session.get(UserPrefs, user_id)
            if row is None:
                row = UserPrefs(user_id=user_id, **asdict(updated))
                session.add(row)
            else:
                for name, value in asdict(updated).items():
                    setattr(row, name, value)
                row.updated_at = utcnow()
            flush_for_user(session, user_id)
        return updated
