# mistake: reports the whole DFS path from the root when a back edge is found, not just the loop
# caught-by: example with a cycle
def topological_sort(num_nodes, edges):
    succ = [[] for _ in range(num_nodes)]
    for u, v in edges:
        succ[u].append(v)
    state = [0] * num_nodes  # 0 new, 1 on the path, 2 done
    post = []
    for root in range(num_nodes):
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                state[node] = 2
                post.append(node)
            elif state[nxt] == 1:
                return False, [n for n, _ in stack]
            elif state[nxt] == 0:
                state[nxt] = 1
                stack.append((nxt, iter(succ[nxt])))
    return True, post[::-1]
