# Depth-first search in true recursive order, with the call stack made explicit as a
# stack of successor iterators, over nodes renumbered 0..V-1.
def creates_cycle(edges: list[tuple[int, int]], u: int, v: int) -> bool:
    """True if adding the edge u -> v closes a directed cycle (u is reachable from v)."""
    index: dict[int, int] = {}  # node id -> 0..V-1
    for node in (u, v, *(x for edge in edges for x in edge)):
        index.setdefault(node, len(index))
    succ: list[list[int]] = [[] for _ in index]
    for a, b in edges:
        succ[index[a]].append(index[b])
    start, target = index[v], index[u]
    if start == target:
        return True
    visited = [False] * len(index)
    visited[start] = True
    stack = [iter(succ[start])]  # one iterator per node on the current path
    while stack:
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()  # every successor done: back to the parent
        elif nxt == target:
            return True
        elif not visited[nxt]:
            visited[nxt] = True
            stack.append(iter(succ[nxt]))
    return False
