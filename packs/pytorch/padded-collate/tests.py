import numpy as np
import torch
from torch.utils.data import DataLoader

from mldrills.checks import Suite, compare, tensor

suite = Suite()
KEYS = ("input_ids", "attention_mask", "lengths", "labels")
DTYPES = {"input_ids": "int64", "attention_mask": "bool", "lengths": "int64", "labels": "int64"}


def as_batch(seqs, labels):
    """The batch as it reaches pad_collate in the child: (int64 tensor, int) pairs."""
    return [(tensor(np.array(s, dtype=np.int64)), int(y)) for s, y in zip(seqs, labels)]


def expected_batch(t, seqs, labels, **kwargs):
    batch = [(torch.tensor(s, dtype=torch.long), int(y)) for s, y in zip(seqs, labels)]
    return {k: v.numpy() for k, v in t.ref.pad_collate(batch, **kwargs).items()}


def describe(seqs, labels, **kwargs):
    extra = "".join(f", {k}={v}" for k, v in kwargs.items())
    return f"sequences={seqs}, labels={labels}{extra}"


def same_batch(got, expected, inputs, diagnose=None):
    """Compare a returned batch with the expected one, key by key."""
    compare.is_true(isinstance(got, dict), f"pad_collate must return a dict, got {compare.short(got)}",
                    inputs=inputs)
    compare.equal(sorted(got), sorted(KEYS), what="the keys of the returned dict", inputs=inputs)
    for key in KEYS:
        compare.equal(got[key], expected[key], what=key, inputs=inputs,
                      diagnose=(diagnose or {}).get(key))


def collate_case(t, seqs, labels, **kwargs):
    """Call the learner's pad_collate on one batch and compare with the reference."""
    got = t.sub.pad_collate(as_batch(seqs, labels), **kwargs)
    expected = expected_batch(t, seqs, labels, **kwargs)
    same_batch(got, expected, describe(seqs, labels, **kwargs), mistakes(expected, kwargs.get("pad_id", 0)))


def mistakes(expected, pad_id):
    """What common mistakes would have produced, for the diagnosis."""
    ids, mask = expected["input_ids"], expected["attention_mask"]
    left = "padding on the left; real tokens go first"
    return {
        "input_ids": {left: [np.concatenate([r[~m], r[m]]) for r, m in zip(ids, mask)]},
        "attention_mask": {
            left: [np.concatenate([m[~m], m[m]]) for m in mask],
            "the mask compares token values with pad_id, so real tokens equal to pad_id are masked out":
                ids != pad_id,
        },
    }


@suite.check(
    "examples from the statement",
    hint="right padding: each row is the sequence's tokens, then pad_id up to the batch's longest",
)
def statement_examples(t):
    seqs, labels = [[5, 3, 9], [7], [4, 0, 0, 2, 8]], [1, 0, 1]
    collate_case(t, seqs, labels, pad_id=0, max_len=4)
    collate_case(t, seqs, labels, pad_id=0)
    collate_case(t, [[1, 2], [3, 4, 5, 6]], [2, 2], pad_id=-1)


@suite.check(
    "dtypes and shapes",
    hint="token ids index an embedding table (int64); masks are bool; check what torch.zeros/torch.full give by default",
)
def dtypes_and_shapes(t):
    seqs, labels = [[5, 3, 9], [7], [4, 1]], [1, 0, 2]
    out = t.sub.pad_collate._keep(as_batch(seqs, labels), pad_id=0)
    s = t.helper("structure", out)
    inputs = describe(seqs, labels, pad_id=0)
    compare.is_true(s["kind"] == "dict", f"pad_collate must return a dict, got a {s['kind']}", inputs=inputs)
    compare.equal(sorted(s["items"]), sorted(KEYS), what="the keys of the returned dict", inputs=inputs)
    shapes = {"input_ids": [3, 3], "attention_mask": [3, 3], "lengths": [3], "labels": [3]}
    for key in KEYS:
        item = s["items"][key]
        compare.is_true(item["kind"] == "tensor",
                        f"{key} should be a torch tensor, got a value of type {item['kind']}", inputs=inputs)
        compare.is_true(item["dtype"] == DTYPES[key],
                        f"{key} should have dtype torch.{DTYPES[key]}, got torch.{item['dtype']}"
                        + (" (torch.zeros and torch.full without dtype= make floats)"
                           if key == "input_ids" and item["dtype"].startswith("float") else ""),
                        inputs=inputs)
        compare.equal(item["shape"], shapes[key], what=f"the shape of {key}", inputs=inputs)


def kept(t, helper, *args):
    """Run a helper but keep its result in the child (to inspect its type)."""
    return t.session.send({"op": "helper", "name": helper, "want": "ref"}, {"args": list(args)})


def loader_case(t, seqs, labels, batch_size, **kwargs):
    ds = t.sub.SequenceDataset(seqs, labels)
    compare.equal(t.helper("length", ds), len(seqs), what="len(dataset)")
    got = t.helper("loader_batches", ds, batch_size, t.sub.pad_collate, kwargs)
    ref_ds = t.ref.SequenceDataset(seqs, labels)
    collate = lambda b: t.ref.pad_collate(b, **kwargs)  # noqa: E731
    expected = [{k: v.numpy() for k, v in b.items()}
                for b in DataLoader(ref_ds, batch_size=batch_size, collate_fn=collate)]
    compare.equal(len(got), len(expected), what="the number of batches",
                  inputs=f"{len(seqs)} examples, batch_size={batch_size}")
    for i, (g, e) in enumerate(zip(got, expected)):
        same_batch(g["value"], e, f"batch {i + 1} of DataLoader(SequenceDataset({seqs}, {labels}), "
                   f"batch_size={batch_size}, collate_fn=pad_collate{', ' if kwargs else ''}"
                   + ", ".join(f"{k}={v}" for k, v in kwargs.items()) + ")")


@suite.check(
    "the Dataset works with a DataLoader",
    hint="__getitem__ returns one example (ids tensor, int label); the DataLoader hands a list of them to the collate_fn",
)
def dataset_with_loader(t):
    seqs, labels = [[5, 3, 9], [7], [4, 0, 0, 2, 8], [6, 6], [1]], [1, 0, 1, 2, 0]
    ds = t.sub.SequenceDataset(seqs, labels)
    s = t.helper("structure", kept(t, "item", ds, 2))
    compare.is_true(
        s["kind"] == "tuple" and len(s["items"]) == 2,
        f"dataset[2] should be a tuple (ids, label), got a {s['kind']}",
    )
    ids, label = s["items"]
    got_ids = (f"a {ids['dtype']} tensor of shape {tuple(ids['shape'])}" if ids["kind"] == "tensor"
               else f"a value of type {ids['kind']}")
    compare.is_true(ids["kind"] == "tensor" and ids["dtype"] == "int64" and ids["shape"] == [5],
                    f"dataset[2][0] should be an int64 tensor of shape (5,), got {got_ids}")
    compare.is_true(label["kind"] == "builtins.int", f"dataset[2][1] should be an int, got a {label['kind']}")
    compare.equal(t.helper("item", ds, 2)[1], 1, what="dataset[2][1]")
    loader_case(t, seqs, labels, 2, pad_id=0)
