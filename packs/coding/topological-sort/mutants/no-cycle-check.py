# mistake: runs Kahn's algorithm but never checks that every node was output, so a cycle goes unnoticed
# caught-by: example with a cycle
from collections import deque


def topological_sort(num_nodes, edges):
    succ = [[] for _ in range(num_nodes)]
    indegree = [0] * num_nodes
    for u, v in edges:
        succ[u].append(v)
        indegree[v] += 1
    ready = deque(v for v in range(num_nodes) if indegree[v] == 0)
    order = []
    while ready:
        u = ready.popleft()
        order.append(u)
        for v in succ[u]:
            indegree[v] -= 1
            if indegree[v] == 0:
                ready.append(v)
    return True, order
