"""A small, safe arithmetic evaluator for drill formulas (never ``eval``).

Expressions are parsed with :mod:`ast` and walked node by node. Allowed: numbers, names
bound by the caller, ``+ - * / // % **``, unary minus, parentheses, list literals,
indexing a list, comparisons, ``and``/``or``/``not``, ``a if cond else b`` and calls to the
whitelisted functions in ``FUNCTIONS``. Arithmetic on lists is element-wise (a list with
a number, or two lists of the same length), so a histogram or a latency list can be
handled in one expression.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from statistics import NormalDist
from typing import Any

Value = Any  # a float, an int, a bool or a list of those
MAX_POW_EXPONENT = 1000
MAX_LIST = 10_000
_NORMAL = NormalDist()


class ExprError(ValueError):
    """An expression is malformed, uses something not allowed, or cannot be computed."""


def _elementwise(fn: Callable[[float], float]) -> Callable[[Value], Value]:
    def apply(x: Value) -> Value:
        return [apply(v) for v in x] if isinstance(x, list) else fn(x)

    return apply


def _nums(xs: Value, name: str) -> list[Any]:
    if not isinstance(xs, list):
        raise ExprError(f"{name}() needs a list, got {type(xs).__name__}")
    return xs


def _minmax(pick: Callable[..., Any]) -> Callable[..., Value]:
    def fn(*args: Value) -> Value:
        items = args[0] if len(args) == 1 and isinstance(args[0], list) else list(args)
        if not items:
            raise ExprError("min()/max() of nothing")
        return pick(items)

    return fn


def _mean(xs: Value) -> float:
    items = _nums(xs, "mean")
    if not items:
        raise ExprError("mean() of an empty list")
    return float(sum(items)) / len(items)


def _nearest_rank(xs: Value, q: float) -> Any:
    """The q-th percentile by the nearest-rank rule: sorted value at rank ceil(q/100 * n)."""
    items = sorted(_nums(xs, "nearest_rank"))
    if not items or not 0 < q <= 100:
        raise ExprError("nearest_rank() needs a non-empty list and 0 < q <= 100")
    return items[max(math.ceil(q / 100 * len(items)), 1) - 1]


def _pairwise(pick: Callable[[Any, Any], Any]) -> Callable[[Value, Value], Value]:
    """Element-wise max/min of a list with a number or a list (numpy's maximum/minimum)."""

    def fn(a: Value, b: Value) -> Value:
        if isinstance(a, list) or isinstance(b, list):
            lefts = a if isinstance(a, list) else [a] * len(b)
            rights = b if isinstance(b, list) else [b] * len(a)
            if len(lefts) != len(rights):
                raise ExprError("maximum()/minimum() of lists of different lengths")
            return [pick(x, y) for x, y in zip(lefts, rights, strict=True)]
        return pick(a, b)

    return fn


def _log(x: Value, base: float | None = None) -> Value:
    fn = math.log if base is None else (lambda v: math.log(v, base))
    return _elementwise(fn)(x)


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


FUNCTIONS: dict[str, Callable[..., Value]] = {
    "log": _log,
    "log2": _elementwise(math.log2),
    "log10": _elementwise(math.log10),
    "exp": _elementwise(math.exp),
    "sqrt": _elementwise(math.sqrt),
    "abs": _elementwise(abs),
    "ceil": _elementwise(math.ceil),
    "floor": _elementwise(math.floor),
    "round": lambda x, nd=0: _elementwise(lambda v: round(v, int(nd)))(x),
    "sigmoid": _elementwise(_sigmoid),
    "min": _minmax(min),
    "max": _minmax(max),
    "maximum": _pairwise(max),
    "minimum": _pairwise(min),
    "concat": lambda a, b: _nums(a, "concat") + _nums(b, "concat"),
    "sum": lambda xs: sum(_nums(xs, "sum")),
    "mean": _mean,
    "len": lambda xs: len(_nums(xs, "len")),
    "sorted": lambda xs: sorted(_nums(xs, "sorted")),
    "argmax": lambda xs: _nums(xs, "argmax").index(max(_nums(xs, "argmax"))),
    "argmin": lambda xs: _nums(xs, "argmin").index(min(_nums(xs, "argmin"))),
    "nearest_rank": _nearest_rank,
    "norm_ppf": _elementwise(_NORMAL.inv_cdf),
    "norm_cdf": _elementwise(_NORMAL.cdf),
}

_BINOPS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}


def _binop(op: ast.operator, left: Value, right: Value) -> Value:
    fn = _BINOPS.get(type(op))
    if fn is None:
        raise ExprError(f"operator {type(op).__name__} is not allowed")
    if isinstance(left, list) or isinstance(right, list):
        lefts = left if isinstance(left, list) else [left] * len(right)
        rights = right if isinstance(right, list) else [right] * len(left)
        if len(lefts) != len(rights):
            raise ExprError(f"element-wise operation on lists of {len(lefts)} and {len(rights)}")
        return [_binop(op, a, b) for a, b in zip(lefts, rights, strict=True)]
    if isinstance(op, ast.Pow) and abs(right) > MAX_POW_EXPONENT:
        raise ExprError(f"exponent {right} is too large")
    return fn(left, right)


