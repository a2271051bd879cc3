# A different algorithm (Li's "Algorithm L"): instead of a coin per item, draw how many
# items to skip before the next replacement, from a geometric law; numpy's generator.
import math

import numpy as np


def reservoir_sample(stream, k, seed):
    rng = np.random.default_rng(seed)
    if k == 0:
        return []
    it = iter(stream)
    reservoir = []
    for item in it:
        reservoir.append(item)
        if len(reservoir) == k:
            break
    if len(reservoir) < k:
        return reservoir
    w = math.exp(math.log(rng.random()) / k)
    skip = math.floor(math.log(rng.random()) / math.log(1 - w))
    for item in it:
        if skip > 0:
            skip -= 1
            continue
        reservoir[int(rng.integers(k))] = item
        w *= math.exp(math.log(rng.random()) / k)
        skip = math.floor(math.log(rng.random()) / math.log(1 - w))
    return reservoir
