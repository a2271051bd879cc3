"""TeX as plain text for the terminal: common commands become Unicode, the rest stays as written.

The aim is a formula a reader can follow in a terminal, never a wrong one: a command this
module does not know is kept with its backslash rather than dropped.
"""

from __future__ import annotations

import re

SYMBOLS = {
    # Greek letters
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    # operators and relations
    "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "le": "≤", "leq": "≤",
    "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈", "sim": "~", "simeq": "≃",
    "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫", "infty": "∞", "sum": "Σ",
    "prod": "Π", "int": "∫", "partial": "∂", "nabla": "∇", "sqrt": "√", "in": "∈",
    "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩", "emptyset": "∅",
    "forall": "∀", "exists": "∃", "neg": "¬", "land": "∧", "lor": "∨", "oplus": "⊕",
    "odot": "⊙", "otimes": "⊗", "circ": "∘", "star": "⋆", "ast": "*",
    # arrows
    "Longleftrightarrow": "⟺", "Longrightarrow": "⟹",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "leftrightarrow": "↔", "iff": "⇔", "implies": "⇒", "mapsto": "↦",
    # dots, bars, delimiters
    "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "mid": "|", "vert": "|",
    "lvert": "|", "rvert": "|", "Vert": "‖", "lVert": "‖", "rVert": "‖", "langle": "⟨",
    "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "top": "T", "intercal": "T", "prime": "′", "ell": "ℓ", "hbar": "ħ",
    # named functions keep their names
    "log": "log", "ln": "ln", "exp": "exp", "max": "max", "min": "min", "arg": "arg",
    "sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh", "det": "det", "Pr": "Pr",
    "sup": "sup", "inf": "inf", "lim": "lim", "argmax": "argmax", "argmin": "argmin",
}  # fmt: skip
# Relations and binary operators read better with space around them: "x ∈ R", "a × b".
BINARY = {"cdot", "times", "div", "pm", "mp", "le", "leq", "ge", "geq", "ne", "neq",
          "approx", "sim", "simeq", "equiv", "propto", "ll", "gg", "in", "notin", "subset",
          "subseteq", "cup", "cap", "land", "lor", "oplus", "odot", "otimes", "to",
          "rightarrow", "leftarrow", "gets", "Rightarrow", "Leftarrow", "leftrightarrow",
          "iff", "implies", "mapsto", "mid", "Longleftrightarrow", "Longrightarrow"}  # fmt: skip
# Operators written as a name or a big symbol: a space separates them from what follows.
OPERATORS = {"sum", "prod", "int", "log", "ln", "exp", "max", "min", "arg", "sin", "cos",
             "tan", "tanh", "det", "Pr", "sup", "inf", "lim", "argmax", "argmin"}  # fmt: skip
SPACES = {",": " ", ";": " ", ":": " ", ">": " ", "!": "", " ": " ", "quad": "  ", "qquad": "   "}
ESCAPES = set("{}%$&#_|")
DROPPED = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
           "displaystyle", "textstyle", "limits", "nolimits"}  # fmt: skip
TEXT_ARGS = {"text", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "textbf", "textit",
             "operatorname", "mathbb", "mathcal", "boldsymbol", "bm", "textrm", "texttt",
             "mathrel", "mathop", "mbox"}  # fmt: skip
ACCENTS = {
    "hat": "\u0302",
    "bar": "\u0304",
    "overline": "\u0305",
    "tilde": "\u0303",
    "vec": "\u20d7",
    "dot": "\u0307",
}
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
# Environments: brackets around the body, and what a column separator reads as.
ENVIRONMENTS = {
    "cases": ("{ ", " }", ", "),
    "pmatrix": ("(", ")", ", "),
    "bmatrix": ("[", "]", ", "),
    "matrix": ("[", "]", ", "),
    "array": ("[", "]", ", "),
}
_ENV = re.compile(r"\\begin\{(\w+\*?)\}(?:\{[^}]*\})?(.*?)\\end\{\1\}", re.DOTALL)
_ROW_SPACING = re.compile(r"\[[^\]]*\]")  # the [2ex] of "\\[2ex]"


def _environment(found: re.Match[str]) -> str:
    name, body = found.group(1), found.group(2)
    start, end, column = ENVIRONMENTS.get(name, ("", "", " "))
    rows = [tex_to_text(row.replace("&", "\x00")) for row in re.split(r"\\\\(?:\[[^\]]*\])?", body)]
    cells = [re.sub(r"\s*\x00\s*", column, r).strip() for r in rows if r.strip()]
    return start + "; ".join(cells) + end


