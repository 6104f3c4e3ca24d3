"""Exercises for lecture 01: derivatives and descent in 1-D."""

from __future__ import annotations

import math
import numbers
import re

import numpy as np

from .. import functions
from .core import (
    Exercise,
    Feedback,
    as_number,
    close,
    error_text,
    is_truth_value,
    judge_function,
    judge_number,
    right,
    shown,
    wrong,
)

__all__ = ["direction", "diverging_lr", "roles", "step"]

_quartic = functions.quartic()


# The words of the question, and the same words with "x" or "-ing": "increase x", "Increasing."
_DIRECTION_WORDS = {"increase": "increase", "increasing": "increase", "decrease": "decrease",
                    "decreasing": "decrease"}


def _judge_direction(answer) -> Feedback:
    if not isinstance(answer, str):
        return wrong(f"Answer with the word 'increase' or 'decrease' (a string, in quotes), got "
                     f"{shown(answer)}.")
    words = re.sub(r"[^a-z ]", " ", answer.lower()).split()
    if words[-1:] == ["x"]:
        words = words[:-1]
    text = _DIRECTION_WORDS.get(" ".join(words))
    if text is None:
        return wrong(f"Answer with the word 'increase' or 'decrease' (the words of the question), "
                     f"got {shown(answer)}.",
                     "Which way must x change for f to fall? Say it with one of those two words.")
    downhill = "increase" if _quartic.grad(0.5) < 0 else "decrease"
    if text == downhill:
        return right("The derivative there is negative, so f falls as x grows.")
    return wrong("That way f goes up, not down: you may have followed the sign of the "
                 "derivative instead of going against it.",
                 "Compute quartic.grad(0.5) and look at its sign: which way does f fall?")


direction = Exercise(
    question="Standing at x = 0.5 on the quartic, should x 'increase' or 'decrease' to go "
             "downhill?",
    judge=_judge_direction,
    hint="The sign of the derivative tells you whether f rises or falls as x grows.",
)


def _step_mistake(args, got, want) -> Feedback:
    x, lr = args
    if close(got, x + lr * _quartic.grad(x)):
        return wrong(f"At x = {x}, lr = {lr} your step goes uphill.",
                     "Gradient descent moves against the derivative.")
    if close(got, lr * _quartic.grad(x)):
        return wrong(f"At x = {x}, lr = {lr} you return lr times the slope, the amount a step "
                     "takes away, not the new x.",
                     "The update gives the new position: start from the old one.")
    if close(got, -lr * _quartic.grad(x)):
        return wrong(f"At x = {x}, lr = {lr} you return the change in x, not the new x.",
                     "The update gives the new position: start from the old one.")
    if close(got, x - _quartic.grad(x)):
        return wrong(f"At x = {x}, lr = {lr} your step ignores the learning rate.",
                     "Scale the derivative by lr before you subtract it.")
    if close(got, x - lr * _quartic.f(x)):
        return wrong(f"At x = {x}, lr = {lr} your step uses f(x), the height, instead of its "
                     "derivative.", "The slope is quartic.grad(x), not quartic.f(x).")
    return wrong(f"At x = {x}, lr = {lr} your step returned {float(got):.6g}, which is not the "
                 "update.")


def _step_raised(answer, args, error) -> Feedback | None:
    """A derivative used without calling it (``lr * quartic.grad``) is named."""
    if isinstance(error, TypeError) and "'function'" in error_text(error, None):
        return wrong("Your step computes with the function quartic.grad itself instead of its "
                     "value at x: a function has to be called to give a number.",
                     "quartic.grad(x) is the slope at x.")
    return None


def _one_number_each(outputs) -> Feedback | None:
    """A step returns the new x itself: a list, an array of one entry, a string or a truth value
    is named."""
    for out in outputs:
        if is_truth_value(out):
            return wrong(f"Your step returns {shown(out)}, a truth value (what a comparison such "
                         "as == gives), not a number.",
                         "Return the new x itself, e.g. return x - ...")
        is_scalar = isinstance(out, numbers.Real) or (isinstance(out, np.ndarray) and out.ndim == 0)
        if not is_scalar:
            return wrong(f"Your step returns {type(out).__name__} {shown(out)}, not one number.",
                         "Return the new x itself, e.g. return x - ..., not a list, tuple or "
                         "string.")
    return None


_judge_step = judge_function(
    lambda x, lr: x - lr * _quartic.grad(x),
    [(1.8, 0.1), (-2.5, 0.05), (0.3, 0.2), (1.0, 0.5)],
    expects="a function step(x, lr)",
    same=close,
    whole=_one_number_each,
    mistake=_step_mistake,
    raised=_step_raised,
    done="Your step matches the update rule on four test points.",
)


