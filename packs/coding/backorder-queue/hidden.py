from mldrills.checks import Case, Suite, compare, complexity

suite = Suite()


def _model(events, stock, policy, *, skip=False, one_fill=False, tie_by_id=False,
           reversed_priority=False, serve_cancelled=False):
    """A plain list-based simulation of the rules, or of a classic mistake (by the flags)."""
    backlog = []  # [key, order id, units needed, cancelled]
    shipments = []

    def key(priority, arrival, order_id):
        if policy != "priority":
            return (0, arrival)
        urgency = -priority if reversed_priority else priority
        return (urgency, order_id) if tie_by_id else (urgency, arrival)

    def allocate(index):
        nonlocal stock
        while stock > 0:
            live = sorted(o for o in backlog if serve_cancelled or not o[3])
            if skip:  # all or nothing: the first order that fits entirely
                live = [o for o in live if o[2] <= stock]
            if not live:
                return
            head = live[0]
            qty = min(stock, head[2])
            shipments.append((index, head[1], qty))
            stock -= qty
            head[2] -= qty
            if head[2] == 0:
                backlog.remove(head)
            if one_fill:
                return

    for index, event in enumerate(events):
        if event[0] == "order":
            backlog.append([key(event[3], index, event[1]), event[1], event[2], False])
        elif event[0] == "restock":
            stock += event[1]
        else:
            for o in backlog:
                if o[1] == event[1]:
                    o[3] = True
            continue
        allocate(index)
    waiting = sorted(o for o in backlog if not o[3])
    return {"shipments": shipments, "backlog": [(o[1], o[2]) for o in waiting], "stock": stock}


MISTAKES = {
    "all-or-nothing fills: an order that cannot be completed is skipped for a smaller one "
    "behind it": {"skip": True},
    "a restock (or an order) fills at most one backlogged order, leaving stock unused": {"one_fill": True},
    "equal priorities are ordered by order id, not by arrival (a heap of (priority, id))":
        {"tie_by_id": True},
    "larger priority numbers are served first": {"reversed_priority": True},
    "cancelled orders are still shipped": {"serve_cancelled": True},
}


def _expect(t, events, stock, policy, label):
    """The learner's result must equal the rules' result, part by part."""
    want = t.ref.process_events(list(events), stock, policy)
    got = t.sub.process_events(events, stock, policy)
    inputs = f"{label}: initial_stock={stock}, policy={policy!r}, events={compare.short(events, 200)}"
    compare.is_true(
        isinstance(got, dict) and set(got) == {"shipments", "backlog", "stock"},
        f"expected a dict with keys 'shipments', 'backlog', 'stock', got {compare.short(got)}",
        inputs=inputs,
    )
    models = {name: _model(events, stock, policy, **flags) for name, flags in MISTAKES.items()}
    for part in ("shipments", "backlog", "stock"):
        compare.equal(got[part], want[part], what=part, inputs=inputs,
                      diagnose={name: m[part] for name, m in models.items()})


@suite.check(
    "partial fills never skip the queue",
    hint="the head order takes min(stock, what it needs); orders behind it wait, even small ones",
)
def no_skipping(t):
    events = [("order", "big", 10, 1), ("order", "small", 1, 1), ("restock", 3), ("restock", 8)]
    for policy in ("fifo", "priority"):
        _expect(t, events, 0, policy, "a big order ahead of a small one")
    _expect(t, [("order", "x", 5, 2), ("order", "y", 2, 2), ("order", "z", 1, 2), ("restock", 2)],
            1, "fifo", "stock on hand, then a restock")


@suite.check(
    "one restock can serve several orders",
    hint="keep allocating while there is stock and someone is waiting: a loop, not a single fill",
)
def several(t):
    events = [("order", "a", 1, 3), ("order", "b", 2, 2), ("order", "c", 3, 1), ("restock", 10)]
    for policy in ("fifo", "priority"):
        _expect(t, events, 0, policy, "three orders, one large restock")
    _expect(t, [("order", "a", 2, 1), ("order", "b", 2, 1)], 3, "priority",
            "stock on hand covers the first order and part of the second")


