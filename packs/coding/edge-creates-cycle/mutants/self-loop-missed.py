# mistake: only tests `nxt == u` when following an edge, never u == v itself, so a
# self-loop on a node with no path back to itself is reported as no cycle
# caught-by: self-loop u == v
def creates_cycle(edges, u, v):
    out = {}
    for a, b in edges:
        out.setdefault(a, []).append(b)
    seen, stack = {v}, [v]
    while stack:
        for nxt in out.get(stack.pop(), []):
            if nxt == u:
                return True
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False
