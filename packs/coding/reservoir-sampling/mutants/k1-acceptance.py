# mistake: uses the k = 1 rule, accepting item i with probability 1 / (i + 1) instead of k / (i + 1)
# caught-by: every item equally likely
import random


def reservoir_sample(stream, k, seed):
    rng = random.Random(seed)
    reservoir = []
    for i, item in enumerate(stream):
        if i < k:
            reservoir.append(item)
        elif rng.random() < 1 / (i + 1):
            reservoir[rng.randrange(k)] = item
    return reservoir
