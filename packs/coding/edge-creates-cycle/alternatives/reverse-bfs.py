# The same question asked backwards: walk the reversed edges from u with a queue (BFS)
# and see whether v is an ancestor of u.
from collections import defaultdict, deque


def creates_cycle(edges: list[tuple[int, int]], u: int, v: int) -> bool:
    """True if adding the edge u -> v closes a directed cycle (u is reachable from v)."""
    preds: defaultdict[int, set[int]] = defaultdict(set)  # node -> its predecessors
    for a, b in edges:
        preds[b].add(a)
    seen = {u}
    queue = deque([u])
    while queue:
        node = queue.popleft()
        if node == v:
            return True
        for prev in preds.get(node, ()):
            if prev not in seen:
                seen.add(prev)
                queue.append(prev)
    return False
