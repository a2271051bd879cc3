from mldrills.checks import Suite, compare

suite = Suite()

EVENTS = [
    ("order", "A", 4, 2),
    ("order", "B", 3, 1),
    ("order", "C", 1, 1),
    ("restock", 4),
    ("cancel", "B"),
    ("restock", 1),
]


# what classic mistakes return on these events (for naming the mistake in a failure)
SKIP = "all-or-nothing fills: an order that cannot be completed is skipped for a smaller one behind it"
ONE = "a restock (or an order) fills at most one backlogged order, leaving stock unused"
CANCEL = "cancelled orders are still shipped"
REVERSED = "larger priority numbers are served first"
MISTAKEN_SHIPMENTS = {
    "fifo": {
        SKIP: [(2, "C", 1), (3, "A", 4)],
        ONE: [(0, "A", 2), (3, "A", 2), (5, "C", 1)],
        CANCEL: [(0, "A", 2), (3, "A", 2), (3, "B", 2), (5, "B", 1)],
    },
    "priority": {
        SKIP: [(2, "C", 1), (3, "B", 3)],
        ONE: [(0, "A", 2), (3, "B", 3), (5, "C", 1)],
        REVERSED: [(0, "A", 2), (3, "A", 2), (3, "B", 2), (5, "C", 1)],
    },
}


def expect(t, policy, want):
    got = t.sub.process_events(EVENTS, 2, policy)
    inputs = f"the statement's events, initial_stock=2, policy={policy!r}"
    compare.is_true(
        isinstance(got, dict) and set(got) == {"shipments", "backlog", "stock"},
        f"expected a dict with keys 'shipments', 'backlog', 'stock', got {compare.short(got)}",
        inputs=inputs,
    )
    compare.equal(got["shipments"], want["shipments"], what="shipments", inputs=inputs,
                  diagnose=MISTAKEN_SHIPMENTS[policy])
    for key in ("backlog", "stock"):
        compare.equal(got[key], want[key], what=key, inputs=inputs)


@suite.check(
    "FIFO example",
    hint="the head of the backlog takes all the stock it can use before anyone behind it, "
    "even if that leaves it unfinished",
)
def fifo_example(t):
    expect(t, "fifo", {
        "shipments": [(0, "A", 2), (3, "A", 2), (3, "B", 2), (5, "C", 1)],
        "backlog": [],
        "stock": 0,
    })


@suite.check(
    "priority example",
    hint="smaller priority numbers are more urgent; equal priorities are served by arrival",
)
def priority_example(t):
    expect(t, "priority", {
        "shipments": [(0, "A", 2), (3, "B", 3), (3, "C", 1), (5, "A", 1)],
        "backlog": [("A", 1)],
        "stock": 0,
    })
