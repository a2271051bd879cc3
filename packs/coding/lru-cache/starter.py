from collections.abc import Hashable
from typing import Any


class LRUCache:
    """A key-value cache of fixed capacity that evicts the least recently used key."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity

    def get(self, key: Hashable) -> Any | None:
        """Return the value for key (marking it most recently used), or None."""
        raise NotImplementedError

    def put(self, key: Hashable, value: Any) -> None:
        """Store value under key as the most recently used; evict the LRU key if over capacity."""
        raise NotImplementedError
