# mistake: fills only orders that can be completed, skipping a big head order for smaller ones behind it
# caught-by: partial fills never skip the queue
def process_events(events, initial_stock, policy):
    stock = initial_stock
    backlog = []  # [key, id, needed]
    shipments = []
    for index, event in enumerate(events):
        if event[0] == "order":
            _, oid, qty, prio = event
            backlog.append([(prio if policy == "priority" else 0, index), oid, qty])
            backlog.sort()
        elif event[0] == "restock":
            stock += event[1]
        else:
            backlog = [o for o in backlog if o[1] != event[1]]
            continue
        for o in list(backlog):
            if o[2] <= stock:
                shipments.append((index, o[1], o[2]))
                stock -= o[2]
                backlog.remove(o)
    return {"shipments": shipments, "backlog": [(o[1], o[2]) for o in backlog], "stock": stock}
