import heapq


def process_events(events: list[tuple], initial_stock: int, policy: str) -> dict:
    """Process orders, restocks and cancels in order; return shipments, backlog and stock."""
    stock = initial_stock
    needed: dict[str, int] = {}  # order id -> units still needed, for orders in the backlog
    heap: list[tuple[int, int, str]] = []  # (priority, arrival, id); fifo uses priority 0
    shipments: list[tuple[int, str, int]] = []

    for index, event in enumerate(events):
        kind = event[0]
        if kind == "order":
            _, order_id, qty, priority = event
            needed[order_id] = qty
            heapq.heappush(heap, (priority if policy == "priority" else 0, index, order_id))
        elif kind == "restock":
            stock += event[1]
        elif kind == "cancel":
            needed.pop(event[1], None)  # its heap entry is dropped when it reaches the top
            continue
        # allocate: the head order takes all it can use before anyone behind it
        while stock > 0 and heap:
            order_id = heap[0][2]
            if order_id not in needed:  # cancelled: lazy deletion
                heapq.heappop(heap)
                continue
            qty = min(stock, needed[order_id])
            shipments.append((index, order_id, qty))
            stock -= qty
            needed[order_id] -= qty
            if needed[order_id] == 0:
                del needed[order_id]
                heapq.heappop(heap)

    waiting = sorted(entry for entry in heap if entry[2] in needed)
    return {
        "shipments": shipments,
        "backlog": [(order_id, needed[order_id]) for _, _, order_id in waiting],
        "stock": stock,
    }
