# mistake: keeps visited nodes in a list, so every membership test scans it: O(V) per
# edge, O(V * E) in total
# caught-by: runs in O(V + E)
from collections import deque


def creates_cycle(edges, u, v):
    if u == v:
        return True
    out = {}
    for a, b in edges:
        out.setdefault(a, []).append(b)
    visited, queue = [v], deque([v])
    while queue:
        for nxt in out.get(queue.popleft(), []):
            if nxt == u:
                return True
            if nxt not in visited:
                visited.append(nxt)
                queue.append(nxt)
    return False
