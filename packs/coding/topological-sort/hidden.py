import numpy as np

from mldrills.checks import Case, Suite, compare, complexity

suite = Suite()


def _verify(t, num_nodes, edges, label, has_cycle=None):
    """Check the learner's answer by its properties; the reference decides if there is a cycle
    (unless the caller knows it by construction)."""
    if has_cycle is None:
        has_cycle = not t.ref.topological_sort(num_nodes, list(edges))[0]
    got = t.sub.topological_sort(num_nodes, edges)
    inputs = f"{label}: num_nodes={num_nodes}, edges={compare.short(edges, 160)}"
    compare.is_true(
        isinstance(got, list | tuple) and len(got) == 2 and isinstance(got[0], bool)
        and isinstance(got[1], list),
        f"expected (True, order) or (False, cycle), got {compare.short(got)}", inputs=inputs,
    )
    ok, nodes = got
    edge_set = set(map(tuple, edges))
    if ok and has_cycle:
        t.fail(
            f"returned an order, but the graph has a cycle (your order lists {len(nodes)} of "
            f"{num_nodes} nodes)\n  input: {inputs}",
            hint="likely mistake: Kahn's algorithm stops early on a cycle; compare the number "
            "of nodes output with num_nodes" if len(nodes) < num_nodes else None,
        )
    if not ok and not has_cycle:
        t.fail(
            f"reported the cycle {compare.short(nodes)}, but the graph has none\n  input: {inputs}",
            hint="a node reached twice along different paths (a diamond) is not a cycle: only "
            "an edge back to a node still on the current DFS path closes one",
        )
    if ok:
        compare.is_true(
            sorted(nodes) == list(range(num_nodes)),
            f"order must list each of the {num_nodes} nodes exactly once, got "
            f"{compare.short(nodes)} ({len(nodes)} nodes)", inputs=inputs,
        )
        pos = {v: i for i, v in enumerate(nodes)}
        bad = next(((u, v) for u, v in edges if pos[u] >= pos[v]), None)
        compare.is_true(
            bad is None,
            f"the edge {bad} points backwards in your order", inputs=inputs,
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


def _random_dag(n, m, rng):
    """About m random edges, all pointing forward in a random permutation of the nodes."""
    perm = rng.permutation(n)
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = a != b
    lo, hi = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
    return [(int(perm[i]), int(perm[j])) for i, j in zip(lo, hi)]


@suite.check(
    "empty graph and isolated nodes",
    hint="nodes with no edges still belong in the order; start from every node with no "
    "predecessor, not only node 0",
)
def isolated(t):
    compare.equal(t.sub.topological_sort(0, []), (True, []), what="topological_sort(0, [])")
    _verify(t, 1, [], "one node")
    _verify(t, 5, [], "five nodes, no edges")
    _verify(t, 6, [(4, 2), (2, 5)], "a chain plus isolated nodes")
    _verify(t, 7, [(5, 6), (3, 4), (1, 0)], "three separate edges")


@suite.check(
    "self-loops and repeated edges",
    hint="a self-loop (u, u) is a cycle [u]; a repeated edge counts once per copy in the "
    "in-degrees",
)
def loops(t):
    _verify(t, 3, [(0, 1), (1, 1), (1, 2)], "a self-loop")
    _verify(t, 3, [(0, 1), (0, 1), (1, 2), (0, 1)], "repeated edges")
    _verify(t, 2, [(0, 1), (1, 0)], "a two-node cycle")


@suite.check(
    "diamonds are not cycles",
    hint="a node reached twice along different paths is not a cycle: only an edge back to a "
    "node still on the current DFS path closes one",
)
def diamonds(t):
    _verify(t, 4, [(0, 1), (0, 2), (1, 3), (2, 3)], "a diamond")
    _verify(t, 5, [(0, 1), (1, 2), (0, 2), (3, 2), (2, 4), (3, 4)], "shared descendants")
    _verify(t, 6, [(0, 5), (5, 1), (0, 1), (1, 4), (0, 4), (2, 3), (3, 4)], "many paths to one node")


@suite.check("random DAGs", hint="every edge (u, v) must have u before v")
def random_dags(t):
    for n, m in ((8, 10), (30, 60), (200, 600), (1000, 800)):
        _verify(t, n, _random_dag(n, m, t.rng), f"random DAG with {n} nodes, {m} edges")


@suite.check(
    "random graphs with a cycle",
    hint="report the loop only: its last node must have an edge back to its first",
)
def random_cycles(t):
    for n, m, loop in ((8, 8, 3), (40, 80, 5), (300, 700, 12), (500, 600, 2)):
        edges = _random_dag(n, m, t.rng)
        nodes = [int(v) for v in t.rng.choice(n, loop, replace=False)]
        edges += [(a, b) for a, b in zip(nodes, nodes[1:] + nodes[:1])]
        order = t.rng.permutation(len(edges))
        edges = [edges[i] for i in order]
        _verify(t, n, edges, f"{n} nodes, {len(edges)} edges, a loop of {loop} hidden inside")


@suite.check(
    "long chain (20,000 nodes)",
    hint="a recursive DFS needs one frame per node on the path: use an explicit stack or "
    "Kahn's queue",
    seconds=4,
)
def long_chain(t):
    n = 20_000
    perm = [int(v) for v in t.rng.permutation(n)]
    edges = [(perm[i], perm[i + 1]) for i in range(n - 1)]
    edges = [edges[i] for i in t.rng.permutation(n - 1)]
    _verify(t, n, edges, "a single path through 20,000 nodes", has_cycle=False)  # a path


@suite.check("edges list is left unchanged", hint="build your own adjacency lists; do not sort or pop the input")
def not_mutated(t):
    edges = [(2, 0), (0, 1), (2, 1)]
    remote = t.remote(edges)
    t.sub.topological_sort(3, remote)
    compare.equal(remote._get(), edges, what="edges after the call", inputs=str(edges))


suite.add(
    complexity(
        "topological_sort",
        lambda n, rng: Case.of(n, _random_dag(n, 2 * n, rng)),
        n=250,
        max_n=4_000,
        legacy_sizes=(1_000, 8_000),  # the CPU-only method's n, max_n
        name="runs in O(V + E)",
        expected="n",
        hint="handle each node and each edge O(1) times: keep in-degrees and a queue of "
        "ready nodes",
        seconds=20,
    )
)
