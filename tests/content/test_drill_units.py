"""Reading answers with units, writing values with units, and the safe formula evaluator."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mldrills.content import expr
from mldrills.content.units import UNITS, parse, plain, show
from mldrills.errors import InvalidInput

GIB = 2**30


@pytest.mark.parametrize(
    ("text", "kind", "display", "value"),
    [
        ("1.5 GiB", "bytes", "GiB", 1.5 * GIB),
        ("1536 MiB", "bytes", "GiB", 1.5 * GIB),
        ("1.5GiB", "bytes", None, 1.5 * GIB),
        ("1.5 gib", "bytes", None, 1.5 * GIB),
        ("2 GB", "bytes", "GiB", 2e9),
        ("16 Gb", "bytes", "GB", 2e9),
        ("16 Gbit", "bytes", "GB", 2e9),
        ("3 B", "bytes", "GiB", 3),
        ("1.5", "bytes", "GiB", 1.5 * GIB),
        ("3e9", "count", None, 3e9),
        ("3 billion", "count", None, 3e9),
        ("3B", "count", None, 3e9),
        ("3B tokens", "count", None, 3e9),
        ("1.2M params", "count", None, 1.2e6),
        ("2.5 x 10^9", "count", None, 2.5e9),
        ("1,234,567", "count", None, 1234567),
        ("12%", "ratio", "%", 0.12),
        ("0.12", "ratio", "%", 0.12),
        ("12 percent", "ratio", "%", 0.12),
        ("$4,200", "dollars", "$", 4200),
        ("$4.2K", "dollars", "$", 4200),
        ("$1.2M", "dollars", "$", 1.2e6),
        ("4200 USD", "dollars", "$", 4200),
        ("45 ms", "seconds", "ms", 0.045),
        ("45", "seconds", "ms", 0.045),
        ("2 days", "seconds", "days", 172800),
        ("6.3e21 FLOPs", "flops", None, 6.3e21),
        ("6.3 ZFLOPs", "flops", None, 6.3e21),
        ("-0.25", "number", None, -0.25),
        ("~3.8", "number", None, 3.8),
    ],
)
def test_parse(text: str, kind: str, display: str | None, value: float) -> None:
    assert parse(text, kind, display).value == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("1.5 GiB", "seconds", "GiB measures a size in bytes, but this answer is a duration"),
        ("45 ms", "bytes", "ms measures a duration"),
        ("$5", "bytes", "$ measures an amount of money"),
        ("12%", "dollars", "% measures a fraction"),
        ("abc", "count", "not a number"),
        ("3 furlongs", "count", "cannot read the unit 'furlongs'"),
        ("", "count", "not a number"),
    ],
)
def test_parse_errors_say_why(text: str, kind: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("$", r"\$")):
        parse(text, kind, None)


UNIT_NAMES = sorted(n for n, u in UNITS.items() if u.kind != "ratio")


@given(
    value=st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False),
    unit=st.sampled_from(UNIT_NAMES),
)
def test_show_then_parse_round_trips(value: float, unit: str) -> None:
    """What the app writes ("1.5 GiB", "$4,200", "45 ms") reads back to the same value."""
    kind = UNITS[unit].kind
    base = value * UNITS[unit].factor
    back = parse(show(base, unit), kind, None).value
    assert back == pytest.approx(base, rel=1e-3)


@given(value=st.floats(min_value=-1e20, max_value=1e20, allow_nan=False))
def test_plain_keeps_four_significant_figures(value: float) -> None:
    text = plain(value)
    assert float(text.replace(",", "")) == pytest.approx(value, rel=1e-3, abs=1e-4)


@given(percent=st.floats(min_value=0, max_value=100, allow_nan=False))
def test_percent_and_fraction_agree(percent: float) -> None:
    assert parse(f"{percent}%", "ratio", "%").value == pytest.approx(
        parse(repr(percent / 100), "ratio", "%").value, rel=1e-12, abs=1e-15
    )


# The evaluator


def test_arithmetic_and_lists() -> None:
    names = {"a": [1, 2, 3], "b": 2}
    assert expr.evaluate("a * b + 1", names) == [3, 5, 7]
    assert expr.evaluate("sum(a) / len(a)", names) == 2
    assert expr.evaluate("2 ** 10 // 3 % 7", {}) == (2**10 // 3) % 7
    assert expr.evaluate("maximum(a - 2, 0)", names) == [0, 0, 1]
    assert expr.evaluate("sorted([3, 1, 2])[0]", {}) == 1
    assert expr.evaluate("argmax([1, 5, 2]) + argmin([4, 0, 9])", {}) == 2
    assert expr.evaluate("nearest_rank([5, 1, 4, 2, 3], 50)", {}) == 3
    assert expr.evaluate("1 if b > 1 and b < 3 else 0", names) == 1
    assert expr.evaluate("ceil(log2(1000))", {}) == 10
    assert expr.evaluate("norm_ppf(0.975)", {}) == pytest.approx(1.959964, abs=1e-6)


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os')",
        "(1).__class__",
        "open('x')",
        "[x for x in a]",
        "lambda: 1",
        "'text'",
        "a.append(1)",
        "10 ** 10 ** 10",
        "f(1)",
        "True",
    ],
)
def test_unsafe_or_unknown_is_refused(source: str) -> None:
    with pytest.raises(expr.ExprError):
        expr.evaluate(source, {"a": [1]})


def test_errors_are_expr_errors() -> None:
    with pytest.raises(expr.ExprError, match="unknown name 'x'"):
        expr.evaluate("x + 1", {})
    with pytest.raises(expr.ExprError, match="cannot compute"):
        expr.evaluate("1 / 0", {})
    with pytest.raises(expr.ExprError, match="lists of 2 and 3"):
        expr.evaluate("[1, 2] + [1, 2, 3]", {})
    with pytest.raises(expr.ExprError, match="syntax error"):
        expr.evaluate("1 +", {})
    assert math.isclose(expr.evaluate("log(8, 2)", {}), 3)


def test_names_in() -> None:
    assert expr.names_in("ceil(cf * t / e) + max(x)") == {"cf", "t", "e", "x"}


@pytest.mark.parametrize("text", ["1e400", "1 x 10^99999999999", "9" * 400, "1e400 GiB"])
def test_absurd_numbers_are_refused_not_crashed(text: str) -> None:
    with pytest.raises(InvalidInput, match="finite"):
        parse(text, "bytes", "GiB")


def test_tiny_numbers_read_as_zero() -> None:
    assert parse("1e-400", "number", None).value == 0
