"""The source scan for forbidden modules and names, and syntax errors shown with a caret."""

from __future__ import annotations

import pytest

from mldrills.content.pack import Forbid
from mldrills.grading.forbid import forbidden, message, scan
from mldrills.grading.source import syntax_error

RULES = Forbid(
    modules=("sklearn", "scipy.stats"),
    names=("torch.nn.functional.layer_norm", "torch.layer_norm", "numpy.argsort"),
    reason="implement the normalisation yourself",
)


@pytest.mark.parametrize(
    ("code", "name", "line"),
    [
        ("import sklearn\n", "sklearn", 1),
        ("import sklearn.metrics as m\n", "sklearn.metrics", 1),
        ("from sklearn.metrics import roc_auc_score\n", "sklearn.metrics", 1),
        ("from scipy import stats\n", "scipy.stats", 1),
        (
            "import torch.nn.functional as F\n\ny = F.layer_norm(x, (4,))\n",
            "torch.nn.functional.layer_norm",
            3,
        ),
        (
            "import torch\ny = torch.nn.functional.layer_norm(x, (4,))\n",
            "torch.nn.functional.layer_norm",
            2,
        ),
        (
            "from torch.nn import functional as fn\nf = fn.layer_norm\n",
            "torch.nn.functional.layer_norm",
            2,
        ),
        ("from torch.nn.functional import layer_norm as ln\n", "torch.nn.functional.layer_norm", 1),
        (
            "import torch.nn as nn\nf = nn.functional.layer_norm\n",
            "torch.nn.functional.layer_norm",
            2,
        ),
        ("import numpy as np\nf = getattr(np, 'argsort')\n", "numpy.argsort", 2),
        (
            "import importlib\nm = importlib.import_module('sklearn.metrics')\n",
            "sklearn.metrics",
            2,
        ),
        ("m = __import__('sklearn')\n", "sklearn", 1),
        ("from numpy import *\ni = argsort(x)\n", "numpy.argsort", 2),
        (
            "def f(x):\n    import torch\n    return torch.layer_norm(x, (2,))\n",
            "torch.layer_norm",
            3,
        ),
    ],
)
def test_forbidden_uses_are_found_with_their_line(code: str, name: str, line: int) -> None:
    found = scan(code, RULES)
    assert found, code
    assert (found[0].name, found[0].line) == (name, line)


@pytest.mark.parametrize(
    "code",
    [
        "import numpy as np\ni = np.argmax(x)\ns = np.sort(x, kind='stable')\n",
        "import scipy.special\n",  # only scipy.stats is forbidden
        "import torch\ny = torch.nn.LayerNorm\n",  # not on this list
        "def argsort(x):\n    return sorted(range(len(x)), key=x.__getitem__)\n",
        "layer_norm = 3\nx = layer_norm + 1\n",
        "from . import helper\n",
    ],
)
def test_allowed_code_passes(code: str) -> None:
    assert scan(code, RULES) == []


def test_nothing_forbidden_scans_nothing() -> None:
    assert scan("import sklearn\n", Forbid()) == []


def test_rules_match_whole_dotted_parts() -> None:
    assert forbidden("sklearnx", RULES) is None
    assert forbidden("sklearn.metrics.roc_auc_score", RULES) == "sklearn"


def test_message_names_the_use_the_line_and_the_reason() -> None:
    code = "import torch.nn.functional as F\n" + "\n" * 10 + "y = F.layer_norm(x, (4,))\n"
    text = message(scan(code, RULES), RULES)
    assert text.startswith(
        "this exercise asks you to implement it yourself: "
        "torch.nn.functional.layer_norm is not allowed (line 12)"
    )
    assert "implement the normalisation yourself" in text


def test_syntax_error_shows_line_and_caret() -> None:
    text = syntax_error("def solve(x):\n    return (x +\n")
    assert "line 2" in text or "line 3" in text
    assert text.splitlines()[-1].strip() == "^"
    text = syntax_error("def solve(x)\n    return x\n")
    assert "(line 1)" in text
    lines = text.splitlines()
    assert lines[1].strip() == "def solve(x)"
    assert lines[2].index("^") - lines[1].index("d") == len("def solve(x)")


def test_valid_code_has_no_syntax_error() -> None:
    assert syntax_error("def solve(x):\n    return x\n") == ""


def test_code_nested_beyond_the_compiler_is_a_clear_error() -> None:
    deep = "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n"
    assert "does not parse" in syntax_error(deep)
    deeper = "x = " + "-" * 200_000 + "1\n"
    assert syntax_error(deeper).startswith("your code does not parse")
