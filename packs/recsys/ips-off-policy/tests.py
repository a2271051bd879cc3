import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()

EXAMPLE = (
    np.array([0, 1, 2, 1, 0]),
    np.array([1.0, 0.0, 1.0, 1.0, 0.0]),
    np.array([0.5, 0.25, 0.25, 0.25, 0.5]),
    np.tile([0.2, 0.6, 0.2], (5, 1)),
)
MODEL = np.tile([0.5, 0.4, 0.6], (5, 1))


def random_log(rng, n=200, K=4):
    logging = rng.dirichlet(np.ones(K), n)  # (n, K) logging policy per context
    actions = np.array([rng.choice(K, p=row) for row in logging])
    propensities = logging[np.arange(n), actions]
    target = rng.dirichlet(np.ones(K) * 0.5, n)
    rewards = (rng.random(n) < 0.3 + 0.1 * actions).astype(float)
    model = np.clip(0.3 + 0.1 * np.arange(K) + rng.normal(0, 0.1, (n, K)), 0, 1)
    return actions, rewards, propensities, target, model


def weights(actions, propensities, target):
    return target[np.arange(len(actions)), actions] / propensities


def check(t, name, args, label, diagnose=None, **kwargs):
    inputs = f"{label}: n={len(args[0])}, K={args[3].shape[1]}" + "".join(
        f", {k}={v}" for k, v in kwargs.items()
    )
    got = getattr(t.sub, name)(*args, **kwargs)
    compare.close(
        got,
        getattr(t.ref, name)(*args, **kwargs),
        what=name,
        rtol=1e-9,
        atol=1e-12,
        inputs=inputs,
        diagnose=diagnose,
    )


def ips_mistakes(actions, rewards, propensities, target):
    w = weights(actions, propensities, target)
    return {
        "the weight is upside down: pi(a|x) / pi_0(a|x), not pi_0 / pi": float(
            np.mean(rewards / w)
        ),
        "the target probability of the wrong action: use the logged action's": float(
            np.mean(target.max(axis=1) / propensities * rewards)
        ),
        "averaged over the rewarded events only, not all n": float(
            np.sum(w * rewards) / max(1, np.count_nonzero(rewards))
        ),
    }


@suite.check(
    "IPS on the statement's log",
    hint="weight each reward by pi(a_t|x_t) / pi_0(a_t|x_t) and average over all events",
)
def ips_example(t):
    check(t, "ips_value", EXAMPLE, "the statement's example", ips_mistakes(*EXAMPLE))
    log = random_log(t.rng)
    check(t, "ips_value", log[:4], "a random log", ips_mistakes(*log[:4]))


@suite.check(
    "SNIPS normalises by the weights",
    hint="divide the weighted rewards by the sum of the weights, not by n",
)
def snips_example(t):
    for args, label in (
        (EXAMPLE, "the statement's example"),
        (random_log(t.rng)[:4], "a random log"),
    ):
        w = weights(args[0], args[2], args[3])
        check(
            t,
            "snips_value",
            args,
            label,
            {
                "divided by n: that is IPS, not self-normalised IPS": float(np.mean(w * args[1])),
            },
        )


@suite.check(
    "doubly robust",
    hint="the model's value under the target policy, plus weighted residuals r_t - q_hat(x_t, a_t)",
)
def dr_example(t):
    for (a, r, p, pi), q, label in (
        (EXAMPLE, MODEL, "the statement's example"),
        (random_log(t.rng)[:4], None, "a random log"),
    ):
        if q is None:
            q = np.clip(0.5 + t.rng.normal(0, 0.2, pi.shape), 0, 1)
        w = weights(a, p, pi)
        n = len(a)
        check(
            t,
            "dr_value",
            (a, r, p, pi, q),
            label,
            {
                "the direct-method term is missing": float(np.mean(w * (r - q[np.arange(n), a]))),
                "the residual is not weighted": float(
                    np.mean(np.sum(pi * q, 1) + r - q[np.arange(n), a])
                ),
                "the direct term uses only the logged action's prediction": float(
                    np.mean(q[np.arange(n), a] + w * (r - q[np.arange(n), a]))
                ),
            },
        )
