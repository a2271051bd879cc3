"""Hidden checks for bpe-tokenizer: ties, repeats, merge order, Unicode round trips, edges."""

import runpy
from pathlib import Path

from mldrills.checks import Case, Suite, Trial, compare, same_as_reference

_visible = runpy.run_path(str(Path(__file__).with_name("tests.py")))
TRAIN_MISTAKES = _visible["TRAIN_MISTAKES"]
ENCODE_MISTAKES = _visible["ENCODE_MISTAKES"]

suite = Suite()

TEXTS = [
    "naïve café, déjà vu",
    "日本語のテキスト、日本語の辞書",
    "emoji 🙂🙂 and 👩‍💻 mixed in 🙂",
    "tabs\tand\nnew lines\r\n  spaces   ",
    "aaaaaaaaaa",
    "x",
]


def _many_ties() -> str:
    """120 distinct two-letter words, each twice, shuffled: every pair ties at count 2, so
    the first-seen pair and the smallest pair differ (and so does a sort-based pick)."""
    import random

    letters = "bcdfghjklmnpqrstvwxz"
    words = [a + b for a in letters for b in letters if a < b][:120] * 2
    random.Random(11).shuffle(words)
    return ".".join(words)


def _corpus(rng) -> str:
    words = ["the", "then", "there", "other", "bother", "thee", "ether", "tether"]
    return " ".join(words[int(i)] for i in rng.integers(0, len(words), 60))


suite.add(
    same_as_reference(
        "train_bpe",
        [
            Case.of("zzaazzaa", 5, label="three pairs tie at the first merge"),
            Case.of("xyzw yzxw xyzw yzxw", 6, label="ties again after a merge"),
            Case.of(_many_ties(), 12, label="120 different pairs, each twice, in shuffled order"),
        ],
        name="ties go to the smallest pair",
        compare_with="equal",
        hint="on equal counts compare the pairs themselves: (first id, then second id)",
        mistakes=TRAIN_MISTAKES,
    ),
    same_as_reference(
        "train_bpe",
        [
            Case.of("aaaaa", 4, label="a run of one byte"),
            Case.of("aaaa bbbbbb", 6, label="runs of two bytes"),
        ],
        name="runs of one character",
        compare_with="equal",
        hint="'aaa' holds two overlapping pairs (a, a) when counting; replacing goes left to "
        "right and never reuses a byte",
        mistakes=TRAIN_MISTAKES,
    ),
    same_as_reference(
        "train_bpe",
        [
            Case.of("abcd", 3, label="no pair repeats"),
            Case.of("hop hope hopped", 50, label="more merges asked than useful"),
            Case.of("", 3, label="empty text"),
            Case.of("q", 3, label="one byte"),
            Case.of("hop hope hopped", 0, label="no merges"),
        ],
        name="stops when no pair repeats, and empty inputs",
        compare_with="equal",
        hint="a merge needs a pair that occurs at least twice; with fewer than two bytes there "
        "is no pair at all",
        mistakes=TRAIN_MISTAKES,
    ),
    same_as_reference(
        "train_bpe",
        lambda rng: [Case.of(_corpus(rng), 20, label="60 words, 20 merges")],
        name="a larger corpus",
        compare_with="equal",
        mistakes=TRAIN_MISTAKES,
    ),
)


@suite.check(
    "encode applies the merges in the order learned",
    hint="a later merge may need the token an earlier one creates: run them oldest first",
)
def encode_order(t: Trial) -> None:
    corpus = "the then there other bother thee ether tether " * 3
    merges = t.ref.train_bpe(corpus, 15)
    for text in ("the other tether", "thethethe", "bother them there", ""):
        compare.equal(
            t.sub.encode(text, merges),
            t.ref.encode(text, merges),
            what=f"encode({text!r}, merges learned from a corpus of 'the/other/...' words)",
            diagnose={m: f(text, merges) for m, f in ENCODE_MISTAKES.items()},
        )


@suite.check(
    "decode(encode(text)) gives back any text",
    hint="work on UTF-8 bytes (not code points); join the bytes of all tokens first, then "
    "decode once: a character may be split across two tokens",
)
def round_trip(t: Trial) -> None:
    merges = t.ref.train_bpe(" ".join(TEXTS), 30)
    for merges_used, where in ((merges, "30 merges"), ([], "no merges")):
        for text in TEXTS:
            ids = t.sub.encode(text, merges_used)
            compare.equal(
                t.sub.decode(ids, merges_used),
                text,
                what=f"decode(encode(text)) with {where}",
                inputs=repr(text),
            )


@suite.check(
    "decode of bytes that are not valid UTF-8",
    hint="decode with errors='replace': an incomplete character becomes U+FFFD",
)
def invalid_bytes(t: Trial) -> None:
    for ids, label in (([0xE2, 0x82], "the first 2 of the 3 bytes of '€'"),
                       ([104, 0xFF, 105], "a byte that never occurs in UTF-8")):
        compare.equal(t.sub.decode(ids, []), t.ref.decode(ids, []),
                      what=f"decode({ids}, []) ({label})")
