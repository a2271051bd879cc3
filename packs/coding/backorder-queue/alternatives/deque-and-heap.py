# Another way: a deque for FIFO (with the cancelled orders removed when they reach the
# front) and a heap for priority; orders live in a dict of mutable records.
import heapq
from collections import deque


def process_events(events, initial_stock, policy):
    stock = initial_stock
    orders = {}  # id -> [units still needed, cancelled]
    queue = deque() if policy == "fifo" else []
    shipments = []

    def head():
        while queue:
            oid = queue[0] if policy == "fifo" else queue[0][2]
            rec = orders[oid]
            if rec[0] > 0 and not rec[1]:
                return oid
            if policy == "fifo":
                queue.popleft()
            else:
                heapq.heappop(queue)
        return None

    for index, event in enumerate(events):
        kind = event[0]
        if kind == "order":
            _, oid, qty, prio = event
            orders[oid] = [qty, False]
            if policy == "fifo":
                queue.append(oid)
            else:
                heapq.heappush(queue, (prio, index, oid))
        elif kind == "restock":
            stock += event[1]
        else:
            if event[1] in orders:
                orders[event[1]][1] = True
            continue
        oid = head()
        while stock > 0 and oid is not None:
            qty = min(stock, orders[oid][0])
            shipments.append((index, oid, qty))
            stock -= qty
            orders[oid][0] -= qty
            oid = head()

    live = list(queue) if policy == "fifo" else [e[2] for e in sorted(queue)]
    backlog = [(oid, orders[oid][0]) for oid in live if orders[oid][0] > 0 and not orders[oid][1]]
    return {"shipments": shipments, "backlog": backlog, "stock": stock}
