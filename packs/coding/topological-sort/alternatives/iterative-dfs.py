# Another algorithm: depth-first search with three colours and an explicit stack; the
# reverse post-order is a topological order, and an edge to a node still on the path
# closes a cycle.
def topological_sort(num_nodes, edges):
    succ = [[] for _ in range(num_nodes)]
    for u, v in edges:
        succ[u].append(v)
    NEW, ON_PATH, DONE = 0, 1, 2
    state = [NEW] * num_nodes
    post = []
    for root in range(num_nodes):
        if state[root] != NEW:
            continue
        state[root] = ON_PATH
        stack = [(root, 0)]  # (node, index of the next successor to look at)
        while stack:
            node, i = stack[-1]
            if i == len(succ[node]):
                stack.pop()
                state[node] = DONE
                post.append(node)
                continue
            stack[-1] = (node, i + 1)
            nxt = succ[node][i]
            if state[nxt] == ON_PATH:
                path = [n for n, _ in stack]
                return False, path[path.index(nxt):]
            if state[nxt] == NEW:
                state[nxt] = ON_PATH
                stack.append((nxt, 0))
    return True, post[::-1]
