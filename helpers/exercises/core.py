"""How exercises are checked: right, or what is wrong and a hint, never the answer.

An :class:`Exercise` wraps a checking function. ``exercise.check(answer)`` returns a
:class:`Feedback`, which a notebook shows as a coloured box and a test can read as a bool.
"""

from __future__ import annotations

import copy
import html
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import palette

__all__ = [
    "NOT_ANSWERED",
    "RETURNS_NONE",
    "Exercise",
    "Feedback",
    "as_number",
    "close",
    "judge_function",
    "judge_number",
    "right",
    "wrong",
]

NOT_ANSWERED = "Not answered yet: replace the ... with your answer and run the cell again."
RETURNS_NONE = ("Your function returns None. Write its body, and make sure it ends with "
                "`return` and the result.")


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct``, a ``message`` saying why, and a ``hint`` if wrong."""

    correct: bool
    message: str
    hint: str = ""

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        if self.correct:
            return f"Correct! {self.message}".strip()
        if self.message == NOT_ANSWERED:
            return NOT_ANSWERED
        return f"Not yet. {self.message}" + (f" Hint: {self.hint}" if self.hint else "")

    def _repr_html_(self) -> str:
        if self.correct:
            colour, mark = palette.FEEDBACK["right"], "✔ Correct!"
        elif self.message == NOT_ANSWERED:
            colour, mark = palette.FEEDBACK["pending"], "…"
        else:
            colour, mark = palette.FEEDBACK["wrong"], "✘ Not yet."
        hint = (f"<br><i>Hint:</i> {html.escape(self.hint)}" if self.hint and not self.correct
                else "")
        return (
            f'<div style="border-left: 6px solid {colour}; padding: 6px 10px; margin: 4px 0;">'
            f"<b>{mark}</b> {html.escape(self.message)}{hint}</div>"
        )


def right(message: str = "") -> Feedback:
    return Feedback(True, message)


def wrong(message: str, hint: str = "") -> Feedback:
    return Feedback(False, message, hint)


@dataclass(frozen=True)
class Exercise:
    """A question and the function that judges answers to it.

    ``judge(answer)`` returns a Feedback. Exceptions raised by a student's code while judging
    become feedback too, naming the exception.
    """

    question: str
    judge: Callable[[object], Feedback]
    hint: str = ""

    def check(self, answer) -> Feedback:
        if _unanswered(answer):
            return Feedback(False, NOT_ANSWERED)
        try:
            feedback = self.judge(answer)
        except Exception as error:  # a student's function may raise anything
            return Feedback(False, f"Your answer raised {type(error).__name__}: {error}", self.hint)
        if not feedback.correct and not feedback.hint:
            return Feedback(False, feedback.message, self.hint)
        return feedback


def _unanswered(answer) -> bool:
    """True for ``...``/None, or a dict or list still holding a ``...``."""
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, dict):
        return any(v is Ellipsis for v in answer.values())
    if isinstance(answer, (list, tuple)):
        return any(v is Ellipsis for v in answer)
    return False


def as_number(answer) -> float | None:
    """The answer as a float, or None when it is not a single finite number.

    True and False are truth values, not numbers, even though Python lets ``float(True)`` be
    1.0: a comparison typed where a number was meant is told so, not judged "too low".
    """
    if isinstance(answer, (bool, np.bool_)) or getattr(answer, "dtype", None) == np.bool_:
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def close(a, b, *, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Whether two numbers or arrays agree entry by entry (``numpy.allclose``)."""
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol,
                            atol=atol))


def judge_number(expected: float, *, rtol: float = 1e-3, atol: float = 1e-6,
                 what: str = "your number") -> Callable:
    """A judge for a numeric answer; when wrong it says too high or too low, not the value."""

    def judge(answer) -> Feedback:
        value = as_number(answer)
        if value is None:
            return wrong(f"Expected a single finite number, got {answer!r}.")
        if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
            return right(f"{what.capitalize()} is right.")
        if expected != 0 and math.isclose(-value, expected, rel_tol=rtol, abs_tol=atol):
            return wrong(f"{what.capitalize()} has the wrong sign.")
        return wrong(f"{what.capitalize()} is too {'high' if value > expected else 'low'}.")

    return judge


def _same(got, want) -> bool:
    """The default test of one output: the reference's shape and close to it entry by entry."""
    try:
        return np.shape(got) == np.shape(want) and close(got, want)
    except (TypeError, ValueError):  # not numbers at all
        return False


def judge_function(
    reference: Callable,
    inputs,
    *,
    expects: str = "a function",
    done: str | None = None,
    same: Callable | None = None,
    mistake: Callable | None = None,
    whole: Callable | None = None,
    returns_none: str = RETURNS_NONE,
    returns_ellipsis: str = "Your function returns ..., not an answer: replace the ... with "
                            "your code.",
    name: str = "your function",
) -> Callable:
    """A judge for a function answer: call it on every input and hold each output against
    ``reference`` called on the same input.

    ``inputs`` holds the arguments of each call (a tuple, or one argument); the answer gets
    copies, so it cannot change them. Every output is computed before any is judged, so a
    function that returns None (a body still to write, a forgotten ``return``) is told
    ``returns_none`` and one that returns ``...`` is told ``returns_ellipsis``, whatever its
    other outputs. Then ``whole(outputs)`` may name a mistake that shows only in all the outputs
    together (a Feedback, or None). Then each output is compared: ``same(got, want)`` decides
    whether it is right (default: the same shape and close); at the first that is not,
    ``mistake(args, got, want)`` may name the mistake, else a general message says which input
    it failed on. ``expects`` names the function wanted in "Expected <expects>, got int.";
    ``done`` is the message of a right answer.
    """
    calls = [args if isinstance(args, tuple) else (args,) for args in inputs]
    same = same or _same

    def judge(answer) -> Feedback:
        if not callable(answer):
            return wrong(f"Expected {expects}, got {type(answer).__name__}.")
        outputs = [answer(*copy.deepcopy(args)) for args in calls]
        if any(out is None for out in outputs):
            return wrong(returns_none)
        if any(out is Ellipsis for out in outputs):
            return wrong(returns_ellipsis)
        found = whole(outputs) if whole else None
        if found is not None:
            return found
        for args, got in zip(calls, outputs, strict=True):
            want = reference(*args)
            if same(got, want):
                continue
            found = mistake(args, got, want) if mistake else None
            if found is not None:
                return found
            if np.shape(got) != np.shape(want):
                return wrong(f"For input {_short(args)}, {name} returned shape {np.shape(got)}, "
                             f"expected shape {np.shape(want)}.")
            return wrong(f"For input {_short(args)}, {name} returned {_short(got)}, which is not "
                         "right.")
        return right(done or f"{name.capitalize()} agrees with the reference on {len(calls)} "
                             "inputs.")

    return judge


def _short(value) -> str:
    if isinstance(value, tuple):
        text = ", ".join(_short(v) for v in value)
    else:
        text = np.array2string(np.asarray(value), precision=4, threshold=6)
    return text if len(text) < 80 else text[:77] + "..."
