# mistake: finds the next node with in-degree 0 by scanning all nodes every time: O(V^2)
# caught-by: runs in O(V + E)
def topological_sort(num_nodes, edges):
    succ = [[] for _ in range(num_nodes)]
    indegree = [0] * num_nodes
    for u, v in edges:
        succ[u].append(v)
        indegree[v] += 1
    done = [False] * num_nodes
    order = []
    while True:
        u = next((v for v in range(num_nodes) if not done[v] and indegree[v] == 0), None)
        if u is None:
            break
        done[u] = True
        order.append(u)
        for v in succ[u]:
            indegree[v] -= 1
    if len(order) == num_nodes:
        return True, order
    left = [v for v in range(num_nodes) if not done[v]]
    pred = {v: u for u, v in edges if not done[u] and not done[v]}
    seen, walk, v = {}, [], left[0]
    while v not in seen:
        seen[v] = len(walk)
        walk.append(v)
        v = pred[v]
    return False, walk[seen[v]:][::-1]
