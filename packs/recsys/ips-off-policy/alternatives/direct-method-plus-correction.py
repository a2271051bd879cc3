# Event by event with plain loops; DR written as the direct method plus the IPS of the
# model's residuals (the same estimator, arranged the other way round).
def _weight(target_row, action, propensity):
    return target_row[action] / propensity


def ips_value(actions, rewards, propensities, target_probs, clip=None):
    total = 0.0
    for a, r, p, row in zip(actions, rewards, propensities, target_probs):
        w = _weight(row, a, p)
        total += (w if clip is None else min(w, clip)) * r
    return total / len(actions)


def snips_value(actions, rewards, propensities, target_probs):
    num = den = 0.0
    for a, r, p, row in zip(actions, rewards, propensities, target_probs):
        w = _weight(row, a, p)
        num, den = num + w * r, den + w
    return num / den if den > 0 else 0.0


def dr_value(actions, rewards, propensities, target_probs, reward_model):
    n = len(actions)
    direct = sum(float(row @ q) for row, q in zip(target_probs, reward_model)) / n
    residuals = [r - q[a] for a, r, q in zip(actions, rewards, reward_model)]
    return direct + ips_value(actions, residuals, propensities, target_probs)
