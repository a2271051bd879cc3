import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()


def _rope(t, x, positions=None, base=None, *, what, rtol=1e-4, atol=1e-4):
    args = [x] if positions is None else [x, positions]
    kwargs = {} if base is None else {"base": base}
    got, expected = tc.run_both(t, "apply_rope", *args, **kwargs)
    tc.close(
        got,
        expected,
        what=f"apply_rope ({what})",
        inputs=f"x of shape {x.shape}"
        + ("" if positions is None else f", positions {np.asarray(positions).tolist()}")
        + ("" if base is None else f", base={base:g}"),
        variants=lambda: tc.rope_variants(x, positions, base=10000.0 if base is None else base),
        rtol=rtol,
        atol=atol,
    )
    return compare.as_array(got, "apply_rope(x)")


@suite.check(
    "position 0 is unchanged and lengths are preserved",
    hint="a rotation by angle 0 is the identity, and rotations never change a vector's length",
)
def identity_and_norm(t):
    x = tc.randn(t.rng, 2, 4, 8)
    positions = np.array([0, 3, 7, 100])
    got = compare.as_array(t.sub.apply_rope(tc.tensor(x), tc.tensor(positions)), "apply_rope")
    compare.close(got[:, 0], x[:, 0], what="apply_rope at position 0 (should be x itself)")
    compare.close(
        np.linalg.norm(got, axis=-1),
        np.linalg.norm(x, axis=-1),
        rtol=1e-4,
        what="length of each rotated vector (should equal the input's)",
        inputs=f"positions {positions.tolist()}",
    )


@suite.check(
    "scores depend only on relative position",
    hint="q_m . k_n after rotation must depend on m - n only; rotate, don't add",
)
def relative(t):
    q, k = tc.randn(t.rng, 6, 8), tc.randn(t.rng, 6, 8)
    positions = np.array([0, 1, 2, 5, 9, 20])
    scores = []
    for shift in (0, 37):
        p = tc.tensor(positions + shift)
        rq = compare.as_array(t.sub.apply_rope(tc.tensor(q), p), "apply_rope(q)")
        rk = compare.as_array(t.sub.apply_rope(tc.tensor(k), p), "apply_rope(k)")
        scores.append(rq @ rk.T)
    compare.close(
        scores[1],
        scores[0],
        rtol=1e-4,
        atol=1e-4,
        what="rotated q @ rotated k.T with every position shifted by 37 (should not change)",
        inputs=f"positions {positions.tolist()} then +37",
    )


@suite.check(
    "custom positions (a KV-cache offset)",
    hint="use the positions you are given; the tokens need not start at 0",
)
def custom_positions(t):
    _rope(t, tc.randn(t.rng, 2, 4, 8), np.array([5, 6, 7, 8]), what="positions 5..8")
    _rope(t, tc.randn(t.rng, 3, 6), np.array([9, 2, 0]), what="unordered positions")


@suite.check("a custom base", hint="the frequencies come from the base you are given")
def custom_base(t):
    _rope(t, tc.randn(t.rng, 2, 5, 8), base=500.0, what="base = 500")


@suite.check(
    "long positions stay accurate",
    hint="float32 angles lose precision for large positions; compute them in float64",
)
def long_positions(t):
    positions = np.array([0, 511, 1024, 2047])
    _rope(
        t, tc.randn(t.rng, 2, 4, 16), positions, what="positions up to 2047", rtol=1e-3, atol=5e-4
    )
    # The top of the stated range (a 64k context) at the stated 1e-4: float32 angles are
    # off by about 65535 * 6e-8 = 4e-3 rad there, float64 angles by nothing visible.
    positions = np.array([16384, 40000, 65000, 65535])
    _rope(t, tc.randn(t.rng, 2, 4, 16), positions, what="positions up to 65535")


@suite.check(
    "values are not rotated",
    hint="RoPE encodes position in the q . k scores; v carries content and is left alone",
)
def values_untouched(t):
    q, k, v = (tc.randn(t.rng, 1, 2, 4, 8) for _ in range(3))
    positions = np.array([3, 4, 5, 6])
    got, expected = tc.run_both(t, "rope_attention", q, k, v, positions)
    qr, kr = tc.rope(q, positions), tc.rope(k, positions)
    tc.close(
        got,
        expected,
        what="rope_attention(q, k, v, positions)",
        inputs="q, k, v ~ N(0, 1) of shape (1, 2, 4, 8), positions [3, 4, 5, 6]",
        variants=lambda: {
            "RoPE applied to the values as well": tc.attend(
                qr, kr, tc.rope(v, positions), causal=True
            ),
            "positions ignored inside rope_attention": tc.attend(
                tc.rope(q), tc.rope(k), v, causal=True
            ),
        },
    )


@suite.check("rope_attention is causal", hint="position i attends to indices j <= i only")
def causal(t):
    def fn(x):  # q, k, v side by side on the last axis
        return t.sub.rope_attention(
            tc.tensor(x[..., :8]), tc.tensor(x[..., 8:16]), tc.tensor(x[..., 16:])
        )

    tc.check_causal(
        fn, tc.randn(t.rng, 2, 2, 6, 24), t.rng, time_axis=2, what="rope_attention(q, k, v)"
    )


@suite.check(
    "inputs are left unchanged",
    hint="assigning into x[..., 0::2] rotates the caller's tensor too; build a new one",
)
def unchanged(t):
    tc.check_unchanged(t, t.sub.apply_rope, tc.randn(t.rng, 2, 5, 8), names=["x"])
