"""The warm-up exercise of the start-here notebook: how checking works."""

from .core import Exercise, judge_number

__all__ = ["warm_up"]

warm_up = Exercise(
    question="What is the derivative of f(x) = x^2 at x = 3?",
    judge=judge_number(6.0, what="your derivative"),
    hint="The power rule: the derivative of x^n is n x^(n - 1).",
)
