# mistake: evicts whenever the cache is full before a put, even when the key is only being updated (and crashes at capacity 0)
# caught-by: capacity 1 and 0
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.entries = OrderedDict()

    def get(self, key):
        if key not in self.entries:
            return None
        self.entries.move_to_end(key)
        return self.entries[key]

    def put(self, key, value):
        if len(self.entries) >= self.capacity:
            self.entries.popitem(last=False)
        self.entries.pop(key, None)
        self.entries[key] = value
