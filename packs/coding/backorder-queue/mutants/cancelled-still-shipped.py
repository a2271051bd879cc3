# mistake: records the cancellation but the allocation loop never checks it, so cancelled orders keep being shipped
# caught-by: cancellations
import heapq


def process_events(events, initial_stock, policy):
    stock, needed, heap, shipments, cancelled = initial_stock, {}, [], [], set()
    for index, event in enumerate(events):
        if event[0] == "order":
            _, oid, qty, prio = event
            needed[oid] = qty
            heapq.heappush(heap, (prio if policy == "priority" else 0, index, oid))
        elif event[0] == "restock":
            stock += event[1]
        else:
            cancelled.add(event[1])
            continue
        while stock > 0 and heap:
            oid = heap[0][2]
            qty = min(stock, needed[oid])
            shipments.append((index, oid, qty))
            stock -= qty
            needed[oid] -= qty
            if needed[oid] == 0:
                heapq.heappop(heap)
    waiting = sorted(e for e in heap if e[2] not in cancelled and needed[e[2]] > 0)
    return {"shipments": shipments, "backlog": [(e[2], needed[e[2]]) for e in waiting], "stock": stock}
