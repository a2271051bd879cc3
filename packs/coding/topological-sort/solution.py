from collections import deque


def topological_sort(num_nodes: int, edges: list[tuple[int, int]]) -> tuple[bool, list[int]]:
    """Return (True, an order of all nodes) for a DAG, else (False, the nodes of one cycle)."""
    succ: list[list[int]] = [[] for _ in range(num_nodes)]
    indegree = [0] * num_nodes
    for u, v in edges:
        succ[u].append(v)
        indegree[v] += 1

    # Kahn: repeatedly take a node with no unprocessed predecessor
    ready = deque(v for v in range(num_nodes) if indegree[v] == 0)
    order = []
    while ready:
        u = ready.popleft()
        order.append(u)
        for v in succ[u]:
            indegree[v] -= 1
            if indegree[v] == 0:
                ready.append(v)
    if len(order) == num_nodes:
        return True, order

    # Every node left has a predecessor that is also left: walking backwards through such
    # predecessors must revisit a node, and the walk between the two visits is a cycle.
    left = {v for v in range(num_nodes) if indegree[v] > 0}
    pred = {}
    for u, v in edges:
        if u in left and v in left:
            pred[v] = u
    walk, seen = [], {}
    v = next(iter(left))
    while v not in seen:
        seen[v] = len(walk)
        walk.append(v)
        v = pred[v]
    cycle = walk[seen[v]:]  # backwards: each node's predecessor follows it
    return False, cycle[::-1]
