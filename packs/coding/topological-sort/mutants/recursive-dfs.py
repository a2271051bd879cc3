# mistake: a recursive DFS, which exceeds Python's recursion limit on a long chain
# caught-by: long chain (20,000 nodes)
def topological_sort(num_nodes, edges):
    succ = [[] for _ in range(num_nodes)]
    for u, v in edges:
        succ[u].append(v)
    state = [0] * num_nodes
    post, path = [], []

    def visit(u):
        state[u] = 1
        path.append(u)
        for v in succ[u]:
            if state[v] == 1:
                return path[path.index(v):]
            if state[v] == 0:
                found = visit(v)
                if found:
                    return found
        state[u] = 2
        path.pop()
        post.append(u)
        return None

    for root in range(num_nodes):
        if state[root] == 0:
            cycle = visit(root)
            if cycle:
                return False, cycle
    return True, post[::-1]
