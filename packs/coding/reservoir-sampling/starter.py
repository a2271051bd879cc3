from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def reservoir_sample(stream: Iterable[T], k: int, seed: int) -> list[T]:
    """Return k items of stream chosen uniformly without replacement, in one pass."""
    raise NotImplementedError
