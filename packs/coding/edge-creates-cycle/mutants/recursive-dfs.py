# mistake: a recursive depth-first search: one Python call per node on the path, so a
# path deeper than the recursion limit (1,000) raises RecursionError
# caught-by: a path 20,000 nodes deep
def creates_cycle(edges, u, v):
    out = {}
    for a, b in edges:
        out.setdefault(a, []).append(b)
    seen = set()

    def reach(node):
        if node == u:
            return True
        seen.add(node)
        return any(reach(nxt) for nxt in out.get(node, []) if nxt not in seen)

    return reach(v)
