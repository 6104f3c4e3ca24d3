"""Exercises for lecture 03: local minima, momentum, noise and kinks."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .. import functions
from ..results import plural
from ..solvers import gradient_descent
from .core import (
    Exercise,
    Feedback,
    as_number,
    error_text,
    judge_function,
    judge_number,
    not_a_number,
    right,
    shown,
    wrong,
)

__all__ = ["abs_bounce", "heavy_ball_position", "restarts_needed", "valid_subgradient"]


def _known_mistakes(expected: float, what: str, mistakes: dict) -> Callable:
    """judge_number, plus a specific message for answers a typical slip produces.

    ``mistakes`` maps a wrong value to (message, hint)."""
    judge = judge_number(expected, what=what)

    def judged(answer) -> Feedback:
        value = as_number(answer)
        if value is not None:
            for slip, (message, hint) in mistakes.items():
                if math.isclose(value, slip, rel_tol=1e-3, abs_tol=1e-9):
                    return wrong(message, hint)
        return judge(answer)

    return judged


# Heavy ball on f(x) = x^2 (f'(x) = 2x) from x0 = 1 with lr 0.1, momentum 0.9, PyTorch's convention.
_heavy = gradient_descent(lambda x: 2.0 * x, 1.0, 0.1, steps=2, momentum=0.9, tol=0.0)
_plain = gradient_descent(lambda x: 2.0 * x, 1.0, 0.1, steps=2, tol=0.0)

# Two slips that move x the wrong way: cs231n's form v = 0.9 v - 0.1 f'(x) followed by
# PyTorch's x = x - v, or PyTorch's v = 0.9 v + f'(x) followed by cs231n's x = x + 0.1 v.
_uphill = 1.0
_v = 0.0
for _ in range(2):
    _v = 0.9 * _v - 0.1 * 2.0 * _uphill
    _uphill = _uphill - _v

heavy_ball_position = Exercise(
    question="Heavy-ball descent on f(x) = x^2 from x0 = 1 with lr = 0.1 and momentum 0.9 "
    "(v = 0.9 v + f'(x), x = x - 0.1 v, v starting at 0). What is x after two steps?",
    judge=_known_mistakes(
        float(_heavy.final),
        "your x after two steps",
        {
            float(_plain.final): (
                "That is plain descent (no momentum): the velocity did not carry over.",
                "In the second step v is 0.9 times the first velocity plus the new gradient.",
            ),
            float(_heavy.path[1]): (
                "That is x after one step. If you did two, you moved x before updating v.",
                "Each step: first v = 0.9 v + f'(x), then x = x - 0.1 v with the new v.",
            ),
            0.9424: (
                "That applies the learning rate twice: v = 0.9 v + 0.1 f'(x) and then "
                "x = x - 0.1 v (the 'dampened' form).",
                "PyTorch adds the whole gradient, v = 0.9 v + f'(x), and multiplies by the "
                "learning rate once, in x = x - 0.1 v.",
            ),
            _uphill: (
                "x grew, so the steps went uphill: that mixes the two sign conventions. "
                "cs231n writes v = 0.9 v - 0.1 f'(x) and then x = x + v; PyTorch writes "
                "v = 0.9 v + f'(x) and then x = x - 0.1 v.",
                "Pick one convention and keep its signs: here, PyTorch's.",
            ),
        },
    ),
    hint="Step 1: v = f'(1), x = 1 - 0.1 v. Step 2: v = 0.9 v + f'(x), x = x - 0.1 v.",
)

# |x| with a fixed learning rate 0.3 from x0 = 1: 1, 0.7, 0.4, 0.1, -0.2, 0.1, -0.2, ...
_absolute = functions.absolute()
_bounce = gradient_descent(_absolute.grad, 1.0, 0.3, steps=100)

abs_bounce = Exercise(
    question="Plain descent on f(x) = |x| (use the slope sign(x)) from x0 = 1 with a fixed "
    "learning rate 0.3. "
    "What is x after 100 steps?",
    judge=_known_mistakes(
        float(_bounce.final),
        "your x after 100 steps",
        {
            0.0: (
                "Descent never reaches 0 here: every step has length exactly 0.3.",
                "Write out the first six iterates and look for a pattern.",
            ),
            float(_bounce.path[99]): (
                "That is x after 99 steps: it looks like you counted x0 = 1 as step 1.",
                "x0 = 1 is step 0, the start; step 1 is the first update, x1 = 0.7.",
            ),
            1.0 - 100 * 0.3: (
                "That keeps stepping left past 0, but once x < 0 the slope sign(x) is -1 and "
                "descent turns back.",
                "Use the slope at the current x in every step.",
            ),
        },
    ),
    hint="Every step moves x by exactly 0.3 towards 0. Write out the first six iterates.",
)


def _is_subgradient(got, sign) -> bool:
    """Whether ``got`` is a subgradient of |x| where the slope's sign is ``sign``: that one
    slope away from 0, any number in [-1, 1] at 0."""
    g = as_number(got)
    if g is None:
        return False
    return -1.0 <= g <= 1.0 if sign == 0 else math.isclose(g, sign)


def _subgradient_mistake(args, got, sign) -> Feedback:
    (x,) = args
    g = as_number(got)
    if g is None:
        return wrong(f"At x = {x:g} your function returned {shown(got)}, not a number.")
    if x != 0:
        return wrong(
            f"At x = {x:g} your function returned {g:g}, but away from 0, |x| has one slope.",
            "Left of 0 the slope of |x| is -1, right of 0 it is +1.",
        )
    side = "right" if g > 0 else "left"
    return wrong(
        f"At x = 0, {g:g} is not a subgradient: the line {g:g}·x rises above |x| on the {side}.",
        "A subgradient g at 0 needs g·x <= |x| for every x.",
    )


def _subgradient_raised(answer, args, error) -> Feedback:
    """The x at which the function raises."""
    (x,) = args
    return wrong(
        f"At x = {x:g} your function raised {error_text(error)}.",
        "Handle x = 0 on its own (an if), so nothing divides by zero there."
        if x == 0 else "Away from 0 the slope of |x| is -1 or +1.",
    )


def _subgradient_partly_none(missing) -> Feedback:
    """The x where the function returns None while it returns a value elsewhere (a branch
    without ``return``)."""
    where = ", ".join(f"x = {x:g}" for (x,) in missing)
    return wrong(
        f"At {where} your function returned None, although it returns a value "
        "elsewhere: that path through it has no `return`.",
        "Make every branch (x < 0, x > 0 and x = 0) end with `return` and a number.",
    )


# Points close to the kink too, so a finite-difference slope (0.1 at x = 1e-4) is caught.
_SUBGRADIENT_INPUTS = (-2.0, -0.3, 0.4, 1.5, -1e-4, 1e-4, 0.0)

_judge_subgradient = judge_function(
    lambda x: float(np.sign(x)),
    list(_SUBGRADIENT_INPUTS),
    expects="a function subgradient(x)",
    same=_is_subgradient,
    mistake=_subgradient_mistake,
    raised=_subgradient_raised,
    partly_none=_subgradient_partly_none,
    done="Every value your function returns is a valid subgradient of |x|.",
)


valid_subgradient = Exercise(
    question="Write subgradient(x) that returns a valid subgradient of |x| at every x, "
    "including x = 0.",
    judge=_judge_subgradient,
    hint="Away from 0 the derivative exists; at 0 any slope of a line through the kink that "
    "stays under |x| will do.",
)


def _judge_restarts(answer) -> Feedback:
    value = as_number(answer)
    if value is None or not float(value).is_integer():
        return not_a_number(
            answer, "a whole number of restarts",
            "Restarts come whole: find the smallest whole k with 0.75^k <= 0.01.",
        )
    k = int(value)
    needed = math.ceil(math.log(0.01) / math.log(0.75))
    if k == needed:
        return right("With that many restarts the chance that all miss is 1% or less.")
    if k < 1:
        return wrong(
            f"{k} restarts cannot find anything: the answer counts restarts, so it is at least 1.",
            "All k restarts miss with probability 0.75^k: find the smallest k with "
            "0.75^k <= 0.01.",
        )
    if k == round(1 / 0.25):
        return wrong(
            f"{k} = 1/0.25 is how many restarts it takes on average to hit once (and also what "
            "0.25^k <= 0.01 gives); being 99% sure takes many more.",
            "A restart misses with probability 0.75, so all k miss with probability 0.75^k.",
        )
    if k < needed:
        # The same words for every k that is too small, one short of the answer included: a
        # message only for that one would tell it apart, and with it the answer.
        miss = "it misses" if k == 1 else "every one of them misses"
        return wrong(
            f"With {plural(k, 'restart')} the chance that {miss} is still above 1%.",
            "All k restarts miss with probability 0.75^k, and you need 0.75^k <= 0.01. If you "
            "solved for k with logarithms, check the whole number you chose against that "
            "inequality.",
        )
    return wrong(
        f"{plural(k, 'restart')} are enough, but fewer would do.",
        "Find the smallest k with 0.75^k <= 0.01.",
    )


restarts_needed = Exercise(
    question="Each random restart lands in the global minimum's basin with probability 0.25, "
    "independently. "
    "What is the smallest number of restarts that finds it with probability at least 0.99?",
    judge=_judge_restarts,
    hint="All k restarts miss with probability 0.75^k.",
)
