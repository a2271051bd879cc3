# mistake: put on an existing key overwrites the value but leaves its recency unchanged
# caught-by: updating a key refreshes it and never evicts
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
        if self.capacity == 0:
            return
        self.entries[key] = value  # an existing key keeps its old position
        if len(self.entries) > self.capacity:
            self.entries.popitem(last=False)
