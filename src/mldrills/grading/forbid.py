"""What a submission must not use (meta.toml ``[forbid]``), found by reading its source.

The scan runs in the supervisor on the submission's text, so nothing the submission does
at run time can hide from it: imports, ``from`` imports and attribute chains are resolved
through the names they were bound to (``import torch.nn.functional as F`` makes
``F.layer_norm`` mean ``torch.nn.functional.layer_norm``), and ``importlib.import_module``,
``__import__`` and ``getattr`` with a literal name are read as what they reach. The child's
runtime guard (``mldrills.probes.guard``) reports what text cannot show.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from mldrills.content.pack import Forbid

FORBID_CHECK = "uses only allowed libraries"
_IMPORTERS = {"importlib.import_module", "__import__", "importlib.__import__"}


@dataclass(frozen=True)
class Violation:
    """One use of a forbidden module or name, and the line it is on (0: found at run time)."""

    name: str
    line: int


def forbidden(dotted: str, forbid: Forbid) -> str | None:
    """The rule ``dotted`` breaks (a forbidden module it is in, or a forbidden name), if any."""
    for rule in (*forbid.modules, *forbid.names):
        if dotted == rule or dotted.startswith(rule + "."):
            return rule
    return None


def scan(code: str, forbid: Forbid) -> list[Violation]:
    """Every forbidden module or name ``code`` reaches, in source order (empty: none)."""
    if not forbid:
        return []
    tree = ast.parse(code)
    scanner = _Scanner(forbid)
    scanner.visit(tree)
    seen: set[tuple[str, int]] = set()
    out: list[Violation] = []
    for v in sorted(scanner.found, key=lambda v: v.line):
        if (v.name, v.line) not in seen:
            seen.add((v.name, v.line))
            out.append(v)
    return out


def message(found: list[Violation], forbid: Forbid) -> str:
    """What the learner reads: which names, where, and the pack's reason."""
    where = [f"{v.name} is not allowed" + (f" (line {v.line})" if v.line else "") for v in found]
    head = "this exercise asks you to implement it yourself: " + "; ".join(where[:5])
    if len(where) > 5:
        head += f"; and {len(where) - 5} more"
    return head + (f"\n{forbid.reason}" if forbid.reason else "")


class _Scanner(ast.NodeVisitor):
    """Walks a module, binding local names to the dotted paths they were imported as."""

    def __init__(self, forbid: Forbid) -> None:
        self.forbid = forbid
        self.aliases: dict[str, str] = {}
        self.star: list[str] = []  # modules imported with ``*``: their names appear bare
        self.found: list[Violation] = []

    def _hit(self, dotted: str, line: int) -> None:
        if forbidden(dotted, self.forbid) is not None:
            self.found.append(Violation(dotted, line))

    def visit_Import(self, node: ast.Import) -> None:
        for a in node.names:
            self._hit(a.name, node.lineno)
            if a.asname:
                self.aliases[a.asname] = a.name
            else:  # ``import a.b`` binds ``a``
                top = a.name.split(".")[0]
                self.aliases[top] = top

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level or not node.module:
            return  # a relative import reaches only the submission's own file
        self._hit(node.module, node.lineno)
        for a in node.names:
            if a.name == "*":
                self.star.append(node.module)
                continue
            full = f"{node.module}.{a.name}"
            self._hit(full, node.lineno)
            self.aliases[a.asname or a.name] = full

    def resolve(self, node: ast.expr) -> str | None:
        """The dotted path an expression names, if it is built from imported names."""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value)
            return f"{base}.{node.attr}" if base else None
        if (
            isinstance(node, ast.Call)
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
        ):
            base = self.resolve(node.args[0])
            return f"{base}.{node.args[1].value}" if base else None
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else self.resolve(func)
            if name in _IMPORTERS and isinstance(node.args[0].value, str):
                return node.args[0].value
        return None

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load) and node.id not in self.aliases:
            for module in self.star:
                self._hit(f"{module}.{node.id}", node.lineno)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        dotted = self.resolve(node)
        if dotted is not None:
            self._hit(dotted, node.lineno)
            return  # the prefixes were allowed, or this hit already names them
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        dotted = self.resolve(node)
        if dotted is not None:
            self._hit(dotted, node.lineno)
        self.generic_visit(node)
