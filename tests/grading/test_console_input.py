"""Reading console input: literals, calls, a small constructor set; nothing is evaluated."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mldrills.errors import InvalidInput
from mldrills.grading.console_example import write
from mldrills.grading.console_input import (
    MAX_ELEMENTS,
    MAX_TEXT,
    Call,
    InputTooLarge,
    Pack,
    Seed,
    Value,
    Var,
    call_text,
    parse,
)
from mldrills.judge.wire import TensorArg

ENTRY = ("solve", "LRUCache")


def one_call(text: str) -> Call:
    script = parse(text, ENTRY)
    expr = script.statements[-1].expr
    assert isinstance(expr, Call)
    return expr


def test_a_call_with_literals_keeps_them_as_data() -> None:
    call = one_call("solve([[1, 3], (2, -6.5)], k=2, name='x', flag=None)")
    assert (call.root, call.var, call.attrs) == ("solve", False, ())
    assert call.args == (Value([[1, 3], (2, -6.5)]),)
    assert dict(call.kwargs) == {"k": Value(2), "name": Value("x"), "flag": Value(None)}


def test_array_constructors_build_the_values_here() -> None:
    text = (
        "a = np.arange(12).reshape(3, 4)\n"
        "b = np.array([[1, 2], [3, 4]], dtype=np.float32)\n"
        "c = np.random.default_rng(0).normal(size=(4, 8))\n"
        "d = torch.tensor([[1.0, 2.0]])\n"
        "e = np.zeros((2, 3), dtype='int64').T\n"
        "solve(a, b, c, d, e, float('nan'), np.inf)"
    )
    call = one_call(text)
    a, b, c, d, e, nan, inf = (v.value for v in call.args)
    assert np.array_equal(a, np.arange(12).reshape(3, 4))
    assert b.dtype == np.float32 and b.tolist() == [[1, 2], [3, 4]]
    assert np.array_equal(c, np.random.default_rng(0).normal(size=(4, 8)))
    assert isinstance(d, TensorArg) and d.array.dtype == np.float32  # torch's default
    assert e.shape == (3, 2) and e.dtype == np.int64
    assert np.isnan(nan) and inf == float("inf")


def test_torch_random_tensors_are_seeded_so_both_sides_get_the_same() -> None:
    first = one_call("solve(torch.randn(2, 3))").args[0].value
    again = one_call("solve(torch.randn(2, 3))").args[0].value
    assert isinstance(first, TensorArg) and first.array.shape == (2, 3)
    assert np.array_equal(first.array, again.array)


def test_objects_and_their_methods_form_a_call_sequence() -> None:
    script = parse("torch.manual_seed(3)\nc = LRUCache(2)\nc.put('a', [1, c])\nc.get('a')", ENTRY)
    seed, make, put, get = (s.expr for s in script.statements)
    assert seed == Seed(3)
    assert isinstance(make, Call) and make.root == "LRUCache" and script.statements[1].target == "c"
    assert isinstance(put, Call) and (put.root, put.var, put.attrs) == ("c", True, ("put",))
    assert put.args[1] == Pack("list", (Value(1), Var("c")))
    assert isinstance(get, Call) and get.attrs == ("get",)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "__import__('os').system('touch /tmp/pwned')",
            "`__import__('os').system(...)` is not allowed",
        ),
        ("solve(open('/etc/passwd').read())", "not allowed"),
        ("solve(().__class__.__bases__[0].__subclasses__())", "not allowed"),
        ("c = LRUCache(1)\nc.__class__.__init__(1)", "names starting with _"),
        ("solve(eval('1+1'))", "`eval(...)` is not allowed"),
        ("import os\nsolve(1)", "Import statements are not allowed"),
        ("solve(lambda x: x)", "Lambda expressions are not allowed"),
        ("solve([x for x in range(3)])", "ListComp expressions are not allowed"),
        ("solve(1 + 2)", "BinOp expressions are not allowed"),
        ("solve(*[1, 2])", "`*args` is not allowed"),
        ("np = 1\nsolve(np)", "cannot be assigned"),
        ("solve(solve([1]))", "assign the inner call to a name first"),
        ("solve(np.float32)", "only allowed as `dtype=`"),
        ("solve(np.array(['a', 'b']))", "numbers only"),
        ("solve(np.zeros(3, dtype='complex128'))", "unknown dtype"),
        ("x = np.arange(3)", "calls nothing of your code"),
        ("solve([1, 2", "does not parse"),
        ("   ", "empty"),
        ("solve(" + "9" * 5000 + ")", "Exceeds the limit"),
    ],
)
def test_anything_outside_the_allow_list_is_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse(text, ENTRY)
    assert says in info.value.message
    assert not Path("/tmp/pwned").exists()


def test_a_string_that_would_be_dangerous_to_eval_is_only_data() -> None:
    call = one_call("solve(\"__import__('os').system('touch /tmp/pwned')\")")
    assert call.args == (Value("__import__('os').system('touch /tmp/pwned')"),)
    assert not Path("/tmp/pwned").exists()


@pytest.mark.parametrize(
    "text",
    [
        "solve(np.zeros((1000, 1000)))",  # refused from its shape, before allocating
        "solve(np.ones(1000000000))",
        "solve(np.random.default_rng(0).normal(size=(100, 101)))",
        "solve(torch.randn(10, 10, 10, 11))",
        "solve(np.arange(0, 1e12, 0.5))",
        "solve(np.eye(101))",
        "solve(" + repr(list(range(MAX_ELEMENTS + 1))) + ")",
        "solve('" + "x" * (MAX_TEXT + 1) + "')",
    ],
)
def test_inputs_over_the_size_limits_are_refused(text: str) -> None:
    with pytest.raises(InputTooLarge) as info:
        parse(text, ENTRY)
    assert info.value.http_status == 413


def test_entry_and_arguments_make_one_call() -> None:
    assert call_text("solve", "[1, 2], k=3") == "solve([1, 2], k=3)"
    with pytest.raises(InvalidInput):
        call_text("solve", "[1]\n[2]")


@pytest.mark.parametrize(
    "value",
    [
        [(1, 3), (2, 6)],
        {"a": [1.5, float("inf")], 2: None},
        np.array([[1, 2], [3, 4]], dtype=np.int32),
        np.random.default_rng(1).normal(size=(4, 10)),
        TensorArg(np.ones((2, 3), dtype=np.float32)),
        (True, "text", -0.25),
    ],
)
def test_example_text_reads_back_as_the_same_kind_of_value(value: object) -> None:
    call = one_call(f"solve({write(value)})")
    got = call.args[0].value
    if isinstance(value, TensorArg):
        assert isinstance(got, TensorArg) and got.array.shape == value.array.shape
    elif isinstance(value, np.ndarray):
        assert got.shape == value.shape and got.dtype == value.dtype
    else:
        assert got == value