class _Evaluator:
    def __init__(self, names: Mapping[str, Value]) -> None:
        self.names = names

    def visit(self, node: ast.AST) -> Value:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise ExprError(f"{type(node).__name__} is not allowed in a drill formula")
        return method(node)

    def visit_Expression(self, node: ast.Expression) -> Value:
        return self.visit(node.body)

    def visit_Constant(self, node: ast.Constant) -> Value:
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ExprError(f"only numbers are allowed, not {node.value!r}")
        return node.value

    def visit_Name(self, node: ast.Name) -> Value:
        if node.id not in self.names:
            raise ExprError(f"unknown name {node.id!r}")
        return self.names[node.id]

    def visit_List(self, node: ast.List) -> Value:
        return [self.visit(item) for item in node.elts]

    def visit_BinOp(self, node: ast.BinOp) -> Value:
        return _binop(node.op, self.visit(node.left), self.visit(node.right))

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Value:
        value = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            return not value
        if isinstance(node.op, ast.USub):
            return _elementwise(operator.neg)(value)
        if isinstance(node.op, ast.UAdd):
            return value
        raise ExprError(f"operator {type(node.op).__name__} is not allowed")

    def visit_Compare(self, node: ast.Compare) -> Value:
        left = self.visit(node.left)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            fn = _COMPARE.get(type(op))
            if fn is None:
                raise ExprError(f"comparison {type(op).__name__} is not allowed")
            right = self.visit(comparator)
            if not fn(left, right):
                return False
            left = right
        return True

    def visit_BoolOp(self, node: ast.BoolOp) -> Value:
        values = (self.visit(v) for v in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)

    def visit_IfExp(self, node: ast.IfExp) -> Value:
        return self.visit(node.body) if self.visit(node.test) else self.visit(node.orelse)

    def visit_Subscript(self, node: ast.Subscript) -> Value:
        items = self.visit(node.value)
        index = self.visit(node.slice)
        if not isinstance(items, list) or not isinstance(index, int) or isinstance(index, bool):
            raise ExprError("only a list indexed by a whole number is allowed")
        if not -len(items) <= index < len(items):
            raise ExprError(f"index {index} is outside a list of {len(items)}")
        return items[index]

    def visit_Call(self, node: ast.Call) -> Value:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = node.func.id if isinstance(node.func, ast.Name) else "?"
            raise ExprError(f"function {name!r} is not allowed; use {', '.join(FUNCTIONS)}")
        if node.keywords:
            raise ExprError("keyword arguments are not allowed")
        return FUNCTIONS[node.func.id](*(self.visit(a) for a in node.args))


_ALLOWED = (
    ast.Expression, ast.Constant, ast.Name, ast.Load, ast.List, ast.BinOp, ast.UnaryOp,
    ast.Compare, ast.BoolOp, ast.IfExp, ast.Subscript, ast.Call, ast.And, ast.Or,
    ast.Not, ast.USub, ast.UAdd, *_BINOPS, *_COMPARE,
)  # fmt: skip


def _check_tree(tree: ast.Expression) -> None:
    """Refuse, before any evaluation, every node and function outside the whitelist."""
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ExprError(f"{type(node).__name__} is not allowed in a drill formula")
        if isinstance(node, ast.Call) and (
            not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords
        ):
            raise ExprError(f"only calls like f(x) to {', '.join(FUNCTIONS)} are allowed")
        if isinstance(node, ast.Constant) and not is_number(node.value):
            raise ExprError(f"only numbers are allowed, not {node.value!r}")


@lru_cache(maxsize=2048)
def parse(source: str) -> ast.Expression:
    """Parse ``source`` as one expression of the allowed kinds; else raise ExprError."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"syntax error in {source!r}: {exc.msg}") from None
    _check_tree(tree)
    return tree


def names_in(source: str) -> set[str]:
    """The variable names an expression reads (function names excluded)."""
    tree = parse(source)
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called}


def evaluate(source: str, names: Mapping[str, Value]) -> Value:
    """The value of ``source`` with ``names`` bound; any failure raises ExprError."""
    tree = parse(source)
    try:
        value = _Evaluator(names).visit(tree)
    except ExprError:
        raise
    except (ArithmeticError, ValueError, TypeError) as exc:  # StatisticsError is a ValueError
        raise ExprError(f"cannot compute {source!r}: {exc}") from None
    if isinstance(value, list) and len(value) > MAX_LIST:
        raise ExprError(f"{source!r} makes a list of {len(value)} items")
    return value


def is_number(value: Value) -> bool:
    """Whether ``value`` is a real number (bools excluded)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def flat(values: Sequence[Value]) -> list[Any]:
    """Every number in a possibly nested list."""
    out: list[Any] = []
    for v in values:
        out.extend(flat(v) if isinstance(v, list) else [v])
    return out
