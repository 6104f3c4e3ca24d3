"""Exercises for lecture 01: derivatives and descent in 1-D."""

from __future__ import annotations

from .. import functions
from .core import Exercise, Feedback, close, judge_function, judge_number, right, wrong

__all__ = ["direction", "diverging_lr", "roles", "step"]

_quartic = functions.quartic()


def _judge_direction(answer) -> Feedback:
    text = str(answer).strip().lower()
    if text not in ("increase", "decrease"):
        return wrong(f"Answer with the word 'increase' or 'decrease', got {answer!r}.")
    downhill = "increase" if _quartic.grad(0.5) < 0 else "decrease"
    if text == downhill:
        return right("The derivative there is negative, so f falls as x grows.")
    return wrong("That way f goes up, not down.",
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


_judge_step = judge_function(
    lambda x, lr: x - lr * _quartic.grad(x),
    [(1.8, 0.1), (-2.5, 0.05), (0.3, 0.2), (1.0, 0.5)],
    expects="a function step(x, lr)",
    same=close,
    mistake=_step_mistake,
    done="Your step matches the update rule on four test points.",
)


step = Exercise(
    question="Write step(x, lr) that returns the new x after one gradient-descent step on the "
             "quartic (its derivative is quartic.grad).",
    judge=_judge_step,
    hint="Start from the old x and move against the derivative, scaled by the learning rate.",
)


# On f(x) = x^2 one step maps x to (1 - 2 lr) x: it shrinks x only while |1 - 2 lr| < 1.
diverging_lr = Exercise(
    question="On f(x) = x^2, plain descent diverges for every learning rate above some value. "
             "Which value?",
    judge=judge_number(1.0, what="your learning rate"),
    hint="Write one step as x_new = (something) * x. When does that something have size above 1?",
)

_ROLES = {
    "learning rate": "hyperparameter",
    "x, the point we move": "parameter",
    "number of steps": "hyperparameter",
    "convergence threshold tol": "hyperparameter",
}


def _judge_roles(answer) -> Feedback:
    if not isinstance(answer, dict):
        return wrong(f"Expected a dict from each name to 'parameter' or 'hyperparameter', got "
                     f"{type(answer).__name__}.")
    missing = sorted(set(_ROLES) - set(answer))
    if missing:
        return wrong(f"Give a role for every name; missing: {', '.join(missing)}.")
    bad_values = [v for v in answer.values()
                  if str(v).strip().lower() not in ("parameter", "hyperparameter")]
    if bad_values:
        return wrong(f"Each role must be 'parameter' or 'hyperparameter', got {bad_values[0]!r}.")
    mistakes = sum(str(answer[k]).strip().lower() != v for k, v in _ROLES.items())
    if mistakes == 0:
        return right("The algorithm learns the parameter; you choose the hyperparameters.")
    verb = "is" if mistakes == 1 else "are"
    return wrong(f"{mistakes} of your {len(_ROLES)} labels {verb} not right.",
                 "Ask of each: does descent change it while it runs, or do you set it before?")


roles = Exercise(
    question="Label each of " + ", ".join(repr(k) for k in _ROLES)
             + " as 'parameter' or 'hyperparameter'.",
    judge=_judge_roles,
    hint="Ask of each: does descent change it while it runs, or do you set it before?",
)
