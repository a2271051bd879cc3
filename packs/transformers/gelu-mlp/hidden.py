import numpy as np

from mldrills.checks import SubmissionError, Suite, compare
from mldrills.checks import torch as tc

suite = Suite()


@suite.check(
    "gelu with approximate='tanh' matches F.gelu",
    hint="the GPT-2 form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))",
)
def gelu_tanh(t):
    x = np.linspace(-6, 6, 97, dtype=np.float32)
    got, expected = tc.run_both(t, "gelu", x, approximate="tanh")
    tc.close(
        got,
        expected,
        what="gelu(x, approximate='tanh')",
        inputs="x = linspace(-6, 6, 97)",
        variants=lambda: tc.gelu_variants(x, "tanh"),
        rtol=1e-5,
        atol=1e-5,
    )


@suite.check(
    "gelu rejects an unknown approximation",
    hint="only 'none' and 'tanh' are valid; anything else should raise ValueError",
)
def gelu_bad_arg(t):
    try:
        t.sub.gelu(tc.tensor(np.zeros(3, dtype=np.float32)), approximate="sigmoid")
    except SubmissionError as exc:  # raising is the behaviour asked for here
        if exc.type == "ValueError":
            return
        raise
    t.fail("gelu(x, approximate='sigmoid') returned a value; it should raise ValueError")


@suite.check(
    "gelu at large magnitudes and any shape",
    hint="for x = -1e4 the result is -0, not NaN; x^3 and exp can overflow if you are not careful",
)
def gelu_extremes(t):
    x = np.array([[-1e4, -60.0, -8.0, 0.0], [8.0, 60.0, 1e4, -0.5]], dtype=np.float32)
    for approx in ("none", "tanh"):
        got, expected = tc.run_both(t, "gelu", x, approximate=approx)
        tc.check_finite(got, what=f"gelu(x, approximate={approx!r})", inputs=str(x.tolist()))
        tc.close(
            got,
            expected,
            what=f"gelu(x, approximate={approx!r})",
            inputs=str(x.tolist()),
            rtol=1e-5,
            atol=1e-5,
        )
    x3 = tc.randn(t.rng, 2, 3, 4)
    got, expected = tc.run_both(t, "gelu", x3)
    tc.close(got, expected, what="gelu on a (2, 3, 4) tensor", rtol=1e-5, atol=1e-5)


@suite.check(
    "MLP with any hidden size",
    hint="d_hidden is a constructor argument; 4 * d_model is only the usual choice",
)
def hidden_size(t):
    pair = tc.build(t, "MLP", 8, 20)
    got, expected = pair.forward(tc.randn(t.rng, 3, 8))
    tc.close(got, expected, what="MLP(8, 20)(x) on a (3, 8) input")


@suite.check(
    "MLP: dropout only in training mode",
    hint="nn.Dropout follows module.train() / module.eval(); a bare F.dropout call does not",
)
def dropout(t):
    tc.check_dropout(
        t, lambda p: tc.build(t, "MLP", 16, 32, dropout=p), tc.randn(t.rng, 1, 4, 16), what="mlp(x)"
    )


@suite.check(
    "MLP: gradients match the reference",
    hint="stay inside autograd: no .detach(), .data or numpy round trips",
)
def gradients(t):
    pair = tc.build(t, "MLP", 8, 32)
    tc.check_gradients(t, pair, tc.randn(t.rng, 2, 3, 8), what="gradient of mlp(x)")


@suite.check(
    "MLP: dropout on the output only",
    hint="the statement puts dropout after proj; look at which tensor your dropout receives",
)
def dropout_placement(t):
    # In train mode with p = 0.5 every output value is either 0 or the eval value times
    # 1/(1-p) when dropout sits on the output; dropout on the hidden units or on the
    # input gives other values. The zero rate is tested against p on 2048 values:
    # outside [0.4, 0.6] has a false-alarm rate below 1e-15.
    p, copies = 0.5, 256
    pair = tc.build(t, "MLP", 8, 32, dropout=p)
    x = tc.randn(t.rng, 1, 8)
    expected = np.asarray(pair.ref_fn(x), dtype=float)[0]
    pair.train()
    t.helper("manual_seed", 0)
    y = compare.as_array(pair.sub_fn(np.repeat(x, copies, axis=0)), "mlp(x) in train mode")
    compare.equal(list(y.shape), [copies, 8], what="output shape", inputs=f"x ({copies}, 8)")
    y = y.astype(float)
    zero = np.isclose(y, 0.0, atol=1e-7)
    kept = np.isclose(y, expected / (1 - p), rtol=1e-4, atol=1e-6)
    inputs = f"one input repeated {copies} times, MLP(8, 32, dropout={p}), train mode"
    compare.is_true(
        bool((zero | kept).all()),
        f"{inputs}: {int((~(zero | kept)).sum())} of {y.size} output values are neither 0 "
        "nor the eval-mode value scaled by 1/(1-p)\n  likely mistake: dropout on the hidden "
        "units or on the input instead of on the output of proj",
    )
    rate = float(zero.mean())
    compare.is_true(
        0.4 < rate < 0.6,
        f"{inputs}: {rate:.0%} of the output values are 0, expected about {p:.0%}",
    )
