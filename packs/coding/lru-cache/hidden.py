from collections import OrderedDict

from mldrills.checks import Suite, compare

suite = Suite()


class _Model:
    """A cache that behaves like the statement, or like a classic mistake (by the flags)."""

    def __init__(
        self,
        capacity,
        get_refreshes=True,
        update_refreshes=True,
        update_evicts=False,
        evict_newest=False,
    ):
        self.capacity, self.entries = capacity, OrderedDict()  # oldest first
        self.get_refreshes, self.update_refreshes = get_refreshes, update_refreshes
        self.update_evicts, self.evict_newest = update_evicts, evict_newest

    def get(self, key):
        if key not in self.entries:
            return None
        if self.get_refreshes:
            self.entries.move_to_end(key)
        return self.entries[key]

    def put(self, key, value):
        if self.capacity == 0:
            return
        if key in self.entries and not self.update_evicts:
            self.entries[key] = value
            if self.update_refreshes:
                self.entries.move_to_end(key)
            return
        if self.evict_newest or self.update_evicts:  # evict first, then insert
            if len(self.entries) >= self.capacity:
                self.entries.popitem(last=self.evict_newest)
            self.entries.pop(key, None)
        self.entries[key] = value
        if len(self.entries) > self.capacity:
            self.entries.popitem(last=False)


MISTAKES = {
    "get does not move the key to the most recently used end": {"get_refreshes": False},
    "put on an existing key updates the value but does not refresh its recency": {
        "update_refreshes": False
    },
    "put on an existing key evicts as if the key were new (the size does not grow on an update)": {
        "update_evicts": True
    },
    "evicts from the wrong end: the most recently used key goes first": {"evict_newest": True},
}


def _simulate(model, ops):
    return [model.get(op[1]) if op[0] == "get" else model.put(op[1], op[2]) for op in ops]


def _check_ops(t, capacity, ops, label):
    """Run ops on the learner's cache; compare every get with the statement's behaviour."""
    cache = t.sub.LRUCache(capacity)
    calls = [["get", op[1]] if op[0] == "get" else ["put", op[1], op[2]] for op in ops]
    got = t.helper("call_methods", cache, calls)  # the whole sequence in one round trip
    want = _simulate(_Model(capacity), ops)
    for i, op in enumerate(ops):
        if op[0] == "get" and not (got[i] == want[i] and type(got[i]) is type(want[i])):
            shown = [f"LRUCache({capacity})"] * (i < 7) + [
                f"{o[0]}({o[1]!r}{', ' + repr(o[2]) if o[0] == 'put' else ''})"
                for o in ops[max(0, i - 7) : i + 1]
            ]
            likely = next(
                (
                    name
                    for name, flags in MISTAKES.items()
                    if _simulate(_Model(capacity, **flags), ops) == got
                ),
                None,
            )
            t.fail(
                f"{label}: call {i + 1} of {len(ops)}, get({op[1]!r}) returned "
                f"{compare.short(got[i])}, expected {compare.short(want[i])}\n"
                f"  calls: {'; '.join(shown)}",
                hint=f"likely mistake: {likely}" if likely else None,
            )


def _random_ops(rng, n, pool):
    ops = []
    for i in range(n):
        key = int(rng.integers(pool))
        ops.append(("put", key, i) if rng.random() < 0.5 else ("get", key))
    return ops


@suite.check(
    "updating a key refreshes it and never evicts",
    hint="an update keeps the number of keys unchanged (no eviction) but makes the key the "
    "most recently used",
)
def updates(t):
    _check_ops(
        t,
        2,
        [
            ("put", "a", 1),
            ("put", "b", 2),
            ("put", "a", 3),
            ("put", "c", 4),
            ("get", "a"),
            ("get", "b"),
            ("get", "c"),
        ],
        "update at full capacity",
    )
    _check_ops(
        t,
        3,
        [
            ("put", 1, 1),
            ("put", 2, 2),
            ("put", 3, 3),
            ("put", 1, 10),
            ("put", 4, 4),
            ("get", 1),
            ("get", 2),
            ("get", 3),
            ("get", 4),
        ],
        "update refreshes the key",
    )


