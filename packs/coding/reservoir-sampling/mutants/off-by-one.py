# mistake: draws j from 0..i-1 instead of 0..i, so item i enters with probability k / i
# caught-by: every item equally likely
import random


def reservoir_sample(stream, k, seed):
    rng = random.Random(seed)
    reservoir = []
    for i, item in enumerate(stream):
        if i < k:
            reservoir.append(item)
        else:
            j = rng.randrange(i)
            if j < k:
                reservoir[j] = item
    return reservoir
