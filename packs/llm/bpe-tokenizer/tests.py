"""Visible checks for bpe-tokenizer, and the buggy variants the messages name."""

from collections import Counter
from itertools import pairwise

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()

EXAMPLE = "hop hope hopped"


def _merge(ids, pair, new_id):
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train_first_seen(text, num_merges):
    """Ties broken by the pair seen first in the text (max() over a Counter)."""
    ids, merges = list(text.encode("utf-8")), []
    for i in range(num_merges):
        counts = Counter(pairwise(ids))
        if not counts or max(counts.values()) < 2:
            break
        pair = max(counts, key=counts.get)
        ids = _merge(ids, pair, 256 + i)
        merges.append(pair)
    return merges


def train_largest(text, num_merges):
    """Ties broken by the largest pair."""
    ids, merges = list(text.encode("utf-8")), []
    for i in range(num_merges):
        counts = Counter(pairwise(ids))
        if not counts or max(counts.values()) < 2:
            break
        pair = max(counts, key=lambda p: (counts[p], p))
        ids = _merge(ids, pair, 256 + i)
        merges.append(pair)
    return merges


def train_no_stop(text, num_merges):
    """Keeps merging pairs seen once."""
    ids, merges = list(text.encode("utf-8")), []
    for i in range(num_merges):
        counts = Counter(pairwise(ids))
        if not counts:
            break
        best = max(counts.values())
        pair = min(p for p, c in counts.items() if c == best)
        ids = _merge(ids, pair, 256 + i)
        merges.append(pair)
    return merges


def encode_reversed(text, merges):
    """Merges applied newest first."""
    ids = list(text.encode("utf-8"))
    for i in reversed(range(len(merges))):
        ids = _merge(ids, merges[i], 256 + i)
    return ids


TRAIN_MISTAKES = {
    "ties go to the pair seen first in the text (max over the counts dict), not the "
    "smallest pair": train_first_seen,
    "ties go to the largest pair instead of the smallest": train_largest,
    "merging continues with pairs that occur only once": train_no_stop,
}
ENCODE_MISTAKES = {
    "the merges are applied newest first instead of in the order they were learned": (
        encode_reversed
    ),
}


suite.add(
    same_as_reference(
        "train_bpe",
        [Case.of(EXAMPLE, 5, label="the statement's example")],
        name="training on the statement's example",
        compare_with="equal",
        hint="count overlapping adjacent pairs, pick the most frequent (smallest on a tie), "
        "replace it left to right, stop when nothing repeats",
        mistakes=TRAIN_MISTAKES,
    ),
    same_as_reference(
        "encode",
        [Case.of(EXAMPLE, [(104, 111), (256, 112), (32, 257)], label="the statement's example")],
        name="encoding the statement's example",
        compare_with="equal",
        hint="start from the UTF-8 bytes and apply the merges in the order they were learned",
        mistakes=ENCODE_MISTAKES,
    ),
)
