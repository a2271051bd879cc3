# mistake: keeps the backlog in a list and scans it with min() for the head at every fill: O(backlog) per fill
# caught-by: runs in O(E log E)
def process_events(events, initial_stock, policy):
    stock, backlog, shipments = initial_stock, [], []  # backlog entries: [key, id, needed]
    for index, event in enumerate(events):
        if event[0] == "order":
            _, oid, qty, prio = event
            backlog.append([(prio if policy == "priority" else 0, index), oid, qty])
        elif event[0] == "restock":
            stock += event[1]
        else:
            backlog = [o for o in backlog if o[1] != event[1]]
            continue
        while stock > 0 and backlog:
            head = min(backlog)
            qty = min(stock, head[2])
            shipments.append((index, head[1], qty))
            stock -= qty
            head[2] -= qty
            if head[2] == 0:
                backlog.remove(head)
    backlog.sort()
    return {"shipments": shipments, "backlog": [(o[1], o[2]) for o in backlog], "stock": stock}
