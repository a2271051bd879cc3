# mistake: stores every edge both ways, so it answers "are u and v connected" instead of
# "does a directed path lead from v to u"
# caught-by: edges are directed
from collections import defaultdict, deque


def creates_cycle(edges, u, v):
    nbrs = defaultdict(set)
    for a, b in edges:
        nbrs[a].add(b)
        nbrs[b].add(a)
    seen, queue = {v}, deque([v])
    while queue:
        node = queue.popleft()
        if node == u:
            return True
        for nxt in nbrs[node] - seen:
            seen.add(nxt)
            queue.append(nxt)
    return False
