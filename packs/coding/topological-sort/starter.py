def topological_sort(num_nodes: int, edges: list[tuple[int, int]]) -> tuple[bool, list[int]]:
    """Return (True, an order of all nodes) for a DAG, else (False, the nodes of one cycle)."""
    raise NotImplementedError
