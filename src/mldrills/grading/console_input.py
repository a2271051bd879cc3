"""What a learner types into the console, read without ever running it here.

A console input is a few lines of calls, in Python syntax::

    merge_intervals([[1, 3], [2, 6], [8, 10]])
    cache = LRUCache(2)
    cache.put(1, 1)
    cache.get(1)
    x = np.random.default_rng(0).normal(size=(2, 4, 8))

The text is parsed with ``ast`` and walked against an allow-list: Python literals, the
exercise's entry points, methods and attributes of objects an earlier line made, and a
few array constructors (``np.array``, ``np.arange(...).reshape``, seeded random draws,
``torch.tensor``...). Arrays are built here, in the supervisor, with their size checked
before anything is allocated, so the learner's code and the reference receive the very
same values. Nothing is ever passed to ``eval``: a name or attribute outside the
allow-list is an error that says what is allowed.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mldrills.errors import InvalidInput, TooLarge
from mldrills.judge.wire import TensorArg

MAX_TEXT = 64_000  # bytes of typed input
MAX_ELEMENTS = 10_000  # numbers (array elements and scalars) in all the arguments
MAX_STATEMENTS = 20
MAX_DEPTH = 24  # nesting of lists, tuples, dicts and calls
HELP = (
    "write calls such as `f([1, 2], k=3)`, `obj = Cls(2)` then `obj.method(1)`; arguments are "
    "Python literals, names assigned above, or np.array/np.arange/np.zeros/np.ones/np.eye/"
    "np.linspace, np.random.default_rng(SEED).normal/random/integers/uniform, "
    "torch.tensor/randn/rand/zeros/ones/arange, .reshape/.astype/.T"
)


InputTooLarge = TooLarge  # the console input is over a stated size limit (413)


# ----------------------------------------------------------------------------- parsed form
@dataclass(frozen=True)
class Value:
    """A constant built here: a literal, a numpy array, or a ``TensorArg``."""

    value: Any


@dataclass(frozen=True)
class Var:
    """A name assigned by an earlier line to what a call returned (in each run its own)."""

    name: str


@dataclass(frozen=True)
class Pack:
    """A list, tuple or dict whose items are not all constants (they hold a ``Var``)."""

    kind: str  # "list", "tuple" or "dict"
    items: tuple[Any, ...]  # expressions; for a dict, (key, value) pairs


@dataclass(frozen=True)
class Call:
    """A call (or, with ``call`` False, an attribute read) in the sandboxed child.

    ``root`` is an entry point's name (``var`` False) or a variable's; ``attrs`` the
    attribute path after it: ``cache.put(1, 1)`` is root "cache", attrs ("put",).
    """

    root: str
    var: bool
    attrs: tuple[str, ...]
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()
    call: bool = True


@dataclass(frozen=True)
class Seed:
    """``torch.manual_seed(N)`` (or ``np.random.seed``): seed both children alike."""

    seed: int


@dataclass(frozen=True)
class Statement:
    """One line: an optional name to bind and what to run."""

    text: str
    line: int
    target: str | None
    expr: Call | Seed | Value | Var | Pack


@dataclass
class Script:
    """A parsed console input: statements in order, and the numbers they carry."""

    statements: list[Statement] = field(default_factory=list)
    elements: int = 0


# ----------------------------------------------------------------------------- parser
DTYPES = {
    "float16": np.float16,
    "float32": np.float32,
    "float64": np.float64,
    "float": np.float64,
    "double": np.float64,
    "half": np.float16,
    "int8": np.int8,
    "int16": np.int16,
    "int32": np.int32,
    "int64": np.int64,
    "int": np.int64,
    "long": np.int64,
    "uint8": np.uint8,
    "bool": np.bool_,
    "bool_": np.bool_,
}
_RNG_METHODS = ("normal", "standard_normal", "random", "uniform", "integers")
_ARRAY_FUNCS = ("array", "asarray", "arange", "zeros", "ones", "full", "eye", "linspace")
_TORCH_FUNCS = ("tensor", "as_tensor", "randn", "rand", "zeros", "ones", "arange")


def _where(node: ast.AST) -> str:
    return f"line {getattr(node, 'lineno', '?')}"


def _bad(node: ast.AST, what: str) -> InvalidInput:
    return InvalidInput(f"console input, {_where(node)}: {what}", hint=HELP)


class Parser:
    """Turns console text into a ``Script`` for one exercise's entry points."""

    def __init__(self, entrypoints: tuple[str, ...] | list[str]) -> None:
        self.entrypoints = tuple(entrypoints)
        self.script = Script()
        self.constants: dict[str, Any] = {}  # names bound to constants built here
        self.runtime: set[str] = set()  # names bound to what a call returned
        self.source = ""

    def parse(self, text: str) -> Script:
        """Parse ``text``; raise ``InvalidInput`` (or ``InputTooLarge``) on anything else."""
        if len(text.encode("utf-8", errors="replace")) > MAX_TEXT:
            raise InputTooLarge(
                f"console input is larger than {MAX_TEXT // 1000} KB",
                hint="the console is for small inputs; the checks run the large ones",
            )
        if not text.strip():
            raise InvalidInput("the console input is empty", hint=HELP)
        self.source = text
        try:
            tree = ast.parse(text, mode="exec")
        except SyntaxError as exc:
            raise InvalidInput(
                f"console input does not parse: {exc.msg} (line {exc.lineno})", hint=HELP
            ) from None
        except (ValueError, RecursionError, MemoryError) as exc:  # e.g. a 5,000-digit number
            raise InvalidInput(f"console input cannot be read: {exc}", hint=HELP) from None
        if len(tree.body) > MAX_STATEMENTS:
            raise InputTooLarge(f"the console runs at most {MAX_STATEMENTS} lines at once")
        for node in tree.body:
            self.script.statements.append(self._statement(node))
        if not any(isinstance(s.expr, Call) for s in self.script.statements):
            raise InvalidInput(
                "the console input calls nothing of your code",
                hint=f"call one of: {', '.join(self.entrypoints)}",
            )
        return self.script

    # ------------------------------------------------------------------ statements
    def _statement(self, node: ast.stmt) -> Statement:
        text = (ast.get_source_segment(self.source, node) or "").strip()
        if isinstance(node, ast.Expr):
            return Statement(text, node.lineno, None, self._top(node.value))
        if isinstance(node, ast.Assign):
            if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
                raise _bad(node, "assign to one plain name (`x = ...`)")
            name = node.targets[0].id
            if name.startswith("_") or name in self.entrypoints or name in ("np", "torch"):
                raise _bad(node, f"`{name}` cannot be assigned here; choose another name")
            expr = self._top(node.value)
            if isinstance(expr, Seed):
                raise _bad(node, "a seed call returns nothing to assign")
            if isinstance(expr, Value):
                self.constants[name] = expr.value
                self.runtime.discard(name)
            else:
                self.runtime.add(name)
                self.constants.pop(name, None)
            return Statement(text, node.lineno, name, expr)
        raise _bad(node, f"{type(node).__name__} statements are not allowed; write calls only")

    def _top(self, node: ast.expr) -> Call | Seed | Value | Var | Pack:
        seed = self._seed(node)
        if seed is not None:
            return seed
        expr: Call | Value | Var | Pack = self._expr(node, 0)
        return expr

    def _seed(self, node: ast.expr) -> Seed | None:
        if not isinstance(node, ast.Call):
            return None
        path = _dotted(node.func)
        if path not in ("torch.manual_seed", "np.random.seed", "random.seed"):
            return None
        if len(node.args) != 1 or node.keywords:
            raise _bad(node, f"{path} takes one integer")
        value = self._const(node.args[0], 1)
        if type(value) is not int or not 0 <= value < 2**63:
            raise _bad(node, f"{path} takes a non-negative integer")
        return Seed(value)

    # ------------------------------------------------------------------ expressions
    def _expr(self, node: ast.expr, depth: int) -> Any:
        """An argument or a call: a ``Value`` when it is a constant, else its parsed form."""
        if depth > MAX_DEPTH:
            raise _bad(node, "the input is nested too deeply")
        if isinstance(node, ast.Name) and node.id in self.runtime:
            return Var(node.id)
        if isinstance(node, ast.Call | ast.Attribute) and self._is_child_call(node):
            return self._child_call(node, depth)
        if isinstance(node, ast.List | ast.Tuple | ast.Dict):
            return self._container(node, depth)
        return Value(self._data(node, depth))

    def _data(self, node: ast.expr, depth: int) -> Any:
        value = self._const(node, depth)
        if _holds_dtype(value):
            raise _bad(node, "a dtype is only allowed as `dtype=` of a constructor")
        return value

    def _argument(self, node: ast.expr, depth: int) -> Any:
        expr = self._expr(node, depth)
        if _holds_call(expr):
            raise _bad(node, "assign the inner call to a name first (`y = f(x)`), then pass `y`")
        return expr

    def _container(self, node: ast.List | ast.Tuple | ast.Dict, depth: int) -> Any:
        if isinstance(node, ast.Dict):
            if any(k is None for k in node.keys):
                raise _bad(node, "`**` in a dict is not allowed")
            keys = [Value(self._const(k, depth + 1)) for k in node.keys if k is not None]
            values = [self._expr(v, depth + 1) for v in node.values]
            if all(isinstance(v, Value) for v in values):
                return Value(self._dict_value(node, keys, values))
            return Pack("dict", tuple(zip(keys, values, strict=True)))
        items = [self._expr(e, depth + 1) for e in node.elts]
        kind = "list" if isinstance(node, ast.List) else "tuple"
        if all(isinstance(i, Value) for i in items):
            values = [i.value for i in items]
            return Value(values if kind == "list" else tuple(values))
        return Pack(kind, tuple(items))

    @staticmethod
    def _dict_value(node: ast.AST, keys: list[Value], values: list[Any]) -> dict[Any, Any]:
        try:
            return {k.value: v.value for k, v in zip(keys, values, strict=True)}
        except TypeError:
            raise _bad(node, "a dict key must be a number, string or tuple") from None

    def _is_child_call(self, node: ast.expr) -> bool:
        """Whether ``node`` runs in the child: an entry point, or a name a call returned."""
        inner = node.func if isinstance(node, ast.Call) else node
        while isinstance(inner, ast.Attribute):
            inner = inner.value
        if isinstance(inner, ast.Call):  # e.g. Cls(2).method(): the inner call decides
            return isinstance(inner.func, ast.Name | ast.Attribute) and self._is_child_call(inner)
        return isinstance(inner, ast.Name) and (
            inner.id in self.entrypoints or inner.id in self.runtime
        )

    def _child_call(self, node: ast.Call | ast.Attribute, depth: int) -> Call:
        is_call = isinstance(node, ast.Call)
        head = node.func if isinstance(node, ast.Call) else node
        attrs: list[str] = []
        while isinstance(head, ast.Attribute):
            if head.attr.startswith("_"):
                raise _bad(node, f"`.{head.attr}`: names starting with _ are not reachable")
            attrs.insert(0, head.attr)
            head = head.value
        if isinstance(head, ast.Call):
            raise _bad(node, "assign the object to a name first (`obj = Cls(...)`), then call it")
        assert isinstance(head, ast.Name)
        args: list[Any] = []
        kwargs: list[tuple[str, Any]] = []
        if isinstance(node, ast.Call):
            for a in node.args:
                if isinstance(a, ast.Starred):
                    raise _bad(node, "`*args` is not allowed; write the arguments out")
                args.append(self._argument(a, depth + 1))
            for kw in node.keywords:
                if kw.arg is None:
                    raise _bad(node, "`**kwargs` is not allowed; write the arguments out")
                kwargs.append((kw.arg, self._argument(kw.value, depth + 1)))
        var = head.id in self.runtime
        return Call(head.id, var, tuple(attrs), tuple(args), tuple(kwargs), is_call)

    # ------------------------------------------------------------------ constants
    def _count(self, node: ast.AST, n: int) -> None:
        self.script.elements += n
        if self.script.elements > MAX_ELEMENTS:
            raise InputTooLarge(
                f"console input, {_where(node)}: more than {MAX_ELEMENTS:,} numbers in all",
                hint="the console is for visible-size inputs; the checks run the large ones",
            )

    def _const(self, node: ast.expr, depth: int) -> Any:
        """A constant: a literal, a name bound to one, or an allowed constructor."""
        if depth > MAX_DEPTH:
            raise _bad(node, "the input is nested too deeply")
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bytes | complex) or node.value is Ellipsis:
                raise _bad(node, f"{type(node.value).__name__} values are not supported")
            self._count(node, 1)
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            value = self._const(node.operand, depth + 1)
            if type(value) not in (int, float) and not isinstance(value, np.ndarray):
                raise _bad(node, "a sign goes before a number")
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.List | ast.Tuple):
            items = [self._const(e, depth + 1) for e in node.elts]
            return items if isinstance(node, ast.List) else tuple(items)
        if isinstance(node, ast.Dict):
            keys = [Value(self._const(k, depth + 1)) for k in node.keys if k is not None]
            if len(keys) != len(node.keys):
                raise _bad(node, "`**` in a dict is not allowed")
            values = [Value(self._const(v, depth + 1)) for v in node.values]
            return self._dict_value(node, keys, values)
        if isinstance(node, ast.Name):
            if node.id in self.constants:
                return self.constants[node.id]
            if node.id in ("float", "int", "bool"):  # only as a dtype
                return _DtypeName(node.id)
            raise _bad(node, f"unknown name `{node.id}`{self._did_you_mean()}")
        if isinstance(node, ast.Attribute):
            return self._attribute(node, depth)
        if isinstance(node, ast.Call):
            return self._construct(node, depth)
        raise _bad(node, f"{type(node).__name__} expressions are not allowed")

    def _did_you_mean(self) -> str:
        names = list(self.entrypoints) + sorted(self.constants) + sorted(self.runtime)
        return f" (known names: {', '.join(names)})" if names else ""

    def _attribute(self, node: ast.Attribute, depth: int) -> Any:
        path = _dotted(node)
        if path in ("np.inf", "math.inf"):
            return math.inf
        if path in ("np.nan", "math.nan"):
            return math.nan
        if path in ("np.pi", "math.pi"):
            return math.pi
        if node.attr == "T":
            return self._array(node.value, depth).T
        if path is not None and path.split(".")[0] in ("np", "torch") and node.attr in DTYPES:
            return _DtypeName(node.attr)
        raise _bad(node, f"`{path or node.attr}` is not allowed here")

    def _array(self, node: ast.expr, depth: int) -> np.ndarray:
        value = self._const(node, depth + 1)
        if isinstance(value, TensorArg):
            raise _bad(node, "reshape the array before torch.tensor(...)")
        if not isinstance(value, np.ndarray):
            raise _bad(node, ".reshape, .astype and .T apply to arrays")
        return value

    def _construct(self, node: ast.Call, depth: int) -> Any:
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            raise _bad(node, "`*args` and `**kwargs` are not allowed; write the arguments out")
        func = node.func
        args = [self._const(a, depth + 1) for a in node.args]
        kwargs = {k.arg: self._const(k.value, depth + 1) for k in node.keywords if k.arg}
        path = _dotted(func)
        try:
            if path in ("float", "int", "bool") and len(args) == 1 and not kwargs:
                return _builtin(path, args[0])
            if path is not None and path.startswith("np.") and path[3:] in _ARRAY_FUNCS:
                return self._numpy(node, path[3:], args, kwargs)
            if path is not None and path.startswith("torch.") and path[6:] in _TORCH_FUNCS:
                return self._torch(node, path[6:], args, kwargs)
            if isinstance(func, ast.Attribute) and func.attr in ("reshape", "astype"):
                arr = self._array(func.value, depth)
                if func.attr == "astype":
                    return arr.astype(_dtype(node, args[0] if args else kwargs.get("dtype")))
                one = len(args) == 1 and isinstance(args[0], tuple | list)
                return arr.reshape(tuple(args[0]) if one else tuple(args))
            rng_method = isinstance(func, ast.Attribute) and func.attr in _RNG_METHODS
            if rng_method and isinstance(func, ast.Attribute) and _rng_call(func.value):
                rng = self._rng(func.value)
                return self._draw(node, rng, func.attr, args, kwargs)
        except InvalidInput:
            raise
        except (TypeError, ValueError, OverflowError) as exc:
            raise _bad(node, f"{path or 'this call'}: {exc}") from None
        raise _bad(
            node, f"`{path or ast.unparse(func)[:60]}(...)` is not allowed{self._did_you_mean()}"
        )

    def _numpy(self, node: ast.Call, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        dtype = _dtype(node, kwargs.pop("dtype")) if "dtype" in kwargs else None
        if kwargs:
            raise _bad(node, f"np.{name}: unsupported argument(s) {', '.join(kwargs)}")
        if name in ("array", "asarray"):
            if len(args) != 1:
                raise _bad(node, f"np.{name} takes one list (and dtype=)")
            arr = np.array(args[0], dtype=dtype)
            if arr.dtype.kind not in "biuf":
                raise _bad(node, "arrays hold numbers only")
            return arr
        if name in ("zeros", "ones", "full"):
            if not args:
                raise _bad(node, f"np.{name} needs a shape")
            shape = _shape(node, args[0])
            self._count(node, math.prod(shape))
            fill = {"zeros": 0, "ones": 1}.get(name)
            if name == "full":
                if len(args) != 2 or type(args[1]) not in (int, float, bool):
                    raise _bad(node, "np.full takes a shape and one number")
                fill = args[1]
            return np.full(shape, fill, dtype=dtype or (None if name == "full" else np.float64))
        if name == "eye":
            n = _count_arg(node, args[0] if args else None)
            self._count(node, n * n)
            return np.eye(n, dtype=dtype or np.float64)
        if name == "arange":
            if not 1 <= len(args) <= 3 or not all(type(a) in (int, float) for a in args):
                raise _bad(node, "np.arange takes 1 to 3 numbers")
            start, stop, step = (0, args[0], 1) if len(args) == 1 else (*args, 1)[:3]
            if step == 0:
                raise _bad(node, "np.arange: the step is 0")
            self._count(node, max(0, math.ceil((stop - start) / step)))
            return np.arange(*args, dtype=dtype)
        # linspace
        if len(args) != 3 or not all(type(a) in (int, float) for a in args):
            raise _bad(node, "np.linspace takes start, stop and a count")
        n = _count_arg(node, args[2])
        self._count(node, n)
        return np.linspace(args[0], args[1], n, dtype=dtype)

    def _torch(
        self, node: ast.Call, name: str, args: list[Any], kwargs: dict[str, Any]
    ) -> TensorArg:
        grad = bool(kwargs.pop("requires_grad", False))
        dtype = _dtype(node, kwargs.pop("dtype")) if "dtype" in kwargs else None
        if kwargs:
            raise _bad(node, f"torch.{name}: unsupported argument(s) {', '.join(kwargs)}")
        if name in ("tensor", "as_tensor"):
            if len(args) != 1:
                raise _bad(node, f"torch.{name} takes one list or array (and dtype=)")
            arr = np.array(args[0])
            if arr.dtype.kind not in "biuf":
                raise _bad(node, "tensors hold numbers only")
            if dtype is None and arr.dtype == np.float64 and not isinstance(args[0], np.ndarray):
                dtype = np.float32  # torch's default for Python floats
            return TensorArg(arr.astype(dtype) if dtype is not None else arr, grad)
        if name == "arange":
            arr = self._numpy(node, "arange", args, {})
            return TensorArg(arr.astype(dtype) if dtype is not None else arr, grad)
        shape = _shape(
            node, args[0] if len(args) == 1 and isinstance(args[0], tuple | list) else tuple(args)
        )
        self._count(node, math.prod(shape))
        dtype = dtype or np.float32
        if name in ("zeros", "ones"):
            return TensorArg(np.full(shape, 1 if name == "ones" else 0, dtype=dtype), grad)
        rng = np.random.default_rng(0)  # fixed: both children must see the same numbers
        arr = rng.standard_normal(shape) if name == "randn" else rng.random(shape)
        return TensorArg(arr.astype(dtype), grad)

    def _rng(self, node: ast.expr) -> np.random.Generator:
        assert isinstance(node, ast.Call)
        if len(node.args) != 1 or node.keywords:
            raise _bad(node, "np.random.default_rng takes one integer seed")
        seed = self._const(node.args[0], 1)
        if type(seed) is not int or seed < 0:
            raise _bad(node, "np.random.default_rng takes one non-negative integer seed")
        return np.random.default_rng(seed)

    def _draw(
        self,
        node: ast.Call,
        rng: np.random.Generator,
        method: str,
        args: list[Any],
        kwargs: dict[str, Any],
    ) -> Any:
        size = kwargs.pop("size", None)
        dtype = kwargs.pop("dtype", None)
        positional = {"normal": 2, "uniform": 2, "integers": 2, "random": 0, "standard_normal": 0}
        if method in ("random", "standard_normal") and args and size is None:
            size, args = args[0], args[1:]
        if len(args) == positional[method] + 1 and size is None:
            size, args = args[-1], args[:-1]
        names = {
            "normal": ("loc", "scale"),
            "uniform": ("low", "high"),
            "integers": ("low", "high"),
        }
        for key in names.get(method, ()):
            if key in kwargs:
                args.append(kwargs.pop(key))
        if kwargs or len(args) > positional[method]:
            raise _bad(node, f".{method}: unsupported arguments")
        if not all(type(a) in (int, float) for a in args):
            raise _bad(node, f".{method}: the parameters are numbers")
        shape = _shape(node, size) if size is not None else ()
        self._count(node, max(1, math.prod(shape)))
        out = getattr(rng, method)(*args, size=shape if size is not None else None)
        if dtype is not None:
            out = np.asarray(out).astype(_dtype(node, dtype))
        return out if isinstance(out, np.ndarray) else out.item()


def _dotted(node: ast.expr) -> str | None:
    """``np.random.seed`` for that attribute chain on a plain name; None otherwise."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.insert(0, {"numpy": "np"}.get(node.id, node.id))
    return ".".join(parts)


def _rng_call(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _dotted(node.func) == "np.random.default_rng"


def _builtin(name: str, value: Any) -> Any:
    if name == "float" and isinstance(value, str) and value.strip().lower() in (
        "nan", "inf", "-inf", "+inf", "infinity", "-infinity",
    ):  # fmt: skip
        return float(value)
    if type(value) not in (int, float, bool):
        raise TypeError(f"{name}() here takes a number (or 'nan', 'inf')")
    return {"float": float, "int": int, "bool": bool}[name](value)


def _holds_call(expr: Any) -> bool:
    if isinstance(expr, Call):
        return True
    if isinstance(expr, Pack):
        pairs = expr.items if expr.kind == "dict" else ((None, i) for i in expr.items)
        return any(_holds_call(v) for _, v in pairs)
    return False


def _holds_dtype(value: Any, depth: int = 0) -> bool:
    if isinstance(value, _DtypeName):
        return True
    if depth < MAX_DEPTH and isinstance(value, list | tuple):
        return any(_holds_dtype(v, depth + 1) for v in value)
    if depth < MAX_DEPTH and isinstance(value, dict):
        return any(_holds_dtype(v, depth + 1) for v in value.values())
    return False


def _dtype(node: ast.AST, value: Any) -> Any:
    if isinstance(value, str) and value in DTYPES:
        return DTYPES[value]
    if isinstance(value, _DtypeName):
        return DTYPES[value.name]
    raise _bad(node, f"unknown dtype {value!r}; use one of {', '.join(sorted(DTYPES))}")


class _DtypeName:
    """``np.float32`` / ``torch.long`` / ``float`` written as a dtype."""

    def __init__(self, name: str) -> None:
        self.name = name


def _shape(node: ast.AST, value: Any) -> tuple[int, ...]:
    shape = (value,) if type(value) is int else value
    if not isinstance(shape, tuple | list) or not all(type(d) is int and d >= 0 for d in shape):
        raise _bad(node, "a shape is a non-negative integer or a tuple of them")
    if len(shape) > 8:
        raise _bad(node, "at most 8 dimensions")
    if math.prod(shape) > MAX_ELEMENTS:
        raise InputTooLarge(
            f"console input, {_where(node)}: shape {tuple(shape)} has more than "
            f"{MAX_ELEMENTS:,} elements",
            hint="the console is for visible-size inputs; the checks run the large ones",
        )
    return tuple(shape)


def _count_arg(node: ast.AST, value: Any) -> int:
    if type(value) is not int or value < 0:
        raise _bad(node, "expected a non-negative integer")
    if value > MAX_ELEMENTS:
        raise InputTooLarge(f"console input, {_where(node)}: {value:,} is over the size limit")
    return value


def parse(text: str, entrypoints: tuple[str, ...] | list[str]) -> Script:
    """Parse console ``text`` for an exercise with these entry points."""
    return Parser(entrypoints).parse(text)


def call_text(entry: str, args: str) -> str:
    """The console line that calls ``entry`` with ``args`` typed as an argument list."""
    if "\n" in args.strip():
        raise InvalidInput("arguments go on one line; use the script form for several lines")
    return f"{entry}({args})"
