# mistake: samples with replacement (random.choices), so a position can be picked twice
# caught-by: sample is k distinct items of the stream
import random


def reservoir_sample(stream, k, seed):
    items = list(stream)
    if len(items) <= k:
        return items
    return random.Random(seed).choices(items, k=k)
