from mldrills.checks import Case, Suite, compare, complexity, same_as_reference

suite = Suite()


def _reaches(edges: list, start: int, goal: int, *, undirected: bool = False) -> bool:
    """Whether a path of one edge or more leads from start to goal (for mistake models)."""
    out: dict[int, list[int]] = {}
    for a, b in edges:
        out.setdefault(a, []).append(b)
        if undirected:
            out.setdefault(b, []).append(a)
    seen, stack = {start}, [start]
    while stack:
        for nxt in out.get(stack.pop(), ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


MISTAKES = {
    "searched from u for v (the reverse question: is v reachable from u?)": (
        lambda edges, u, v: u == v or _reaches(edges, u, v)
    ),
    "followed edges in both directions (the graph is directed)": (
        lambda edges, u, v: u == v or _reaches(edges, v, u, undirected=True)
    ),
    "u == v not treated as a cycle (a self-loop is one)": lambda edges, u, v: _reaches(edges, v, u),
}


def _diamonds(n: int) -> list[tuple[int, int]]:
    """A chain of n diamonds: 2^n distinct paths from node 0 to node 3n."""
    edges = []
    for i in range(n):
        top, left, right, bottom = 3 * i, 3 * i + 1, 3 * i + 2, 3 * i + 3
        edges += [(top, left), (top, right), (left, bottom), (right, bottom)]
    return edges


suite.add(
    same_as_reference(
        "creates_cycle",
        [
            Case.of(_diamonds(40), 120, 0, label="the end of a chain of 40 diamonds back to 0"),
            Case.of([*_diamonds(40), (-1, 0)], -1, 0, label="40 diamonds, u not reachable"),
        ],
        name="many paths to the same node",
        compare_with="equal",
        hint="2^40 paths lead through these diamonds: mark a node when you first reach it "
        "and never expand it again",
        mistakes=MISTAKES,
        seconds=1,
    ),
    same_as_reference(
        "creates_cycle",
        [
            Case.of([(1, 2), (2, 3)], 1, 3, label="v is reachable from u, not u from v"),
            Case.of([(1, 2), (2, 3)], 3, 1, label="u is reachable from v"),
            Case.of([(5, 6), (6, 7), (7, 8)], 5, 8, label="a shortcut along a chain"),
            Case.of([(10, 20), (20, 30), (30, 10)], 20, 10, label="inside an existing cycle"),
        ],
        name="direction of the new edge",
        compare_with="equal",
        hint="the new edge goes u -> v, so the path that would close the loop runs from v to u",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "creates_cycle",
        [
            Case.of([(1, 2), (3, 2)], 1, 3, label="two edges into the same node"),
            Case.of([(2, 1), (2, 3)], 1, 3, label="two edges out of the same node"),
            Case.of([(1, 2), (3, 2), (3, 4)], 4, 1, label="a zig-zag of directions"),
        ],
        name="edges are directed",
        compare_with="equal",
        hint="an edge (a, b) can be followed from a to b only",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "creates_cycle",
        [
            Case.of([(1, 2), (2, 3)], 2, 2, label="a self-loop on a node of a path"),
            Case.of([(1, 2)], 9, 9, label="a self-loop on a node with no edges"),
            Case.of([], 0, 0, label="a self-loop in an empty graph"),
            Case.of([(4, 4)], 4, 4, label="a second self-loop"),
        ],
        name="self-loop u == v",
        compare_with="equal",
        hint="a path of length zero counts: when u == v the new edge is a cycle by itself",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "creates_cycle",
        [
            Case.of([(1, 2), (2, 3)], 1, 50, label="v appears only in the query"),
            Case.of([], 1, 2, label="no edges at all"),
            Case.of([(-5, -3), (-3, 0)], 0, -5, label="negative ids"),
            Case.of([(10**12, 7), (7, -(10**12))], -(10**12), 10**12, label="ids near 1e12"),
            Case.of([(0, 1), (1, 2)], 2, -1, label="-1 is a node of its own, not the last one"),
        ],
        name="node ids need not be contiguous",
        compare_with="equal",
        hint="index successors by node id in a dict, not by position in a list",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "creates_cycle",
        [
            Case.of(
                [(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 4)],
                0,
                1,
                label="cycles downstream of v, u not among them",
            ),
            Case.of(
                [(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 4)], 5, 1, label="u behind two cycles"
            ),
            Case.of([(7, 7), (7, 8), (8, 8)], 6, 7, label="self-loops already in the graph"),
            Case.of([(1, 2), (1, 2), (2, 3), (2, 3)], 1, 3, label="duplicate edges"),
        ],
        name="cycles already in the graph",
        compare_with="equal",
        hint="the graph may already loop: a search that does not remember visited nodes "
        "never stops",
        mistakes=MISTAKES,
        seconds=1,
    ),
)


DEEP = 20_000


@suite.check(
    "a path 20,000 nodes deep",
    hint="Python allows about 1,000 nested calls: keep the search's frontier in an "
    "explicit stack or queue",
    seconds=5,
)
def deep_path(t):
    # one call only: sending 20,000 edges to your code is the slow part of this check
    edges = [(i, i + 1) for i in range(DEEP)]
    got = t.sub.creates_cycle(edges, DEEP, 0)
    if got is True:
        return
    diagnose = {m: f(edges, DEEP, 0) for m, f in MISTAKES.items()}
    compare.equal(
        got,
        True,
        what="creates_cycle(...) (the end of the path back to its start)",
        inputs=f"edges = [(i, i + 1) for i in range({DEEP:_})], u={DEEP:_}, v=0",
        diagnose=diagnose,
    )


def _random_cases(rng) -> list[Case]:
    cases = []
    for n_nodes, n_edges in ((3, 2), (8, 10), (20, 25), (40, 90), (200, 300)):
        ids = [int(x) for x in rng.choice(10 * n_nodes, n_nodes, replace=False) - 5 * n_nodes]
        ends = rng.integers(0, n_nodes, size=(n_edges, 2))
        edges = [(ids[a], ids[b]) for a, b in ends]
        for _ in range(4):
            u, v = (ids[int(i)] for i in rng.integers(0, n_nodes, 2))
            cases.append(
                Case.of(edges, u, v, label=f"random graph, {n_nodes} nodes, {n_edges} edges")
            )
    return cases


suite.add(
    same_as_reference(
        "creates_cycle",
        _random_cases,
        name="random graphs",
        compare_with="equal",
        mistakes=MISTAKES,
        seconds=1,
    )
)


@suite.check("input list is left unchanged", hint="build your own adjacency; leave `edges` alone")
def input_not_mutated(t):
    data = [(3, 1), (1, 2), (2, 3)]
    remote_edges = t.remote(data)
    t.sub.creates_cycle(remote_edges, 3, 1)
    compare.equal(remote_edges._get(), data, what="`edges` after the call", inputs=str(data))


def _large(n: int, rng) -> Case:
    """n nodes, about 2n edges in shuffled order, all pointing forward; u is unreachable."""
    order = [int(x) for x in rng.permutation(n)]  # a hidden topological order
    edges = [(order[i], order[i + 1]) for i in range(n - 1)]
    src = rng.integers(0, n - 1, n + 1)
    dst = src + 1 + (rng.random(n + 1) * (n - 1 - src)).astype(int)
    edges += [(order[a], order[b]) for a, b in zip(src, dst)]
    edges.append((-1, order[0]))  # u = -1 sits upstream of everything
    edges = [edges[i] for i in rng.permutation(len(edges))]
    return Case.of(edges, -1, order[0])  # False, after visiting every node


suite.add(
    complexity(
        "creates_cycle",
        _large,
        n=250,
        max_n=4_000,  # small enough to stay in cache: bigger graphs look superlinear
        legacy_sizes=(250, 8_000),  # the CPU-only method's n, max_n
        expected="V + E",
        name="runs in O(V + E)",
        hint="a set for visited nodes and a dict of successors: every node and edge is "
        "touched once",
        seconds=4,
    )
)
