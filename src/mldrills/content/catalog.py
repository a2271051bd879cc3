"""All exercises under the packs folder, by slug."""

from __future__ import annotations

import difflib
from pathlib import Path

from mldrills import settings
from mldrills.content.pack import REQUIRED_FILES, Exercise, load_exercise
from mldrills.errors import NotFound, PackError


class Catalog:
    """Finds exercise folders (``packs/<area>/<slug>/``) and loads them on demand."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root or settings.get("packs_dir"))
        if not self.root.is_dir():
            raise PackError(f"packs folder {self.root} does not exist (set MLDRILLS_PACKS_DIR)")
        self._folders: dict[str, Path] = {}
        for meta in sorted(self.root.glob("*/*/meta.toml")):
            folder = meta.parent
            if folder.name in self._folders:
                raise PackError(
                    f"two exercises are named {folder.name!r}: "
                    f"{self._folders[folder.name]} and {folder}"
                )
            self._folders[folder.name] = folder
        self._loaded: dict[str, Exercise] = {}
        self.broken: dict[str, str] = {}

    @property
    def slugs(self) -> list[str]:
        """Every slug, sorted."""
        return sorted(self._folders)

    def get(self, slug: str) -> Exercise:
        """Load exercise ``slug``; an unknown slug raises ``NotFound`` with suggestions."""
        if slug not in self._folders:
            close = difflib.get_close_matches(slug, self.slugs, n=3)
            hint = f"did you mean {', '.join(close)}?" if close else "`mldrills list` shows them"
            raise NotFound(f"no exercise named {slug!r}", hint=hint)
        if slug not in self._loaded:
            self._loaded[slug] = load_exercise(self._folders[slug])
        return self._loaded[slug]

    def all(self, area: str | None = None) -> list[Exercise]:
        """Every loadable exercise (optionally of one area), by area, topic, title.

        A broken pack is left out and recorded in ``broken`` (slug -> problem), so one bad
        folder does not hide the others; ``mldrills check`` reports it.
        """
        out = []
        for slug in self.slugs:
            try:
                out.append(self.get(slug))
            except PackError as exc:
                self.broken[slug] = str(exc)
        if area is not None:
            out = [e for e in out if e.meta.area == area]
        return sorted(out, key=lambda e: (e.meta.area, e.meta.topic, e.meta.title))

    def areas(self) -> list[str]:
        """The area folders that hold at least one exercise."""
        return sorted({p.parent.name for p in self._folders.values()})


__all__ = ["REQUIRED_FILES", "Catalog"]
