"""Hidden checks for kv-cache-decoding: chunks after a prefix, the cache itself, edge sizes."""

import runpy
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, Trial, compare

_visible = runpy.run_path(str(Path(__file__).with_name("tests.py")))
build = _visible["build"]
tokens = _visible["tokens"]
check_decoding = _visible["check_decoding"]
check_cache = _visible["check_cache"]

suite = Suite()


@suite.check(
    "a prompt, then one token at a time",
    hint="after a prompt of P tokens the next token is at position P",
)
def prompt_then_tokens(t: Trial) -> None:
    m = build(t)
    idx = tokens(t.rng, 3, 9)
    check_decoding(m, idx, [5, 1, 1, 1, 1], "logits for a 5-token prompt then 4 single tokens")


@suite.check(
    "a chunk after a cached prefix",
    hint="with P cached positions, new token i sits at position P + i: which keys may it see?",
)
def chunk_after_prefix(t: Trial) -> None:
    m = build(t)
    idx = tokens(t.rng, 2, 10)
    check_decoding(m, idx, [4, 3, 1, 2], "logits for chunks of 4, 3, 1 and 2 tokens")


@suite.check(
    "the returned cache holds every position",
    hint="the cache a call returns covers all positions so far: the old ones, then the new",
)
def cache_grows(t: Trial) -> None:
    m = build(t)
    idx = tokens(t.rng, 2, 7)
    _, cache = m.decode(idx, [3, 1, 1])
    check_cache(m, cache, idx[:, :5], "cache after a 3-token prompt and 2 single tokens")
    _, cache = m.decode(idx, [1] * 7)
    check_cache(m, cache, idx, "cache after 7 single tokens")


@suite.check(
    "decoding up to block_size, and a tiny model",
    hint="the last position is block_size - 1; one layer and one head are valid too",
)
def edges(t: Trial) -> None:
    m = build(t, block_size=12)
    check_decoding(m, tokens(t.rng, 1, 12), [4] + [1] * 8, "logits decoded to block_size=12")
    tiny = build(t, n_layer=1, n_head=1, n_embd=8, vocab_size=7, block_size=6)
    check_decoding(tiny, tokens(t.rng, 2, 6, 7), [1, 2, 3], "logits of a 1-layer, 1-head model")


@suite.check(
    "one cache, two continuations",
    hint="a cache you were given may be extended twice (beam search, speculative decoding): "
    "never write into the past list or its tensors; return new ones",
)
def branching(t: Trial) -> None:
    m = build(t)
    idx = tokens(t.rng, 2, 6)
    _, cache = m.step(idx[:, :5], None)
    other = (idx[:, 5:] + 1) % 32
    for last, label in ((idx[:, 5:], "first continuation"), (other, "second continuation")):
        got, _ = m.step(last, cache)
        full = m.full(np.concatenate([idx[:, :5], last], axis=1))[:, 5:]
        extended = m.full(np.concatenate([idx, last], axis=1))[:, 6:]  # read after idx[:, 5]
        compare.close(got, full, what=f"logits of the {label} from the same 5-token cache",
                      rtol=1e-4, atol=1e-4,
                      diagnose={"the first call extended the cache it was given in place (the "
                                "caller's list or tensors), so the second call saw 6 cached "
                                "tokens": extended})