@suite.check(
    "priority ties keep arrival order",
    hint="key the queue by (priority, arrival), never by (priority, order id)",
)
def ties(t):
    events = [("order", "zed", 2, 5), ("order", "amy", 2, 5), ("order", "max", 2, 4),
              ("order", "bob", 2, 5), ("restock", 3), ("restock", 5)]
    _expect(t, events, 0, "priority", "ids in reverse alphabetical order")


@suite.check(
    "cancellations",
    hint="a cancelled order must never be shipped again; cancelling an unknown or finished "
    "order does nothing (with a heap, skip cancelled entries when they reach the top)",
)
def cancellations(t):
    events = [("order", "p", 3, 1), ("order", "q", 4, 2), ("cancel", "p"), ("cancel", "nobody"),
              ("restock", 2), ("cancel", "q"), ("cancel", "q"), ("order", "r", 1, 3), ("restock", 5)]
    for policy in ("fifo", "priority"):
        _expect(t, events, 0, policy, "cancel waiting, partially filled, unknown, twice")
    done = [("order", "u", 1, 1), ("cancel", "u"), ("order", "v", 2, 1), ("restock", 1)]
    _expect(t, done, 1, "priority", "cancel a completed order")


@suite.check("no events and stock on hand", hint="with nothing to do, return the initial stock")
def nothing(t):
    _expect(t, [], 7, "fifo", "no events")
    _expect(t, [("restock", 4), ("restock", 1)], 0, "priority", "restocks only")
    _expect(t, [("order", "o", 3, 1)], 10, "fifo", "an order filled from stock at once")


def _random_events(rng, n, n_ids):
    events, ids = [], []
    for _ in range(n):
        r = rng.random()
        if r < 0.5:
            oid = f"o{int(rng.integers(10**6)):06d}"  # ids in no particular order
            while oid in ids:
                oid = f"o{int(rng.integers(10**6)):06d}"
            ids.append(oid)
            events.append(("order", oid, int(rng.integers(1, 6)), int(rng.integers(1, 4))))
        elif r < 0.85:
            events.append(("restock", int(rng.integers(1, 7))))
        elif ids:
            events.append(("cancel", ids[int(rng.integers(len(ids)))]))
    return events


@suite.check(
    "random event streams",
    hint="after every order and every restock, allocate until stock runs out or nobody waits",
)
def random_streams(t):
    for n, stock in ((10, 0), (40, 3), (200, 0), (600, 10)):
        events = _random_events(t.rng, n, n)
        for policy in ("fifo", "priority"):
            _expect(t, events, stock, policy, f"{n} random events")


@suite.check("events list is left unchanged", hint="keep your own backlog; never edit events")
def not_mutated(t):
    events = [("order", "a", 3, 2), ("restock", 1), ("order", "b", 1, 1), ("cancel", "a")]
    remote = t.remote(events)
    t.sub.process_events(remote, 0, "priority")
    compare.equal(remote._get(), events, what="events after the call", inputs=str(events))


def _busy(n, rng):
    """n/2 orders with no stock, then n/2 small restocks that each complete about one order."""
    half = n // 2
    orders = [("order", f"o{i}", 2, int(p)) for i, p in enumerate(rng.integers(1, 1000, half))]
    return Case.of(orders + [("restock", 2)] * half, 0, "priority")


suite.add(
    complexity(
        "process_events",
        _busy,
        n=500,
        max_n=8_000,
        legacy_sizes=(1_000, 16_000),  # the CPU-only method's n, max_n
        # the scan-backlog mutant's min() and remove() scans are C work, seen only by CPU
        # time; from n=250 its per-event Python overhead diluted its growth to n^1.84
        # against an allowance of ~1.7, and it once passed. From n=500 up to 8,000 (a
        # 0.3 s target; the reference takes ~6 ms there) the quadratic shows clearly.
        target_seconds=0.3,
        name="runs in O(E log E)",
        hint="keep the backlog in a heap keyed by (priority, arrival): O(log n) per fill; never "
        "scan or sort the whole backlog for each fill",
        seconds=20,
    )
)
