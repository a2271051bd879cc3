# mistake: no visited set: a node reachable along many paths is expanded once per path
# (2^40 times through a chain of 40 diamonds) and a cycle in the graph loops forever
# caught-by: many paths to the same node
def creates_cycle(edges, u, v):
    if u == v:
        return True
    out = {}
    for a, b in edges:
        out.setdefault(a, []).append(b)
    stack = [v]
    while stack:
        for nxt in out.get(stack.pop(), []):
            if nxt == u:
                return True
            stack.append(nxt)
    return False
