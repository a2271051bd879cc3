import runpy
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()
_visible = runpy.run_path(str(Path(__file__).with_name("tests.py")))  # reuse its helpers
KEYS, as_batch = _visible["KEYS"], _visible["as_batch"]
expected_batch, describe = _visible["expected_batch"], _visible["describe"]


def collate_case(t, seqs, labels, diagnose=None, **kwargs):
    got = t.sub.pad_collate(as_batch(seqs, labels), **kwargs)
    expected = expected_batch(t, seqs, labels, **kwargs)
    inputs = describe(seqs, labels, **kwargs)
    compare.is_true(isinstance(got, dict), f"pad_collate must return a dict, got {compare.short(got)}",
                    inputs=inputs)
    compare.equal(sorted(got), sorted(KEYS), what="the keys of the returned dict", inputs=inputs)
    mistakes = diagnose(seqs, expected, **kwargs) if diagnose else {}
    for key in KEYS:
        compare.equal(got[key], expected[key], what=key, inputs=inputs, diagnose=mistakes.get(key))


def mask_from_values(seqs, expected, pad_id=0, **_):
    return {"attention_mask": {
        "the mask compares token values with pad_id, so real tokens equal to pad_id are masked out":
            expected["input_ids"] != pad_id}}


@suite.check(
    "a real token equal to pad_id is still a real token",
    hint="what tells a padding position from a real token whose id happens to equal pad_id?",
)
def pad_valued_tokens(t):
    collate_case(t, [[5, 0, 7], [3, 0], [0]], [0, 1, 2], mask_from_values, pad_id=0)
    collate_case(t, [[2, 2, 2], [9, 2]], [1, 1], mask_from_values, pad_id=2)


def padded_to_max_len(seqs, expected, pad_id=0, max_len=None):
    ids = expected["input_ids"]
    wide = np.full((len(seqs), max_len), pad_id)
    wide[:, : ids.shape[1]] = ids
    return {"input_ids": {"pads every batch to max_len instead of to its longest sequence": wide}}


@suite.check(
    "max_len only truncates",
    hint="max_len caps the width; a batch of short sequences stays as narrow as its longest one",
)
def max_len_caps(t):
    collate_case(t, [[1, 2, 3], [4]], [0, 1], padded_to_max_len, pad_id=0, max_len=8)
    collate_case(t, [[1, 2, 3, 4], [5, 6]], [0, 1], padded_to_max_len, pad_id=-1, max_len=4)


def truncation_mistakes(seqs, expected, pad_id=0, max_len=None):
    T = expected["input_ids"].shape[1]
    tails = np.full((len(seqs), T), pad_id)
    for row, s in enumerate(seqs):
        kept = s[-max_len:] if len(s) > max_len else s
        tails[row, : len(kept)] = kept
    return {
        "input_ids": {"keeps the last max_len tokens instead of the first": tails},
        "lengths": {"lengths are counted before truncation": [len(s) for s in seqs]},
    }


@suite.check(
    "truncation keeps the first max_len tokens",
    hint="after truncation, lengths and the mask describe the tokens that were kept",
)
def truncation(t):
    collate_case(t, [[1, 2, 3, 4, 5, 6], [7, 8], [9, 10, 11]], [0, 1, 0], truncation_mistakes,
                 pad_id=0, max_len=3)
    collate_case(t, [[4, 0, 0, 2, 8], [7]], [1, 0], truncation_mistakes, pad_id=0, max_len=1)


@suite.check(
    "empty sequences",
    hint="a sequence may have no tokens at all; a batch of only empty sequences has width 0",
)
def empty_sequences(t):
    collate_case(t, [[3, 1], [], [5]], [0, 1, 2], pad_id=0)
    collate_case(t, [[], []], [1, 0], pad_id=0)
    collate_case(t, [[], [1, 2, 3]], [1, 0], pad_id=-1, max_len=2)


@suite.check(
    "batch order kept, inputs untouched",
    hint="row b of every output belongs to example b of the input; sort a copy if you need one",
)
def order_and_inputs(t):
    seqs, labels = [[1], [2, 3, 4], [5, 6]], [0, 1, 2]
    batch = t.remote(as_batch(seqs, labels))  # lives in the child; read back after the call
    got = t.sub.pad_collate(batch, pad_id=0)
    expected = expected_batch(t, seqs, labels, pad_id=0)
    inputs = describe(seqs, labels, pad_id=0)
    compare.equal(got["labels"], expected["labels"], what="labels", inputs=inputs,
                  diagnose={"the batch was reordered (sorted by length?)": [1, 2, 0]})
    compare.equal(got["input_ids"], expected["input_ids"], what="input_ids", inputs=inputs)
    after = batch._get()
    compare.equal([(list(ids), y) for ids, y in after], [(s, y) for s, y in zip(seqs, labels)],
                  what="the batch list after the call", inputs=inputs)


def _random_cases(rng):
    cases = []
    for _ in range(6):
        B = int(rng.integers(1, 6))
        seqs = [[int(v) for v in rng.integers(0, 6, int(rng.integers(0, 9)))] for _ in range(B)]
        labels = [int(v) for v in rng.integers(0, 3, B)]
        pad_id = int(rng.choice([0, -1, 99]))
        max_len = None if rng.random() < 0.5 else int(rng.integers(1, 7))
        cases.append((seqs, labels, pad_id, max_len))
    return cases


@suite.check("random batches", hint="compare each row with its sequence: tokens, then padding")
def random_batches(t):
    for seqs, labels, pad_id, max_len in _random_cases(t.rng):
        kwargs = {"pad_id": pad_id} if max_len is None else {"pad_id": pad_id, "max_len": max_len}
        collate_case(t, seqs, labels, **kwargs)
