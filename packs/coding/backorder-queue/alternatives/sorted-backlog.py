# Another way: the backlog is a list kept sorted by (priority, arrival) with bisect.insort,
# and a cancel removes its order from the list at once (no lazy deletion). Inserting into
# and deleting from a Python list shift memory, but in C, which is fast at these sizes.
import bisect


def process_events(events, initial_stock, policy):
    stock = initial_stock
    backlog = []  # sorted [(priority, arrival, order_id)]
    key_of = {}  # order id -> its backlog key, while it waits
    needed = {}
    shipments = []
    for index, event in enumerate(events):
        if event[0] == "order":
            _, order_id, qty, priority = event
            key = (priority if policy == "priority" else 0, index, order_id)
            bisect.insort(backlog, key)
            key_of[order_id] = key
            needed[order_id] = qty
        elif event[0] == "restock":
            stock += event[1]
        else:
            key = key_of.pop(event[1], None)
            if key is not None:
                del backlog[bisect.bisect_left(backlog, key)]
                del needed[event[1]]
            continue
        while stock > 0 and backlog:
            order_id = backlog[0][2]
            qty = min(stock, needed[order_id])
            shipments.append((index, order_id, qty))
            stock -= qty
            needed[order_id] -= qty
            if needed[order_id] == 0:
                del backlog[0], needed[order_id], key_of[order_id]
    return {
        "shipments": shipments,
        "backlog": [(order_id, needed[order_id]) for _, _, order_id in backlog],
        "stock": stock,
    }
