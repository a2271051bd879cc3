from mldrills.checks import Suite, compare

suite = Suite()


def run_ops(t, capacity, ops):
    """Drive ("put", k, v) / ("get", k, expected) ops through the learner's cache, in order."""
    cache = t.sub.LRUCache(capacity)
    done = [f"LRUCache({capacity})"]
    for op in ops:
        if op[0] == "put":
            cache.put(op[1], op[2])
            done.append(f"put({op[1]!r}, {op[2]!r})")
            continue
        got = cache.get(op[1])
        done.append(f"get({op[1]!r})")
        compare.equal(
            got,
            op[2],
            what=f"get({op[1]!r})",
            inputs="; ".join(done[-8:]) + ("" if len(done) <= 8 else " (last 8 calls)"),
        )


@suite.check(
    "example from the statement",
    hint="evict the least recently used key, the one neither read nor written for longest",
)
def example(t):
    run_ops(
        t,
        2,
        [
            ("put", "a", 1),
            ("put", "b", 2),
            ("get", "a", 1),
            ("put", "c", 3),
            ("get", "b", None),
            ("put", "a", 10),
            ("get", "c", 3),
            ("get", "a", 10),
        ],
    )


@suite.check(
    "get refreshes recency",
    hint="a successful get must move the key to the most recently used end",
)
def get_refreshes(t):
    run_ops(
        t,
        3,
        [
            ("put", 1, "x"),
            ("put", 2, "y"),
            ("put", 3, "z"),
            ("get", 1, "x"),  # 1 is now the most recently used: 2 is the oldest
            ("put", 4, "w"),  # evicts 2
            ("get", 2, None),
            ("get", 1, "x"),
            ("get", 3, "z"),
            ("get", 4, "w"),
        ],
    )
