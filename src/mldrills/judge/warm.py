"""What the fork server loads and sets once, so every child starts warm and quiet."""

from __future__ import annotations

import importlib

# Libraries that size thread pools from /proc or /sys (threadpoolctl, joblib/loky)
# are told the answer instead, so a child never needs those reads.
SINGLE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "LOKY_MAX_CPU_COUNT": "1",
    "JOBLIB_MULTIPROCESSING": "0",
}

# Modules a submission may import lazily; loaded here so children start with them.
PRELOAD = (
    "abc",
    "array",
    "bisect",
    "collections",
    "collections.abc",
    "copy",
    "dataclasses",
    "decimal",
    "enum",
    "fractions",
    "functools",
    "heapq",
    "itertools",
    "json",
    "math",
    "numbers",
    "operator",
    "queue",
    "random",
    "re",
    "statistics",
    "string",
    "typing",
    "warnings",
    "contextlib",
    "time",
    "datetime",
    "textwrap",
    "unicodedata",
    "numpy",
    "numpy.linalg",
    "numpy.random",
    "numpy.fft",
)


def warm_torch() -> list[str]:
    """Import torch, set it to one thread and run each common op once."""
    try:
        import torch
    except ImportError:
        return []
    # One thread before any compute: a child forked after a multi-threaded OpenMP
    # region can hang forever.
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    import torch.nn.functional as F

    x = torch.randn(2, 4, 8, requires_grad=True)
    lin = torch.nn.Linear(8, 8)
    y = F.softmax(lin(x) @ x.transpose(-2, -1), dim=-1).sum()
    y.backward()  # type: ignore[no-untyped-call]
    F.scaled_dot_product_attention(x, x, x, is_causal=True)
    F.cross_entropy(torch.randn(3, 5), torch.tensor([0, 1, 2]))
    torch.optim.AdamW(lin.parameters()).step()
    return ["torch"]


def tame_thread_probes() -> list[str]:
    """Keep libraries that size thread pools from looking where a child cannot read.

    threadpoolctl (used by scikit-learn's KMeans, NearestNeighbors, ...) lists loaded
    libraries through /proc/self/maps, which Landlock hides; its other Linux method,
    ``dl_iterate_phdr``, needs no file. joblib/loky read cgroup files under /sys unless
    ``LOKY_MAX_CPU_COUNT`` is set (see SINGLE_THREAD_ENV).
    """
    try:
        threadpoolctl = importlib.import_module("threadpoolctl")
    except ImportError:
        return []
    vars(threadpoolctl)["_HAS_PROCFS"] = False
    return ["threadpoolctl"]
