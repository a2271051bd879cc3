# Another way: the doubly linked list lives in two dicts of neighbour keys instead of node
# objects; a sentinel key closes the ring. Every operation touches O(1) entries.
_END = object()  # sentinel: _next[_END] is the least, _prev[_END] the most recently used


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.values = {}
        self._next = {_END: _END}
        self._prev = {_END: _END}

    def _unlink(self, key):
        p, n = self._prev.pop(key), self._next.pop(key)
        self._next[p], self._prev[n] = n, p

    def _append(self, key):  # becomes the most recently used
        last = self._prev[_END]
        self._next[last], self._prev[key] = key, last
        self._next[key], self._prev[_END] = _END, key

    def get(self, key):
        if key not in self.values:
            return None
        self._unlink(key)
        self._append(key)
        return self.values[key]

    def put(self, key, value):
        if self.capacity == 0:
            return
        if key in self.values:
            self._unlink(key)
        self.values[key] = value
        self._append(key)
        if len(self.values) > self.capacity:
            oldest = self._next[_END]
            self._unlink(oldest)
            del self.values[oldest]