step = Exercise(
    question="Write step(x, lr) that returns the new x after one gradient-descent step on the "
             "quartic (its derivative is quartic.grad).",
    judge=_judge_step,
    hint="Start from the old x and move against the derivative, scaled by the learning rate.",
)


# On f(x) = x^2 one step maps x to (1 - 2 lr) x: it shrinks x only while |1 - 2 lr| < 1.
_THRESHOLD = 1.0
# Right to the 3 decimals the worked answer prints (1.0004 passes), while 1.001, which diverges,
# is named as too high.
_judge_threshold = judge_number(_THRESHOLD, rtol=5e-4, atol=0.0, what="your learning rate")


def _judge_diverging_lr(answer) -> Feedback:
    value = as_number(answer)
    if value is None or abs(value - _THRESHOLD) <= 5e-4 * _THRESHOLD:
        return _judge_threshold(answer)
    if math.isclose(value, 0.5):
        return wrong("At 0.5 the first step lands exactly on the minimum. Above it the path "
                     "overshoots and bounces from side to side, but for a while the bounces "
                     "still shrink: that is oscillation, not divergence. Your value is too low.")
    if _THRESHOLD < value <= 1.1 * _THRESHOLD:
        return wrong("That rate does diverge, but it is not where divergence begins: a slightly "
                     "smaller rate diverges too. Your value is too high.",
                     "Runs only sample a few rates. Find the boundary exactly on paper: write "
                     "one step as x_new = (something) * x.")
    if 0.9 * _THRESHOLD <= value < _THRESHOLD:
        return wrong("At that rate the path bounces from side to side, but the bounces still "
                     "shrink, slowly: it converges. Your value is too low.",
                     "Runs only sample a few rates. Find the boundary exactly on paper: write "
                     "one step as x_new = (something) * x.")
    return _judge_threshold(answer)


diverging_lr = Exercise(
    question="On f(x) = x^2, plain descent diverges for every learning rate above some value. "
             "Which value?",
    judge=_judge_diverging_lr,
    hint="Write one step as x_new = (something) * x. When does that something have size above 1?",
)

_ROLES = {
    "learning rate": "hyperparameter",
    "x, the point we move": "parameter",
    "number of steps": "hyperparameter",
    "convergence threshold tol": "hyperparameter",
}


def _role(value) -> str:
    """A label as the checker reads it: "Hyperparameter", "hyper-parameter" and "hyper
    parameter" all read "hyperparameter"; anything but a string reads as no label."""
    return re.sub(r"[\s_-]", "", value.lower()) if isinstance(value, str) else ""


def _judge_roles(answer) -> Feedback:
    if not isinstance(answer, dict):
        return wrong(f"Expected a dict from each name to 'parameter' or 'hyperparameter', got "
                     f"{type(answer).__name__}.")
    missing = sorted(set(_ROLES) - set(answer))
    if missing:
        return wrong(f"Give a role for every name; missing: {', '.join(missing)}.")
    bad_values = [answer[k] for k in _ROLES if _role(answer[k]) not in ("parameter",
                                                                         "hyperparameter")]
    if bad_values:
        return wrong(f"Each role must be 'parameter' or 'hyperparameter', got "
                     f"{shown(bad_values[0])}.")
    given = {k: _role(answer[k]) for k in _ROLES}
    mistakes = sum(given[k] != v for k, v in _ROLES.items())
    if mistakes == 0:
        return right("The algorithm learns the parameter; you choose the hyperparameters.")
    if len(set(given.values())) == 1:
        return wrong("You gave all four names the same label, but they are not all of one kind.")
    called_parameter = sum(v == "parameter" for v in given.values())
    if called_parameter > sum(v == "parameter" for v in _ROLES.values()):
        return wrong(f"You called {called_parameter} of the names a parameter. In Python every "
                     "argument of a function is a 'parameter', but in machine learning the word "
                     "is narrower: it means only what the run itself changes.")
    verb = "is" if mistakes == 1 else "are"
    return wrong(f"{mistakes} of your {len(_ROLES)} labels {verb} not right.",
                 "Ask of each: does descent change it while it runs, or do you set it before?")


roles = Exercise(
    question="Label each of " + ", ".join(repr(k) for k in _ROLES)
             + " as 'parameter' or 'hyperparameter'.",
    judge=_judge_roles,
    hint="Ask of each: does descent change it while it runs, or do you set it before?",
)
