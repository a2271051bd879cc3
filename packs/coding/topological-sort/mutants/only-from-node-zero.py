# mistake: starts the search from node 0 only, so nodes it cannot reach are left out of the order
# caught-by: empty graph and isolated nodes
def topological_sort(num_nodes, edges):
    if num_nodes == 0:
        return True, []
    succ = [[] for _ in range(num_nodes)]
    for u, v in edges:
        succ[u].append(v)
    state = [0] * num_nodes
    post = []
    state[0] = 1
    stack = [(0, iter(succ[0]))]
    while stack:
        node, it = stack[-1]
        nxt = next(it, None)
        if nxt is None:
            stack.pop()
            state[node] = 2
            post.append(node)
        elif state[nxt] == 1:
            path = [n for n, _ in stack]
            return False, path[path.index(nxt):]
        elif state[nxt] == 0:
            state[nxt] = 1
            stack.append((nxt, iter(succ[nxt])))
    return True, post[::-1]
