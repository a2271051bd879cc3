# mistake: accepts with the right probability but always evicts the oldest kept item (a FIFO), not a random one
# caught-by: every subset equally likely
import random
from collections import deque


def reservoir_sample(stream, k, seed):
    rng = random.Random(seed)
    reservoir = deque()
    for i, item in enumerate(stream):
        if i < k:
            reservoir.append(item)
        elif rng.randrange(i + 1) < k:
            reservoir.popleft()
            reservoir.append(item)
    return list(reservoir)
