"""The lexical helpers: sentences, stems, terms written several ways, negation scope."""

from __future__ import annotations

import pytest

from mldrills.feedback import text as tx
from mldrills.feedback.clauses import parse, split_clauses


def test_sentences_split_on_stops_and_list_items_not_abbreviations() -> None:
    answer = "First, e.g. LayerNorm, scales by 0.5 here. Second point!\n- a bullet\n2. numbered"
    assert tx.split_sentences(answer) == [
        "First, e.g. LayerNorm, scales by 0.5 here.",
        "Second point!",
        "a bullet",
        "numbered",
    ]
    assert tx.split_sentences("  \n ... ") == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("normalise", "normalization"),
        ("normalizes", "normalised"),
        ("batches", "batch"),
        ("queries", "query"),
        ("exponentiate", "exponentiation"),
        ("regularisation", "regularize"),
    ],
)
def test_inflections_and_british_spellings_share_a_stem(a: str, b: str) -> None:
    assert tx.stem(a) == tx.stem(b)


def test_words_ending_in_s_keep_it() -> None:
    assert tx.stem("bias") == tx.stem("biases") == "bias"
    assert tx.stem("loss") == "loss"


def _stems(text: str) -> list[str]:
    return [t.stem for t in tx.tokenize(text)]


@pytest.mark.parametrize("written", ["layer norm", "layernorm", "layer-norm", "Layer Norms"])
def test_a_phrase_matches_however_it_is_joined(written: str) -> None:
    assert tx.find_term(_stems(f"we use {written} here"), tx.term_stems("layer norm"))


def test_a_typo_in_a_long_word_still_matches_but_not_in_a_short_one() -> None:
    assert tx.find_term(_stems("the gradiant of the loss"), tx.term_stems("gradient"))
    assert not tx.find_term(_stems("the cat"), tx.term_stems("car"))


def test_contractions_become_negations() -> None:
    assert _stems("doesn't")[-1] == "not"
    assert _stems("can't") == ["can", "not"]
    assert _stems("won't") == ["will", "not"]


def test_negation_scope_stops_at_clause_edges() -> None:
    stems = _stems("BatchNorm is not used, LayerNorm normalises features")
    start = stems.index("layernorm")
    assert not tx.negated(stems, (start, start + 3), set())
    stems = _stems("LayerNorm does not normalise features")
    assert tx.negated(stems, (0, len(stems)), set())


def test_clauses_split_at_commas_and_contrast_words() -> None:
    assert split_clauses("A is big, while B is small; C") == ["A is big", "while B is small", "C"]


def test_clauses_split_at_and_only_between_two_claims() -> None:
    assert split_clauses("BatchNorm averages over the batch and LayerNorm averages tokens") == [
        "BatchNorm averages over the batch",
        "and LayerNorm averages tokens",
    ]
    assert split_clauses("The mean and variance are computed per token") == [
        "The mean and variance are computed per token"
    ]


def test_rather_than_opens_a_denied_clause_and_subjects_are_inherited() -> None:
    parts = parse("LayerNorm normalises each token rather than each feature over the batch")
    assert [(p.subject, p.positive) for p in parts] == [(("layernorm",), True), ((), False)]


def test_a_superscript_is_part_of_its_term() -> None:
    term = tx.term_stems("t²")
    assert not tx.find_term(_stems("it grows linearly with T"), term)
    assert tx.find_term(_stems("it grows with T^2"), term)
    assert tx.find_term(_stems("it grows with T²"), term)
