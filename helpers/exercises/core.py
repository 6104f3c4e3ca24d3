"""How exercises are checked: right, or what is wrong and a hint, never the answer.

An :class:`Exercise` wraps a checking function. ``exercise.check(answer)`` returns a
:class:`Feedback`, which a notebook shows as a coloured box and a test can read as a bool.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

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
            colour, mark = "#009E73", "✔ Correct!"
        elif self.message == NOT_ANSWERED:
            colour, mark = "#999999", "…"
        else:
            colour, mark = "#D55E00", "✘ Not yet."
        hint = f"<br><i>Hint:</i> {html.escape(self.hint)}" if self.hint and not self.correct else ""
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
    """The answer as a float, or None when it is not a single finite number."""
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def close(a, b, *, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol, atol=atol))


def judge_number(expected: float, *, rtol: float = 1e-3, atol: float = 1e-6, what: str = "your number") -> Callable:
    """A judge for a numeric answer; when wrong it says too high or too low, not the value."""

    def judge(answer) -> Feedback:
        value = as_number(answer)
        if value is None:
            return wrong(f"Expected a single finite number, got {answer!r}.")
        if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
            return right(f"{what.capitalize()} is right.")
        if np.sign(value) != np.sign(expected) and expected != 0:
            return wrong(f"{what.capitalize()} has the wrong sign.")
        return wrong(f"{what.capitalize()} is too {'high' if value > expected else 'low'}.")

    return judge


def judge_function(reference: Callable, inputs, *, rtol: float = 1e-9, atol: float = 1e-12,
                   name: str = "your function") -> Callable:
    """A judge for a function answer: compare it with ``reference`` on every input."""

    def judge(answer) -> Feedback:
        if not callable(answer):
            return wrong(f"Expected a function, got {type(answer).__name__}.")
        for args in inputs:
            args = args if isinstance(args, tuple) else (args,)
            got = answer(*args)
            if got is None:
                return wrong(RETURNS_NONE)
            want = reference(*args)
            if np.shape(got) != np.shape(want):
                return wrong(f"For input {_short(args)}, {name} returned shape {np.shape(got)}, "
                             f"expected shape {np.shape(want)}.")
            if not close(got, want, rtol=rtol, atol=atol):
                return wrong(f"For input {_short(args)}, {name} returned {_short(got)}, which is not right.")
        return right(f"{name.capitalize()} agrees with the reference on {len(inputs)} inputs.")

    return judge


def _short(value) -> str:
    text = np.array2string(np.asarray(value), precision=4, threshold=6) if not isinstance(value, tuple) \
        else ", ".join(_short(v) for v in value)
    return text if len(text) < 80 else text[:77] + "..."
