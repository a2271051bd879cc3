# mistake: ignores the seed and uses the global random module, so results are not reproducible
# caught-by: same seed, same result
import random


def reservoir_sample(stream, k, seed):
    reservoir = []
    for i, item in enumerate(stream):
        if i < k:
            reservoir.append(item)
        else:
            j = random.randrange(i + 1)
            if j < k:
                reservoir[j] = item
    return reservoir
