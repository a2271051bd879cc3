import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()


def model_scores(
    history,
    n_arms,
    dim,
    alpha,
    reg,
    contexts,
    *,
    shared=False,
    sqrt=True,
    inverse=True,
    update_all=False,
):
    """Scores computed from the update history with one detail changed (models of mistakes)."""
    A = np.stack([reg * np.eye(dim)] * n_arms)
    b = np.zeros((n_arms, dim))
    for arm, x, r in history:
        targets = range(n_arms) if (shared or update_all) else [arm]
        for a in targets:
            A[a] += np.outer(x, x)
            b[a] += r * x
    out = []
    for a in range(n_arms):
        x = contexts[a]
        theta = np.linalg.solve(A[a], b[a])
        quad = x @ (np.linalg.solve(A[a], x) if inverse else A[a] @ x)
        out.append(theta @ x + alpha * (np.sqrt(quad) if sqrt else quad))
    return np.array(out)


def play(t, n_arms, dim, alpha, reg, rounds, label):
    """Random updates on the learner's and the reference's policy; return both plus the history."""
    policy = t.sub.LinUCB(n_arms, dim, alpha, reg)
    ref = t.ref.LinUCB(n_arms, dim, alpha, reg)
    history = []
    for _ in range(rounds):
        arm, x, r = int(t.rng.integers(n_arms)), t.rng.normal(size=dim), float(t.rng.random() < 0.5)
        ref.update(arm, x, r)
        history.append((arm, x, r))
    t.helper("call_methods", policy, [["update", *h] for h in history])  # one round trip
    return policy, ref, history


def check_scores(t, n_arms, dim, alpha, reg, rounds, label):
    policy, ref, history = play(t, n_arms, dim, alpha, reg, rounds, label)
    contexts = t.rng.normal(size=(n_arms, dim))
    inputs = f"{label}: LinUCB({n_arms} arms, dim={dim}, alpha={alpha}, reg={reg}) after {rounds} random updates"
    args = (history, n_arms, dim, alpha, reg, contexts)
    compare.close(
        policy.scores(contexts),
        ref.scores(contexts),
        what="scores",
        rtol=1e-9,
        atol=1e-12,
        inputs=inputs,
        diagnose={
            "the bonus lacks the square root: alpha * x^T A^-1 x": model_scores(*args, sqrt=False),
            "one A and b shared by all arms (that is not the disjoint model)": model_scores(
                *args, shared=True
            ),
            "the bonus uses A instead of its inverse": model_scores(*args, inverse=False),
        },
    )


@suite.check(
    "scores after a few updates",
    hint="theta = A^-1 b per arm; bonus alpha * sqrt(x^T A^-1 x) with that arm's A",
)
def scores_check(t):
    policy = t.sub.LinUCB(2, 2, 1.0)
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    history = [(0, X[0], 1.0), (1, X[1], 0.0), (1, X[1], 1.0)]
    for arm, x, r in history:
        policy.update(arm, x, r)
    args = (history, 2, 2, 1.0, 1.0, X)
    compare.close(
        policy.scores(X),
        [0.5 + np.sqrt(0.5), 1 / 3 + np.sqrt(1 / 3)],
        what="scores",
        rtol=1e-9,
        atol=1e-12,
        inputs="the statement's example",
        diagnose={
            "the bonus lacks the square root: alpha * x^T A^-1 x": model_scores(*args, sqrt=False),
            "the bonus uses A instead of its inverse": model_scores(*args, inverse=False),
            "theta is b itself: solve A theta = b": [1.0 + np.sqrt(0.5), 1.0 + np.sqrt(1 / 3)],
        },
    )
    check_scores(t, 3, 4, 0.7, 1.0, 12, "random updates")


@suite.check(
    "select takes the highest score, ties to the lowest index",
    hint="argmax of the scores; the first maximum wins",
)
def select_check(t):
    policy = t.sub.LinUCB(4, 3, 0.5)
    same = np.tile(t.rng.normal(size=3), (4, 1))
    compare.equal(
        policy.select(same),
        0,
        what="select on a fresh policy with identical contexts",
        inputs="LinUCB(4 arms, dim=3, alpha=0.5), all contexts equal",
    )
    policy, ref, _ = play(t, 4, 3, 0.5, 1.0, 20, "random updates")
    batch = [t.rng.normal(size=(4, 3)) for _ in range(10)]
    picks = t.helper("call_methods", policy, [["select", c] for c in batch])
    for got, contexts in zip(picks, batch):
        compare.equal(
            got,
            ref.select(contexts),
            what="select",
            inputs="LinUCB(4 arms, dim=3, alpha=0.5) after 20 random updates",
        )
