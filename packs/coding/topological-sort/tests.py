from mldrills.checks import Suite, compare

suite = Suite()


def verify(got, num_nodes, edges, has_cycle, inputs):
    """Check (True, order) or (False, cycle) by its defining properties."""
    compare.is_true(
        isinstance(got, list | tuple) and len(got) == 2 and isinstance(got[0], bool)
        and isinstance(got[1], list),
        f"expected (True, order) or (False, cycle), got {compare.short(got)}", inputs=inputs,
    )
    ok, nodes = got
    edge_set = set(map(tuple, edges))
    if ok and has_cycle:
        missing = num_nodes - len(set(nodes))
        t_hint = ("likely mistake: Kahn's algorithm stops early on a cycle; compare the "
                  "number of nodes output with num_nodes") if missing > 0 else None
        compare.is_true(False, f"returned an order, but the graph has a cycle (your order lists "
                        f"{len(nodes)} of {num_nodes} nodes)", inputs=inputs, hint=t_hint)
    if not ok and not has_cycle:
        fake = [(a, b) for a, b in zip(nodes, nodes[1:] + nodes[:1]) if (a, b) not in edge_set]
        compare.is_true(
            False, f"reported the cycle {compare.short(nodes)}, but the graph has none"
            + (f" (the edge {fake[0]} does not exist)" if fake else ""),
            inputs=inputs,
            hint="a node reached twice along different paths (a diamond) is not a cycle: only "
            "an edge back to a node still on the current DFS path closes one",
        )
    if ok:
        compare.is_true(
            sorted(nodes) == list(range(num_nodes)),
            f"order must list each of the {num_nodes} nodes exactly once, got "
            f"{compare.short(nodes)}", inputs=inputs,
        )
        pos = {v: i for i, v in enumerate(nodes)}
        for u, v in edges:
            compare.is_true(
                pos[u] < pos[v],
                f"the edge ({u}, {v}) points backwards in your order: {v} comes before {u}",
                inputs=inputs,
            )
        return
    compare.is_true(
        len(nodes) > 0 and len(set(nodes)) == len(nodes)
        and all(type(v) is int and 0 <= v < num_nodes for v in nodes),
        f"a cycle is a non-empty list of distinct nodes, got {compare.short(nodes)}",
        inputs=inputs,
    )
    for a, b in zip(nodes, nodes[1:] + nodes[:1]):
        compare.is_true(
            (a, b) in edge_set,
            f"{compare.short(nodes)} is not a cycle: the edge ({a}, {b}) does not exist"
            + (" (the last node must lead back to the first: return the loop only, without "
               "the path that led into it)" if b == nodes[0] else ""),
            inputs=inputs,
        )


@suite.check("example without a cycle", hint="every edge (u, v) must have u before v")
def example_dag(t):
    edges = [(0, 1), (0, 2), (1, 3), (2, 3)]
    verify(t.sub.topological_sort(4, edges), 4, edges, False, f"num_nodes=4, edges={edges}")


@suite.check(
    "example with a cycle",
    hint="when some nodes can never be output, the graph has a cycle; report the loop only",
)
def example_cycle(t):
    edges = [(0, 1), (1, 2), (2, 3), (3, 1), (3, 4)]
    verify(t.sub.topological_sort(5, edges), 5, edges, True, f"num_nodes=5, edges={edges}")
