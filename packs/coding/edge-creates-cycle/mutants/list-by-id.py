# mistake: stores successors in a list indexed by node id, sized by the largest id in
# `edges`: a node that only appears in the query is out of range (IndexError) and a
# negative id silently wraps around to the end of the list
# caught-by: node ids need not be contiguous
def creates_cycle(edges, u, v):
    if u == v:
        return True
    size = max(max(a, b) for a, b in edges) + 1
    out = [[] for _ in range(size)]
    for a, b in edges:
        out[a].append(b)
    seen, stack = {v}, [v]
    while stack:
        for nxt in out[stack.pop()]:
            if nxt == u:
                return True
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False
