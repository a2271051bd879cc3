import random
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def reservoir_sample(stream: Iterable[T], k: int, seed: int) -> list[T]:
    """Return k items of stream chosen uniformly without replacement, in one pass."""
    rng = random.Random(seed)
    reservoir: list[T] = []
    for i, item in enumerate(stream):
        if i < k:
            reservoir.append(item)  # the first k items fill the reservoir
        else:
            j = rng.randrange(i + 1)  # uniform over positions 0..i
            if j < k:  # happens with probability k / (i + 1)
                reservoir[j] = item  # evict a uniformly chosen kept item
    return reservoir
