import numpy as np

from mldrills.checks import Suite
from mldrills.checks import torch as tc

suite = Suite()
FN = "scaled_dot_product_attention"


def _check(t, q, k, v, mask=None, *, what, rtol=1e-5, atol=1e-6):
    args = (q, k, v) if mask is None else (q, k, v, mask)
    got, expected = tc.run_both(t, FN, *args)
    names = ("q", "k", "v", "mask")
    shapes = ", ".join(f"{n} {a.shape} {a.dtype}" for n, a in zip(names, args, strict=False))
    tc.close(
        got,
        expected,
        what=f"attention ({what})",
        inputs=shapes,
        variants=lambda: tc.sdpa_variants(q, k, v, mask=mask),
        rtol=rtol,
        atol=atol,
    )


@suite.check("the example from the statement", hint="scale by sqrt(d), softmax over the keys")
def example(t):
    q = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    v = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
    _check(t, q, q.copy(), v, what="no mask")
    _check(t, q, q.copy(), v, np.array([[True, False], [False, False]]), what="boolean mask")


@suite.check(
    "no mask, batch and heads (2, 3, 5, 8)",
    hint="the scores are (..., Tq, Tk); which axis holds the keys?",
)
def plain(t):
    q, k, v = (tc.randn(t.rng, 2, 3, 5, 8) for _ in range(3))
    _check(t, q, k, v, what="(B, H, T, d) = (2, 3, 5, 8)")


@suite.check(
    "boolean mask: True means may attend",
    hint="block the scores before the softmax, and mind which value of the mask blocks",
)
def boolean(t):
    q, k, v = (tc.randn(t.rng, 2, 6, 4) for _ in range(3))
    causal = np.tril(np.ones((6, 6), dtype=bool))
    _check(t, q, k, v, causal, what="a (T, T) causal mask")
    random = t.rng.random((2, 6, 6)) < 0.5
    random[..., 0] = True  # every query keeps at least one key here
    _check(t, q, k, v, random, what="a random (B, T, T) mask")
