# mistake: stamps each key with a counter and finds the oldest with min() on every eviction: O(n) per put
# caught-by: get and put are O(1)
class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.entries = {}  # key -> [value, last use]
        self.clock = 0

    def get(self, key):
        entry = self.entries.get(key)
        if entry is None:
            return None
        self.clock += 1
        entry[1] = self.clock
        return entry[0]

    def put(self, key, value):
        if self.capacity == 0:
            return
        self.clock += 1
        self.entries[key] = [value, self.clock]
        if len(self.entries) > self.capacity:
            oldest = min(self.entries, key=lambda k: self.entries[k][1])
            del self.entries[oldest]
