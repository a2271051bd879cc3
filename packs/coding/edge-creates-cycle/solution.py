def creates_cycle(edges: list[tuple[int, int]], u: int, v: int) -> bool:
    """True if adding the edge u -> v closes a directed cycle (u is reachable from v)."""
    if u == v:  # a self-loop is a cycle of length one
        return True
    out: dict[int, list[int]] = {}  # node -> successors; ids can be any integers
    for a, b in edges:
        out.setdefault(a, []).append(b)
    # iterative depth-first search from v: an explicit stack, no recursion limit
    seen = {v}
    stack = [v]
    while stack:
        node = stack.pop()
        for nxt in out.get(node, ()):
            if nxt == u:
                return True
            if nxt not in seen:  # expand every node at most once: O(V + E)
                seen.add(nxt)
                stack.append(nxt)
    return False
