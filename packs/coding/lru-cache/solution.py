from collections.abc import Hashable
from typing import Any


class _Node:
    """A cache entry, linked to its neighbours in recency order."""

    __slots__ = ("key", "next", "prev", "value")

    def __init__(self, key: Hashable = None, value: Any = None) -> None:
        self.key, self.value = key, value
        self.prev: _Node = self
        self.next: _Node = self


class LRUCache:
    """A key-value cache of fixed capacity that evicts the least recently used key."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.nodes: dict[Hashable, _Node] = {}
        # a sentinel closes the ring: head.next is the most, head.prev the least recently used
        self.head = _Node()

    def _unlink(self, node: _Node) -> None:
        node.prev.next, node.next.prev = node.next, node.prev

    def _push_front(self, node: _Node) -> None:
        node.prev, node.next = self.head, self.head.next
        self.head.next.prev = node
        self.head.next = node

    def get(self, key: Hashable) -> Any | None:
        """Return the value for key (marking it most recently used), or None."""
        node = self.nodes.get(key)
        if node is None:
            return None
        self._unlink(node)
        self._push_front(node)
        return node.value

    def put(self, key: Hashable, value: Any) -> None:
        """Store value under key as the most recently used; evict the LRU key if over capacity."""
        if self.capacity == 0:
            return
        node = self.nodes.get(key)
        if node is not None:  # update in place and refresh; the size does not change
            node.value = value
            self._unlink(node)
            self._push_front(node)
            return
        node = _Node(key, value)
        self.nodes[key] = node
        self._push_front(node)
        if len(self.nodes) > self.capacity:
            oldest = self.head.prev
            self._unlink(oldest)
            del self.nodes[oldest.key]
