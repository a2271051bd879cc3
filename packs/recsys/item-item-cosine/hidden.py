import importlib.util
from pathlib import Path

import numpy as np

from mldrills.checks import Suite


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_itemcf_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()


@suite.check(
    "ties go to the lower item id",
    hint="equal scores: the lower item id first (a stable sort on -score, or a (-score, id) key)",
)
def ties(t):
    # items 1 and 3 are identical columns, as are 2 and 4: their scores tie exactly
    R = np.array(
        [[4, 0, 1, 0, 1, 0], [0, 2, 0, 2, 0, 3], [5, 1, 0, 1, 0, 0], [0, 0, 3, 0, 3, 1]],
        dtype=float,
    )
    R[:, 3] = R[:, 1]
    R[:, 4] = R[:, 2]
    user = np.array([[3.0, 0, 0, 0, 0, 2.0]])
    R = np.vstack([R, user])
    for n in (1, 2, 3, 4):
        V.check_recommend(t, R, 4, n, "duplicated item columns", exact=True)
    empty = np.vstack([R, np.zeros(6)])
    V.check_recommend(t, empty, 5, 3, "a user with no interactions", exact=True)


@suite.check(
    "an item nobody interacted with",
    hint="a zero column has norm 0: its similarities are 0, not NaN",
)
def zero_column(t):
    R = V.random_matrix(t.rng, 8, 6)
    R[:, 2] = 0.0
    R[0, 0] = 2.0
    V.check_similarity(t, R, "column 2 is all zeros")
    V.check_recommend(t, R, 0, 6, "column 2 is all zeros")


@suite.check(
    "n larger than the unseen items, and n = 0",
    hint="return every unseen item when there are fewer than n; none for n = 0",
)
def sizes(t):
    R = V.random_matrix(t.rng, 6, 7, density=0.7)
    R[1, :] = [1, 2, 0, 3, 1, 0, 4]
    V.check_recommend(t, R, 1, 10, "user 1 has 2 unseen items")
    V.check_recommend(t, R, 1, 0, "n = 0", exact=True)
    full = R.copy()
    full[2, :] = 1.0
    V.check_recommend(t, full, 2, 3, "a user who saw everything", exact=True)


@suite.check("random matrices", hint="normalise the columns, not the rows; score = S @ R[user]")
def random_matrices(t):
    for users, items in ((20, 12), (50, 30), (5, 40)):
        R = V.random_matrix(t.rng, users, items, density=0.2)
        V.check_similarity(t, R, f"{users} x {items}")
        for user in t.rng.choice(users, 3, replace=False):
            V.check_recommend(t, R, int(user), 5, f"{users} x {items}")


@suite.check(
    "similarity is symmetric and bounded",
    hint="cosine does not depend on the scale of the ratings",
)
def bounded(t):
    R = V.random_matrix(t.rng, 30, 10) * 1e6  # large magnitudes
    V.check_similarity(t, R, "ratings scaled by 1e6")


@suite.check(
    "ties at scale: hundreds of equal scores",
    hint="equal scores go to the lower item id on long lists too: sort stably or by (-score, id)",
)
def ties_at_scale(t):
    # user 0 saw items 0-3; items 4-11 share users with them (distinct positive scores);
    # items 12-79 only have users who never touched items 0-3 and the rest nobody touched,
    # so 588 scores are exactly 0 in any arithmetic: a long block of exact ties, where an
    # unstable sort (numpy's default quicksort) no longer keeps ids in order (it still does
    # below about 300 items on some CPUs, hence 600)
    users, items = 60, 600
    R = np.zeros((users, items))
    R[0, :4] = t.rng.integers(1, 6, 4)
    R[1:20, :12] = V.random_matrix(t.rng, 19, 12, density=0.5)
    R[20:, 12:80] = V.random_matrix(t.rng, users - 20, 68, density=0.2)
    R[0, 4:] = 0.0
    for n in (150, 590):
        V.check_recommend(t, R, 0, n, f"{items} items, 588 of them tied at score 0", exact=True)
