def process_events(events: list[tuple], initial_stock: int, policy: str) -> dict:
    """Process orders, restocks and cancels in order; return shipments, backlog and stock."""
    raise NotImplementedError
