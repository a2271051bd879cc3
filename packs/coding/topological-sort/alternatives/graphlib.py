# The standard library: graphlib.TopologicalSorter (Python 3.9+) orders the nodes and
# raises CycleError carrying one cycle (first node repeated at the end).
import graphlib


def topological_sort(num_nodes, edges):
    sorter = graphlib.TopologicalSorter({v: [] for v in range(num_nodes)})
    for u, v in edges:
        sorter.add(v, u)  # v depends on u
    try:
        return True, list(sorter.static_order())
    except graphlib.CycleError as err:
        cycle = list(err.args[1][:-1])
        edge_set = set(edges)
        if len(cycle) > 1 and (cycle[0], cycle[1]) not in edge_set:
            cycle.reverse()  # make it follow the edges' direction
        return False, cycle