def _group(tex: str, pos: int) -> tuple[str, int]:
    """The argument starting at ``pos`` (a braced group or one character), and where it ends."""
    while pos < len(tex) and tex[pos] == " ":
        pos += 1
    if pos >= len(tex):
        return "", pos
    if tex[pos] != "{":
        found = _COMMAND.match(tex, pos)
        end = found.end() if found else pos + 1
        return tex[pos:end], end
    depth = 0
    for i in range(pos, len(tex)):
        if tex[i] == "{" and (i == 0 or tex[i - 1] != "\\"):
            depth += 1
        elif tex[i] == "}" and tex[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return tex[pos + 1 : i], i + 1
    return tex[pos + 1 :], len(tex)  # unbalanced: take the rest rather than lose it


# One symbol: a number, or a name (letters, then letters or digits): "12", "x", "d", "t1".
# "2n" is a product and needs parentheses as a denominator: 1/(2n), not 1/2n.
_SYMBOL = r"(?:[0-9.]+|[^\W\d_][^\W_]*)′*"


def _atom(text: str) -> bool:
    """Whether ``text`` reads unambiguously without parentheses (``x``, ``12``, ``d_k``)."""
    return bool(re.fullmatch(rf"√?{_SYMBOL}(?:_{_SYMBOL})?(?:\^{_SYMBOL})?", text))


def _wrap(text: str) -> str:
    return text if _atom(text) else f"({text})"


def _wrap_script(text: str) -> str:
    """A superscript or subscript: one symbol bare, anything else in parentheses, so
    ``e^{w_j}`` reads e^(w_j), not e^w_j."""
    return text if re.fullmatch(_SYMBOL, text) else f"({text})"


def tex_to_text(tex: str) -> str:
    """A readable plain-text form of a TeX formula."""
    out: list[str] = []
    pos = 0
    while pos < len(tex):
        char = tex[pos]
        if char == "\\":
            pos = _command(tex, pos, out)
        elif char in "^_":
            arg, pos = _group(tex, pos + 1)
            out.append(char + (_wrap_script(tex_to_text(arg)) if arg else ""))
        elif char in "{}":
            pos += 1  # grouping braces only change TeX's spacing, not the reading
        elif char == "&":
            out.append(" ")
            pos += 1
        else:
            out.append(char)
            pos += 1
    return re.sub(r"[ \t]+", " ", "".join(out)).replace(" ;", ";").strip()


def _symbol_follows(tex: str, pos: int) -> bool:
    """Whether a letter, digit or a command that prints a symbol comes right at ``pos``."""
    if pos >= len(tex):
        return False
    if tex[pos].isalnum():
        return True
    found = _COMMAND.match(tex, pos)
    if found is None or not found.group(1).isalpha():
        return False
    name = found.group(1)
    return name not in DROPPED and name not in SPACES and name not in BINARY


def _command(tex: str, pos: int, out: list[str]) -> int:
    """Translate the command at ``tex[pos]`` (a backslash) into ``out``; return the next pos."""
    found = _COMMAND.match(tex, pos)
    if found is None:  # a lone trailing backslash: keep it
        out.append("\\")
        return pos + 1
    name, end = found.group(1), found.end()
    if name == "\\":
        out.append("; ")
        spacing = _ROW_SPACING.match(tex, end)
        end = spacing.end() if spacing else end
    elif name == "begin" and (env := _ENV.match(tex, pos)):
        out.append(_environment(env))
        end = env.end()
    elif name in SPACES:
        out.append(SPACES[name])
    elif name in ESCAPES:
        out.append(name)
    elif name in DROPPED:
        pass
    elif name == "binom":
        top, end = _group(tex, end)
        bottom, end = _group(tex, end)
        out.append(f"C({tex_to_text(top)}, {tex_to_text(bottom)})")
    elif name in ("frac", "dfrac", "tfrac"):
        top, end = _group(tex, end)
        bottom, end = _group(tex, end)
        after = " " if end < len(tex) and (tex[end].isalnum() or tex[end] == "\\") else ""
        out.append(f"{_wrap(tex_to_text(top))}/{_wrap(tex_to_text(bottom))}{after}")
    elif name == "sqrt":
        arg, end = _group(tex, end)
        out.append("√" + _wrap(tex_to_text(arg)))
    elif name in TEXT_ARGS:
        arg, end = _group(tex, end)
        out.append(tex_to_text(arg) if name.startswith("math") else arg)
    elif name in ACCENTS:
        arg, end = _group(tex, end)
        inner = tex_to_text(arg)
        out.append(inner + ACCENTS[name] if len(inner) == 1 else f"{name}({inner})")
    elif name in SYMBOLS:
        word = SYMBOLS[name]
        if name in BINARY:
            out.append(f" {word} ")
            return end
        # "\log x" must not become "logx", nor "\log\sigma" "logσ"; "\alpha_i" stays "α_i"
        named = name in OPERATORS or (word.isalpha() and len(word) > 1)
        out.append(word + (" " if named and _symbol_follows(tex, end) else ""))
    else:  # unknown: keep it as written, backslash and braced arguments included
        out.append(found.group(0))
        while end < len(tex) and tex[end] == "{":
            arg, end = _group(tex, end)
            out.append("{" + tex_to_text(arg) + "}")
    return end
