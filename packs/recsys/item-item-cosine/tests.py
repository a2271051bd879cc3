import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()

R_EXAMPLE = np.array(
    [[5, 3, 0, 1, 0], [4, 0, 0, 1, 2], [1, 1, 0, 5, 0], [0, 0, 5, 4, 0]], dtype=float
)


def check_similarity(t, R, label):
    inputs = f"{label}: R of shape {R.shape}"
    got = t.sub.item_similarity(R)
    expected = t.ref.item_similarity(R)
    arr = compare.as_array(got, "item_similarity", inputs)
    if arr.shape == expected.shape and arr.dtype == np.float32:
        t.fail(
            "item_similarity: returned float32 for a float64 R: a float64 -> float32 downcast "
            f"(values agree only to about 1e-7, the check needs 1e-9)\n  input: {inputs}",
            hint="keep the computation in float64, the dtype of R",
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        norms = np.linalg.norm(R, axis=0)
        dot = R.T @ R
    compare.close(
        got,
        expected,
        what="item_similarity",
        rtol=1e-9,
        atol=1e-12,
        inputs=inputs,
        check_dtype=True,
        diagnose={
            "the diagonal must be 0: an item is not its own neighbour": expected
            + np.diag((norms > 0).astype(float)),
            "dot products, not cosines: divide by both columns' norms": dot - np.diag(np.diag(dot)),
        },
    )


def check_recommend(t, R, user, n, label, exact=False):
    """Recommendations: unseen, right length, and scores matching the reference's top-n."""
    inputs = f"{label}: R of shape {R.shape}, user={user}, n={n}"
    got = t.sub.recommend(R, user, n)
    expected = t.ref.recommend(R, user, n)
    compare.is_true(
        isinstance(got, list | tuple) and all(isinstance(i, int | np.integer) for i in got),
        f"expected a list of int item ids, got {compare.short(got)}",
        inputs=inputs,
    )
    seen = [i for i in got if 0 <= i < R.shape[1] and R[user, i] != 0]
    compare.is_true(
        not seen,
        f"recommended item(s) {seen} that user {user} already interacted with",
        inputs=inputs,
        hint="filter out the user's own items before ranking",
    )
    compare.is_true(len(set(got)) == len(got), f"the list repeats items: {got}", inputs=inputs)
    scores = _scores(t, R, user)
    if len(got) < len(expected):
        missing = [i for i in expected if i not in got]
        zero = all(abs(scores[i]) < 1e-12 for i in missing)
        t.fail(
            f"expected {len(expected)} items, got {len(got)}: {got}"
            + ("\n  the missing items all score 0: they are still eligible" if zero else "")
            + f"\n  input: {inputs}"
        )
    compare.is_true(
        len(got) == len(expected),
        f"expected {len(expected)} items, got {len(got)}: {got}",
        inputs=inputs,
    )
    if exact or got == expected:
        unseen = [i for i in range(R.shape[1]) if R[user, i] == 0]
        reversed_ties = sorted(unseen, key=lambda i: (-round(float(scores[i]), 9), -i))[:n]
        if got != expected and got != reversed_ties:
            _tie_order(t, got, expected, scores, inputs)
        compare.equal(
            got,
            expected,
            what="recommend",
            inputs=inputs,
            diagnose={"ties broken towards the higher item id": reversed_ties},
        )
        return
    compare.is_true(
        all(0 <= i < R.shape[1] for i in got), f"item ids out of range: {got}", inputs=inputs
    )
    compare.close(
        scores[got],
        scores[expected],
        what="scores of the recommended items, in order",
        rtol=1e-9,
        atol=1e-12,
        inputs=inputs,
    )


def _tie_order(t, got, expected, scores, inputs):
    """Fail naming an unstable sort when the scores are right but tied ids are shuffled."""
    if not all(0 <= i < len(scores) for i in got):
        return
    if not np.allclose(scores[got], scores[expected], rtol=1e-9, atol=1e-12):
        return
    pos = next(p for p, (g, e) in enumerate(zip(got, expected)) if g != e)
    t.fail(
        f"recommend: the scores are right but tied items come out of id order: at position "
        f"{pos} expected item {expected[pos]}, got {got[pos]} (both score "
        f"{float(scores[expected[pos]]):.6g})\n  input: {inputs}",
        hint="likely mistake: an unstable sort (np.argsort's default quicksort) shuffles "
        "equal scores on long lists; ties must go to the lower item id",
    )


def _scores(t, R, user):
    return t.ref.item_similarity(R) @ R[user]


def random_matrix(rng, users, items, density=0.4):
    R = rng.integers(1, 6, (users, items)).astype(float)
    R[rng.random((users, items)) > density] = 0.0
    return R


@suite.check(
    "similarity on the statement's matrix",
    hint="cosine between columns (items), with a zero diagonal",
)
def similarity_example(t):
    check_similarity(t, R_EXAMPLE, "the example")


@suite.check(
    "recommendations from the statement",
    hint="score = S @ R[user], keep unseen items, sort by score then item id",
)
def recommend_example(t):
    for user, n in ((1, 2), (1, 5), (3, 2), (0, 1)):
        check_recommend(t, R_EXAMPLE, user, n, "the example", exact=True)


@suite.check(
    "seen items are never recommended", hint="filter out the user's own items before ranking"
)
def seen_excluded(t):
    R = random_matrix(t.rng, 12, 15, density=0.6)
    for user in range(4):
        check_recommend(t, R, user, 10, "a dense random matrix")
