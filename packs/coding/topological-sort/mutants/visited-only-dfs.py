# mistake: DFS with a single "visited" mark, so reaching a finished node again (a diamond) is taken for a cycle
# caught-by: diamonds are not cycles
def topological_sort(num_nodes, edges):
    succ = [[] for _ in range(num_nodes)]
    for u, v in edges:
        succ[u].append(v)
    visited = [False] * num_nodes
    post = []
    for root in range(num_nodes):
        if visited[root]:
            continue
        visited[root] = True
        stack = [(root, iter(succ[root]))]
        path = [root]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                path.pop()
                post.append(node)
            elif visited[nxt]:
                if nxt in path:
                    return False, path[path.index(nxt):]
                return False, [nxt]
            else:
                visited[nxt] = True
                stack.append((nxt, iter(succ[nxt])))
                path.append(nxt)
    return True, post[::-1]
