# mistake: searches from u for v, i.e. asks whether v is reachable from u (the new edge
# u -> v only closes a loop if a path already leads from v back to u)
# caught-by: direction of the new edge
def creates_cycle(edges, u, v):
    if u == v:
        return True
    out = {}
    for a, b in edges:
        out.setdefault(a, []).append(b)
    seen, stack = {u}, [u]
    while stack:
        for nxt in out.get(stack.pop(), []):
            if nxt == v:
                return True
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False