@suite.check(
    "capacity 1 and 0",
    hint="with capacity 0 nothing is stored; with capacity 1 every new key evicts the old one",
)
def small_capacity(t):
    _check_ops(
        t,
        1,
        [
            ("put", "x", 1),
            ("get", "x"),
            ("put", "y", 2),
            ("get", "x"),
            ("get", "y"),
            ("put", "y", 3),
            ("get", "y"),
        ],
        "capacity 1",
    )
    _check_ops(t, 0, [("put", "x", 1), ("get", "x"), ("put", "x", 2), ("get", "x")], "capacity 0")


@suite.check("missing keys", hint="get of a missing key returns None and changes nothing")
def missing(t):
    _check_ops(
        t,
        2,
        [
            ("get", 5),
            ("put", 1, "a"),
            ("put", 2, "b"),
            ("get", 3),
            ("put", 4, "c"),
            ("get", 1),
            ("get", 2),
            ("get", 4),
        ],
        "misses in between",
    )


@suite.check(
    "random operation sequences",
    hint="every put and every successful get makes its key the most recently used; evict "
    "only when a new key pushes the size over capacity",
)
def random_sequences(t):
    for capacity, n, pool in ((2, 60, 4), (5, 200, 9), (16, 400, 30), (50, 500, 80)):
        _check_ops(
            t,
            capacity,
            _random_ops(t.rng, n, pool),
            f"{n} random calls, capacity {capacity}, keys 0..{pool - 1}",
        )
    words = ["user:7", ("item", 3), "user:1", ("item", 9), "user:7b"]
    ops = [("put", words[i % 5], i) if i % 3 else ("get", words[(i * 2) % 5]) for i in range(40)]
    _check_ops(t, 3, ops, "string and tuple keys")


def _full_cache(t, capacity):
    """A learner's cache holding the keys 0 .. capacity - 1."""
    cache = t.sub.LRUCache(capacity)
    t.helper("call_each", cache.put, [[k, k] for k in range(capacity)])  # one round trip
    return cache


def _get_seconds(t, cache, keys):
    """CPU seconds per get in the child, all gets in one round trip.

    The trusted call_each helper only calls get; it never compares what get returns (an
    earlier version sorted the keys by get's results and failed with its own TypeError
    when a cache returned None or values of mixed types).
    """
    return t.timed_helper("call_each", cache.get, [[k] for k in keys])[1] / len(keys)


def _put_seconds(t, cache, pairs):
    """CPU seconds per put in the child, all puts in one round trip."""
    return t.timed_helper("call_each", cache.put, pairs)[1] / len(pairs)


@suite.check(
    "get and put are O(1)",
    hint="a dict gives O(1) lookup; a doubly linked list (or OrderedDict.move_to_end) gives "
    "O(1) reordering and eviction. list.remove, list.pop(0) or a min() over keys is O(n)",
    seconds=20,
)
def constant_time(t):
    small, large = 128, 4096
    caches = {n: _full_cache(t, n) for n in (small, large)}
    # interleave the two sizes so both see the same machine load; keep the fastest round
    gets = {small: [], large: []}
    puts = {small: [], large: []}
    for _ in range(3):
        for n, cache in caches.items():
            gets[n].append(_get_seconds(t, cache, [int(k) for k in t.rng.integers(0, n, 1000)]))
    for r in range(3):
        for n, cache in caches.items():
            fresh = [[n + 100 * r + j, j] for j in range(100)]  # new keys: each put evicts
            puts[n].append(_put_seconds(t, cache, fresh))
    for what, per_op, limit in (
        ("get", {n: min(v) for n, v in gets.items()}, 4.0),
        ("put", {n: min(v) for n, v in puts.items()}, 2.5),
    ):
        ratio = per_op[large] / max(per_op[small], 1e-9)
        compare.is_true(
            ratio <= limit,
            f"correct results, but too slow: one {what} took {per_op[large] * 1e6:.1f} us of "
            f"CPU with {large} cached keys and {per_op[small] * 1e6:.1f} us with {small} "
            f"(x{ratio:.1f} for x{large // small} keys); an O(1) {what} takes about the same "
            "time at both sizes",
        )
