# mistake: each order or restock fills at most one backlogged order (an if where a while loop is needed)
# caught-by: one restock can serve several orders
import heapq


def process_events(events, initial_stock, policy):
    stock, needed, heap, shipments = initial_stock, {}, [], []
    for index, event in enumerate(events):
        if event[0] == "order":
            _, oid, qty, prio = event
            needed[oid] = qty
            heapq.heappush(heap, (prio if policy == "priority" else 0, index, oid))
        elif event[0] == "restock":
            stock += event[1]
        else:
            needed.pop(event[1], None)
            continue
        while heap and heap[0][2] not in needed:
            heapq.heappop(heap)
        if stock > 0 and heap:
            oid = heap[0][2]
            qty = min(stock, needed[oid])
            shipments.append((index, oid, qty))
            stock -= qty
            needed[oid] -= qty
            if needed[oid] == 0:
                del needed[oid]
                heapq.heappop(heap)
    waiting = sorted(e for e in heap if e[2] in needed)
    return {"shipments": shipments, "backlog": [(e[2], needed[e[2]]) for e in waiting], "stock": stock}
