"""Exercises for lecture 02: gradients in two dimensions.

Each answer is a value (a pair of numbers, a unit vector, a learning rate). A value that is None
usually comes from a function without ``return``, so it gets the returns-None message, not "not
answered yet"; a function given instead of a value is called once, at the exercise's point.
"""

from __future__ import annotations

import inspect
import math

import numpy as np

from .core import (
    RETURNS_NONE,
    STOPS,
    Exercise,
    Feedback,
    as_number,
    close,
    error_text,
    is_truth_value,
    judge_number,
    not_a_number,
    right,
    wrong,
)

__all__ = ["gradient_at_point", "largest_stable_lr", "steepest_direction"]

# The function of exercises 1 and 2: f(x, y) = x^2 y + 3 y^2 at the point (1, 2).
POINT = (1.0, 2.0)
GRADIENT = np.array([2 * POINT[0] * POINT[1], POINT[0] ** 2 + 6 * POINT[1]])  # (4, 13)
DESCENT = -GRADIENT / np.linalg.norm(GRADIENT)
# Answers count as right to the precision of three decimals, the worked answers' own rounding
# (exercise 2 prints (-0.294, -0.956)); a unit vector rounded to two decimals passes too.
PAIR_TOLERANCE = 1e-3
DIRECTION_TOLERANCE = 6e-3
LENGTH_TOLERANCE = 1e-2
# A direction this close (in degrees) to the right one, but not within the tolerance, is right in
# idea and only rounded too coarsely.
CLOSE_DEGREES = 5.0

NONE_VALUE = (
    "Your answer is None. That is what a function returns when it has no `return`: if your "
    "answer comes from a function, end the function with `return` and the result."
)


class ValueExercise(Exercise):
    """An exercise whose answer is a value: None gets the returns-None message, and a function
    is called once at ``point`` (its None result gets :data:`core.RETURNS_NONE`)."""

    point: tuple = POINT

    def _verdict(self, answer) -> Feedback:
        if answer is None:
            return Feedback(False, NONE_VALUE, self.hint)
        if callable(answer):
            answer, failed = _value_at_point(answer, self.point)
            if failed is not None:
                return Feedback(False, failed.message, failed.hint or self.hint)
            if answer is None:
                return Feedback(False, RETURNS_NONE, self.hint)
        return super()._verdict(answer)


def _value_at_point(function, point):
    """``(function(x, y), None)``, or ``function(np.array([x, y]))`` when it takes one argument,
    called once; ``(None, feedback)`` when it takes neither or raises."""
    arguments = _arguments_at(function, point)
    if arguments is None:
        return None, wrong("Expected a value, got a function that cannot be called as f(x, y) "
                           "or as f(point).",
                           "Call your function at the point and give the result, e.g. "
                           "`answer = my_gradient(1, 2)`.")
    try:
        return function(*arguments), None
    except STOPS:
        raise
    except BaseException as error:  # a student's function may raise anything
        return None, wrong(f"Your function raised {error_text(error)} when called at {point}.")


