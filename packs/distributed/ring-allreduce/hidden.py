import importlib.util
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, compare


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_ring_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()


def all_checks(t, buffers):
    V.check_results(t, buffers)
    V.check_bytes(t, buffers)
    V.check_messages(t, buffers)


@suite.check("one rank", hint="with a single rank there is nobody to talk to: 0 steps, 0 bytes")
def one_rank(t):
    buffers = V.make_buffers(1, 5, np.float64, t.rng)
    all_checks(t, buffers)
    _, sent, messages = t.sub.ring_allreduce(buffers)
    compare.equal(sent, [0], what="bytes_sent", inputs=V.describe(buffers))
    compare.equal(messages, [], what="messages", inputs=V.describe(buffers))


@suite.check(
    "size not divisible by the number of ranks",
    hint="the first S % N chunks get one extra element; no element may be left out",
)
def uneven(t):
    for n, size in ((4, 10), (3, 7), (5, 3)):
        all_checks(t, V.make_buffers(n, size, np.float64, t.rng))


@suite.check(
    "random ranks, sizes and dtypes",
    hint="count bytes with the element size of the input dtype; chunks follow np.array_split",
)
def random_inputs(t):
    for _ in range(6):
        n = int(t.rng.integers(2, 8))
        size = int(t.rng.integers(1, 40))
        dtype = (np.float32, np.float64)[int(t.rng.integers(2))]
        all_checks(t, V.make_buffers(n, size, dtype, t.rng))


@suite.check("two ranks", hint="with N = 2 each phase is a single step")
def two_ranks(t):
    all_checks(t, V.make_buffers(2, 6, np.float32, t.rng))


@suite.check(
    "input buffers are left unchanged",
    hint="each rank works on its own copy; the caller's arrays are not scratch space",
)
def inputs_unchanged(t):
    buffers = V.make_buffers(3, 6, np.float64, t.rng)
    remote = t.remote(buffers)  # lives in the child; read back after the call
    t.sub.ring_allreduce(remote)
    after = remote._get()
    for r in range(3):
        compare.close(
            after[r],
            buffers[r],
            what=f"buffers[{r}] after the call",
            rtol=0,
            atol=0,
            inputs=V.describe(buffers),
        )
