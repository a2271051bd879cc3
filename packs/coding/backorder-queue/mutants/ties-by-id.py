# mistake: keys the heap by (priority, order id), so equal priorities are served alphabetically, not by arrival
# caught-by: priority ties keep arrival order
import heapq


def process_events(events, initial_stock, policy):
    stock, needed, heap, shipments = initial_stock, {}, [], []
    for index, event in enumerate(events):
        if event[0] == "order":
            _, oid, qty, prio = event
            needed[oid] = qty
            heapq.heappush(heap, (prio, oid) if policy == "priority" else (index, oid))
        elif event[0] == "restock":
            stock += event[1]
        else:
            needed.pop(event[1], None)
            continue
        while stock > 0 and heap:
            oid = heap[0][1]
            if oid not in needed:
                heapq.heappop(heap)
                continue
            qty = min(stock, needed[oid])
            shipments.append((index, oid, qty))
            stock -= qty
            needed[oid] -= qty
            if needed[oid] == 0:
                del needed[oid]
                heapq.heappop(heap)
    waiting = sorted(e for e in heap if e[1] in needed)
    return {"shipments": shipments, "backlog": [(e[1], needed[e[1]]) for e in waiting], "stock": stock}
