"""Explorer text as a screen reader should say it.

The labels under the figures use the notation of the lectures (``|∇f| 8.63e-07``, ``loss 6.7 →
0.54``, ``ceil(200 / 10) = 20``, ``x₀``), which reads well and sounds bad: a screen reader says
"vertical line nabla f vertical line 8.63 e minus 07", "right arrow", "ceil left paren".
:func:`spoken` turns such text into words. An explorer's label carries both: the notation for
the eye (hidden from a screen reader) and the words in an element of class
:data:`SCREEN_READER_ONLY`, which the accessibility layer's CSS hides from the eye.
"""

from __future__ import annotations

import re

__all__ = ["SCREEN_READER_ONLY", "spoken"]

SCREEN_READER_ONLY = "gd-sr"

_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")

# In order: each rule sees the text as the rules before it left it.
_RULES: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (r"(?<![\w.])(-?\d+(?:\.\d+)?)e[+-]?0+\b", r"\1"),
        (r"(?<![\w.])(-?\d+(?:\.\d+)?)e\+?0*(\d+)\b", r"\1 times 10 to the \2"),
        (r"(?<![\w.])(-?\d+(?:\.\d+)?)e-0*(\d+)\b", r"\1 times 10 to the minus \2"),
        (r"ceil\(([^()]*?) / ([^()]*?)\)", r"\1 over \2 rounded up"),
        (r"/\(k\s*\+\s*1\)\^p", " divided by (k + 1) to the power p"),
        (r"\b2/L\b", "2 over L"),
        (r"\|∇f\|", "the gradient's size"),
        (r"∇f", "the gradient of f"),
        (r"\|x\|", "absolute value of x"),
        (r"f'\(x\)", "f prime of x"),
        (r"\bf\(x\)", "f of x"),
        (r"\s*→\s*", " to "),
        (r"\s*·\s*", "; "),
        (r"(\d)\s*µs\b", r"\1 microseconds"),
        (r"(\d)\s*ms\b", r"\1 milliseconds"),
        (r"≈\s*", "about "),
        (r"≤\s*", "at most "),
        (r"≥\s*", "at least "),
        (r"±\s*", "plus or minus "),
        (r"\s*×\s*", " times "),
        (r"²", " squared"),
        (r"η", "eta"),
        (r"β", "beta"),
        (r"\blr\b", "learning rate"),
        (r"\btol\b", "tolerance"),
        (r"([A-Za-z])([₀-₉]+)", r"\1 \2"),
    )
)


def spoken(text: str) -> str:
    """``text`` in words a screen reader says well: numbers in scientific notation as "times
    10 to the minus 7", arrows as "to", symbols by name, ``x₀`` as "x 0", "lr" as "learning
    rate"."""
    for pattern, words in _RULES:
        text = pattern.sub(words, text)
    return " ".join(text.translate(_SUBSCRIPTS).split())
