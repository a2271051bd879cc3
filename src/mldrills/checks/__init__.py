"""The check library exercise authors write tests with.

A pack's ``tests.py`` (visible) and ``hidden.py`` define ``suite = Suite()`` and add
checks to it, declaratively (``same_as_reference``, ``complexity``...) or as functions
of a ``Trial`` using the comparisons in ``compare``. See ``docs/authoring.md``.
"""

from mldrills.checks import compare, numeric
from mldrills.checks.builders import complexity, deterministic, same_as_reference
from mldrills.checks.core import Case, Check, CheckFailed, Suite, Trial
from mldrills.judge.channel import Remote, SubmissionError, tensor

__all__ = [
    "Case",
    "Check",
    "CheckFailed",
    "Remote",
    "SubmissionError",
    "Suite",
    "Trial",
    "compare",
    "complexity",
    "deterministic",
    "numeric",
    "same_as_reference",
    "tensor",
]
