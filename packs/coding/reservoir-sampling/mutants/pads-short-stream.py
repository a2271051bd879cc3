# mistake: preallocates k slots and returns them even when the stream ends before they are filled
# caught-by: stream shorter than k
import random


def reservoir_sample(stream, k, seed):
    rng = random.Random(seed)
    reservoir = [None] * k
    for i, item in enumerate(stream):
        if i < k:
            reservoir[i] = item
        else:
            j = rng.randrange(i + 1)
            if j < k:
                reservoir[j] = item
    return reservoir
