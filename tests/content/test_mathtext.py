"""TeX to readable text for the terminal: known commands become Unicode, nothing is lost."""

from __future__ import annotations

import pytest

from mldrills.content.mathtext import tex_to_text


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"\frac{QK^\top}{\sqrt{d_k}}", "QK^T/√d_k"),
        (r"\frac{a + b}{c}", "(a + b)/c"),
        (r"\frac{1}{C}\sum_{c} x_c", "1/C Σ_c x_c"),
        (r"\mathrm{softmax}\left(z\right)_i", "softmax(z)_i"),
        (r"M_{ij} = -\infty", "M_ij = -∞"),
        (r"2^{30}", "2^30"),
        (r"x^{2t+1}", "x^(2t+1)"),
        (r"\{a, b\}", "{a, b}"),
        (r"a \le b \ne c \times d \cdot e", "a ≤ b ≠ c × d · e"),
        (r"\log p + \exp x", "log p + exp x"),
        (r"\alpha_i \beta", "α_i β"),
        (r"1\ \text{GiB}", "1 GiB"),
        (r"a \qquad b", "a b"),
        (r"\hat{y}", "y\u0302"),  # y with a combining hat
        (r"\hat{xy}", "hat(xy)"),
        (r"\sqrt{\frac{2 \ln t}{n_a}}", "√((2 ln t)/n_a)"),
        (r"x \leftarrow x + 1", "x ← x + 1"),
        (r"a \\ b", "a; b"),
    ],
)
def test_known_commands(tex: str, text: str) -> None:
    assert tex_to_text(tex) == text


@pytest.mark.parametrize(
    ("tex", "kept"),
    [
        (r"\weird{x}{y}", r"\weird{x}{y}"),
        (r"\unknown + 1", r"\unknown + 1"),
        ("a \\", "a \\"),
        (r"\frac{a}{b", "a/b"),  # unbalanced: keep what is there
    ],
)
def test_unknown_commands_keep_their_backslash(tex: str, kept: str) -> None:
    assert tex_to_text(tex) == kept


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (
            r"M_{ij} = \begin{cases} 0 & j \le i \\ -\infty & j > i \end{cases}",
            "M_ij = { 0, j ≤ i; -∞, j > i }",
        ),
        (r"\begin{pmatrix} a & -b \\[2ex] b & a \end{pmatrix}", "(a, -b; b, a)"),
        (r"x &= 1 \\[1em] y &= 2", "x = 1; y = 2"),
        (r"\binom{n}{k}", "C(n, k)"),
        (r"\texttt{abc} \mathrel{:=} 1", "abc := 1"),
        (r"\begin{unknownenv} a \end{unknownenv}", "a"),
    ],
)
def test_environments_and_rows(tex: str, text: str) -> None:
    assert tex_to_text(tex) == text


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"1 - \binom{n-c}{k} / \binom{n}{k}", "1 - C(n-c, k) / C(n, k)"),
        (r"a \Longleftrightarrow b", "a ⟺ b"),
        (r"\frac{1}{2n}", "1/(2n)"),
        (r"\frac{x}{2}", "x/2"),
        (r"e^{w_j}", "e^(w_j)"),
        (r"e^{x}", "e^x"),
        (r"\log\sigma(x)", "log σ(x)"),
        (r"\exp\beta", "exp β"),
        (r"\max\limits_i x", "max_i x"),
        (r"\min\{a, b\}", "min{a, b}"),
        (r"\sum\alpha_i", "Σ α_i"),
        (r"\log\left(x\right)", "log(x)"),
    ],
)
def test_products_scripts_and_operator_names_read_unambiguously(tex: str, text: str) -> None:
    assert tex_to_text(tex) == text


def test_a_scripted_symbol_stays_bare_in_a_fraction() -> None:
    assert tex_to_text(r"\frac{G_L^2}{H_L+\lambda}") == "G_L^2/(H_L+λ)"
