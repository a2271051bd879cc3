# mistake: get returns the value but does not move the key to the most recently used end
# caught-by: get refreshes recency
from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.entries = OrderedDict()

    def get(self, key):
        return self.entries.get(key)

    def put(self, key, value):
        if self.capacity == 0:
            return
        self.entries[key] = value
        self.entries.move_to_end(key)
        if len(self.entries) > self.capacity:
            self.entries.popitem(last=False)
