"""Hidden checks for gpt-overfit: gradients reset each step, other shapes."""

import runpy
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, Trial, compare
from mldrills.checks import torch as tc

_visible = runpy.run_path(str(Path(__file__).with_name("tests.py")))
make_rig = _visible["make_rig"]

suite = Suite()


@suite.check(
    "gradients are reset every step",
    hint="backward() adds into .grad; clear it once per step, before backward()",
)
def reset(t: Trial) -> None:
    rig = make_rig(t)
    total: dict[str, np.ndarray] = {}
    for k in range(3):
        before = rig.weights()
        _, want = rig.ref_loss(before, grads=True)
        total = {n: total.get(n, 0) + g for n, g in want.items()}
        rig.step()
        info = t.helper("parameters", rig.sub)
        for name, g in want.items():
            got = info[name]["grad"]
            if got is None:
                continue  # cleared after the step (set_to_none): nothing can pile up
            tc.close(
                got,
                g,
                what=f".grad of {name} after step {k + 1} (the gradient of that step's loss)",
                rtol=1e-3,
                atol=1e-5,
                variants={"gradients pile up across steps: zero_grad() is missing": total[name]},
            )


@suite.check(
    "another batch shape and a deeper model",
    hint="nothing may assume B = 4 or T = 16: split the batch by its own shape",
)
def shapes(t: Trial) -> None:
    rig = make_rig(t, vocab=20, T=6, B=3, n_layer=2)
    expected, _ = rig.ref_loss(rig.weights())
    compare.close(rig.step(), expected, what="loss of the first train_step, batch (3, 7), "
                  "2 layers", rtol=1e-4, atol=1e-5)