def _arguments_at(function, point) -> tuple | None:
    """What to call ``function`` with: ``(x, y)`` if its signature takes two arguments, else
    ``(np.array([x, y]),)`` if it takes one, else None. Without a readable signature (some
    built-ins), ``(x, y)``."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return tuple(point)
    for arguments in (tuple(point), (np.array(point),)):
        try:
            signature.bind(*arguments)
        except TypeError:
            continue
        return arguments
    return None


def _as_vector(answer) -> np.ndarray | None:
    """The answer as a vector of 2 finite numbers (any shape holding exactly two), or None;
    truth values (True, False) are not numbers."""
    if is_truth_value(answer):
        return None
    try:
        vector = np.asarray(answer, dtype=float)
    except Exception:  # noqa: BLE001 - not numbers, whatever converting them raises
        return None
    if vector.size != 2 or not np.all(np.isfinite(vector)):
        return None
    return vector.reshape(2)


def _near(a, b, tolerance: float = PAIR_TOLERANCE) -> bool:
    return close(a, b, rtol=0, atol=tolerance)


# ---------------------------------------------------------------- exercise 1


def _gradient_at(x: float, y: float) -> np.ndarray:
    return np.array([2 * x * y, x**2 + 6 * y])


# Slips in one partial derivative, each with what went wrong (the other entry right).
DX_SLIPS = {
    2 * POINT[0]: ("df/dx looks like the derivative of x^2 alone: the factor y that multiplies "
                   "x^2 stays when y is held fixed."),
    2 * POINT[0] * POINT[1] + 6 * POINT[1]: (
        "df/dx includes the derivative of 3y^2, but 3y^2 does not change when only x moves: its "
        "x-derivative is 0."),
}
DY_SLIPS = {
    6 * POINT[1]: ("df/dy misses the term from x^2 y: held at x = 1, x^2 y is y times a "
                   "constant, whose y-derivative is that constant."),
    # 1 + 6: 3y^2 taken as 3y, or its derivative 6y left as 6.
    POINT[0] ** 2 + 6: ("df/dy has the part that comes from 3y^2 wrong: 3y^2 grows faster the "
                        "larger y is, so its slope in y depends on y."),
}
# Hints that say how to get a partial derivative without doing it for the student.
DY_HINT = ("Put x = 1 into f first: what is left is a function of y alone. Differentiate it as in "
           "lecture 1, then put in y = 2.")
DX_HINT = ("Put y = 2 into f first: what is left is a function of x alone. Differentiate it as in "
           "lecture 1, then put in x = 1.")


def _judge_gradient(answer) -> Feedback:
    g = _as_vector(answer)
    if g is None:
        return not_a_number(answer, "two numbers (df/dx, df/dy)")
    if _near(g, GRADIENT):
        return right("Both partial derivatives are right.")
    if _near(g, GRADIENT[::-1]):
        return wrong(
            "Your two numbers are in the wrong order.",
            "The first entry is the derivative with respect to x.",
        )
    if _near(g, -GRADIENT):
        return wrong(
            "Both entries have the wrong sign: that is minus the gradient.",
            "The gradient points uphill; the descent direction is its negative.",
        )
    if _near(g, _gradient_at(*POINT[::-1])):
        return wrong(
            "Those are the partial derivatives at (2, 1), not at (1, 2).",
            "The point is x = 1, y = 2: put those into both partial derivatives.",
        )
    x_right, y_right = _near(g[0], GRADIENT[0]), _near(g[1], GRADIENT[1])
    if x_right:
        for slip, message in DY_SLIPS.items():
            if _near(g[1], slip):
                return wrong(message, DY_HINT)
        return wrong("df/dx is right; df/dy is not.", DY_HINT)
    if y_right:
        for slip, message in DX_SLIPS.items():
            if _near(g[0], slip):
                return wrong(message, DX_HINT)
        return wrong("df/dy is right; df/dx is not.", DX_HINT)
    return wrong(
        "Neither partial derivative is right.",
        "Hold y fixed and differentiate in x, then hold x fixed and differentiate in y.",
    )


gradient_at_point = ValueExercise(
    question="For f(x, y) = x^2 y + 3 y^2, give the gradient at (1, 2) as a pair (df/dx, df/dy).",
    judge=_judge_gradient,
    hint="Hold y fixed and differentiate in x, then hold x fixed and differentiate in y.",
)


# ---------------------------------------------------------------- exercise 2


def _judge_direction(answer) -> Feedback:
    u = _as_vector(answer)
    if u is None:
        return not_a_number(answer, "a vector of two numbers")
    size = float(np.linalg.norm(u))
    if size == 0:
        return wrong("That is the zero vector: it has no direction, and length 0, not 1.",
                     "Take minus the gradient and divide it by its length.")
    along = u / size
    unit = abs(size - 1.0) <= LENGTH_TOLERANCE
    if _near(along, DESCENT, DIRECTION_TOLERANCE):
        if unit:
            return right("That unit vector points along -∇f: the steepest way down.")
        return wrong(
            f"It points the right way, but its length is {size:.4g}, not 1.",
            "Divide the vector by its length.",
        )
    if _near(along, -DESCENT, DIRECTION_TOLERANCE):
        extra = "" if unit else f" (and its length is {size:.4g}, not 1)"
        return wrong(
            f"That is the direction of steepest ascent: it goes uphill{extra}.",
            "Descent goes against the gradient.",
        )
    off = math.degrees(math.acos(min(1.0, float(along @ DESCENT))))
    if off <= CLOSE_DEGREES:
        extra = "" if unit else f", and its length is {size:.4g}, not 1"
        return wrong(
            f"Close: that points {off:.1f} degrees away from the steepest way down{extra}. "
            "Round to more digits.",
            "Keep three decimals of each entry of minus the gradient divided by its length.",
        )
    if _near(along, DESCENT[::-1], DIRECTION_TOLERANCE):
        return wrong(
            "Its two entries are swapped: the first is the x part of the direction.",
            "Take minus the gradient of exercise 1, entries in the same order, and divide it by "
            "its length.",
        )
    if not unit:
        return wrong(
            f"Its length is {size:.4g}; a unit vector has length 1, and it does not point the "
            "steepest way down either.",
            "Take minus the gradient of exercise 1 and divide it by its length.",
        )
    return wrong(
        "A unit vector, but not the steepest way down.",
        "Steepest descent points along minus the gradient of exercise 1.",
    )


steepest_direction = ValueExercise(
    question="For the same f at (1, 2), give the unit vector along which f decreases fastest.",
    judge=_judge_direction,
    hint="Take minus the gradient and divide it by its length.",
)


# ---------------------------------------------------------------- exercise 3

# (x^2 + 25 y^2) / 2 has curvatures 1 and 25: each step multiplies x by (1 - lr), y by (1 - 25 lr).
LIMIT = 2.0 / 25.0
_judge_stable = judge_number(LIMIT, what="your learning rate")
# Slips: each value with what went wrong, never the answer itself.
LR_SLIPS = {
    2.0: ("That is the limit for the x direction alone (curvature 1); y, curved 25 times as "
          "much, diverges long before.",
          "The direction with the largest curvature sets the limit."),
    1.0 / 25.0: ("That is 1/25: below it no step overshoots, but a step may overshoot and still "
                 "converge. (It is also what you get if the 1/2 in front of f is dropped, which "
                 "doubles the curvature.)",
                 "The factor (1 - 25 lr) may be negative, as long as its size stays below 1."),
    2.0 / 26.0: ("That divides by 1 + 25: the curvatures of the two directions are not added; "
                 "each direction has its own limit.",
                 "Find the limit for x and the limit for y separately; the smaller one wins."),
    2.0 / 5.0: ("That uses 5 as the curvature along y. The curvature is the second derivative: "
                "differentiate (25/2) y^2 twice.",
                "The second derivative of f with respect to y is the number that multiplies y "
                "in the gradient's y entry."),
    2.0 / 12.5: ("That uses 12.5, half of 25, as the curvature along y: the 1/2 in front of f was "
                 "kept, but differentiating y^2 brings down a 2 that cancels it.",
                 "Differentiate (25/2) y^2 twice: the second derivative is the number that "
                 "multiplies y in the gradient's y entry."),
}


def _judge_largest_stable(answer) -> Feedback:
    value = as_number(answer)
    if value is not None:
        for slip, (message, hint) in LR_SLIPS.items():
            if math.isclose(value, slip, rel_tol=1e-3):
                return wrong(message, hint)
    return _judge_stable(answer)


largest_stable_lr = ValueExercise(
    question="Plain descent on f(x, y) = (x^2 + 25 y^2) / 2 converges from every start for "
    "every learning rate lr with 0 < lr < some value. Which value?",
    judge=_judge_largest_stable,
    hint="Write one step for x and one for y separately: each coordinate gets multiplied by a "
    "factor. When does the larger factor have size below 1?",
)
