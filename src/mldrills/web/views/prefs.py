"""Your display preferences: colour theme and editor settings, kept per user."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from mldrills.web.auth import User
from mldrills.web.schemas import Strict
from mldrills.web.state import AppState, get_state

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]
Theme = Literal["system", "light", "dark"]
Keymap = Literal["default", "vim", "emacs"]


class PrefsIn(Strict):
    """The preferences to change; the ones left out are kept."""

    theme: Theme | None = None
    editor_font_size: int | None = Field(default=None, ge=10, le=28)
    editor_tab_width: Literal[2, 4, 8] | None = None
    editor_keymap: Keymap | None = None


class PrefsOut(BaseModel):
    """Your preferences (the defaults until you change one)."""

    theme: Theme
    editor_font_size: int
    editor_tab_width: int
    editor_keymap: Keymap


@router.get("/api/prefs", response_model=PrefsOut, tags=["account"])
def api_prefs(state: State, user: User) -> dict[str, Any]:
    """Your colour theme and editor settings."""
    return state.store.prefs(user.id).to_dict()


@router.put("/api/prefs", response_model=PrefsOut, tags=["account"])
def api_save_prefs(state: State, user: User, body: PrefsIn) -> dict[str, Any]:
    """Change some of your preferences; the page and editor apply them at once."""
    changes = body.model_dump(exclude_none=True)
    return state.store.save_prefs(user.id, **changes).to_dict()
