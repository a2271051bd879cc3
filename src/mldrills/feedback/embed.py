"""The static sentence-embedding model shipped with mldrills (model2vec, no torch)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mldrills.errors import GraderUnavailable

MODEL_DIR = Path(__file__).resolve().parent / "model"
_REQUIRED = ("config.json", "model.safetensors", "tokenizer.json")
_lock = threading.Lock()
_loaded: dict[Path, Embedder] = {}

Matrix = npt.NDArray[np.float32]


class Embedder:
    """Encodes sentences into unit-length vectors, so a dot product is a cosine."""

    def __init__(self, model: Any) -> None:
        self._model = model
        self._cache: dict[tuple[str, ...], Matrix] = {}
        self._cache_lock = threading.Lock()

    def encode_cached(self, texts: tuple[str, ...]) -> Matrix:
        """Like ``encode``, remembered: for rubric texts, which repeat across answers."""
        with self._cache_lock:
            hit = self._cache.get(texts)
        if hit is not None:
            return hit
        vectors = self.encode(texts)
        with self._cache_lock:
            if len(self._cache) > 20000:  # bounded: a server grading many decks
                self._cache.clear()
            self._cache[texts] = vectors
        return vectors

    def encode(self, sentences: Sequence[str]) -> Matrix:
        """One row per sentence, L2-normalised, float32."""
        if not sentences:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._model.encode(list(sentences)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        # A sentence of unknown tokens embeds to zero; keep it zero instead of dividing by 0.
        unit: Matrix = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
        return unit

    @property
    def dim(self) -> int:
        """Vector size."""
        return int(self._model.dim)


def load_embedder(path: Path | None = None) -> Embedder:
    """Load (once per process) the static model (default: the shipped one); clear errors."""
    path = path or MODEL_DIR
    with _lock:
        if path in _loaded:
            return _loaded[path]
        missing = [name for name in _REQUIRED if not (path / name).is_file()]
        if missing:
            raise GraderUnavailable(
                f"the free-text grader's model is missing {', '.join(missing)} in {path}",
                hint="Reinstall mldrills, or rebuild the model with scripts/build-grader-model.",
            )
        try:
            from model2vec import StaticModel
        except ImportError as exc:
            raise GraderUnavailable(
                "the free-text grader needs the 'model2vec' package", hint="pip install model2vec"
            ) from exc
        try:
            model = StaticModel.from_pretrained(str(path))
        except Exception as exc:  # any parse error of the files means the same to the user
            raise GraderUnavailable(
                f"the free-text grader's model in {path} cannot be loaded: {exc}",
                hint="Rebuild it with scripts/build-grader-model.",
            ) from exc
        _loaded[path] = Embedder(model)
        return _loaded[path]
