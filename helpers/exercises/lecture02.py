"""Exercises for lecture 02: gradients in two dimensions."""

from __future__ import annotations

import math

import numpy as np

from .core import Exercise, Feedback, as_number, close, judge_number, right, wrong

__all__ = ["gradient_at_point", "largest_stable_lr", "steepest_direction"]

# The function of exercises 1 and 2: f(x, y) = x^2 y + 3 y^2 at the point (1, 2).
POINT = (1.0, 2.0)
GRADIENT = np.array([2 * POINT[0] * POINT[1], POINT[0] ** 2 + 6 * POINT[1]])  # (4, 13)


def _as_vector(answer) -> np.ndarray | None:
    """The answer as a vector of 2 finite numbers, or None."""
    try:
        vector = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None
    if vector.shape != (2,) or not np.all(np.isfinite(vector)):
        return None
    return vector


def _judge_gradient(answer) -> Feedback:
    g = _as_vector(answer)
    if g is None:
        return wrong(f"Expected two numbers (df/dx, df/dy), got {answer!r}.")
    if close(g, GRADIENT):
        return right("Both partial derivatives are right.")
    if close(g, GRADIENT[::-1]):
        return wrong(
            "Your two numbers are in the wrong order.",
            "The first entry is the derivative with respect to x.",
        )
    if close(g, -GRADIENT):
        return wrong(
            "Both entries have the wrong sign: that is minus the gradient.",
            "The gradient points uphill; the descent direction is its negative.",
        )
    x_right, y_right = close(g[0], GRADIENT[0]), close(g[1], GRADIENT[1])
    if x_right:
        return wrong(
            "df/dx is right; df/dy is not.",
            "Hold x fixed at 1: f becomes y + 3y^2. Differentiate that in y.",
        )
    if y_right:
        return wrong(
            "df/dy is right; df/dx is not.",
            "Hold y fixed at 2: f becomes 2x^2 + 12. Differentiate that in x.",
        )
    return wrong(
        "Neither partial derivative is right.",
        "Hold y fixed and differentiate in x, then hold x fixed and differentiate in y.",
    )


gradient_at_point = Exercise(
    question="For f(x, y) = x^2 y + 3 y^2, give the gradient at (1, 2) as a pair (df/dx, df/dy).",
    judge=_judge_gradient,
    hint="Hold y fixed and differentiate in x, then hold x fixed and differentiate in y.",
)


def _judge_direction(answer) -> Feedback:
    u = _as_vector(answer)
    if u is None:
        return wrong(f"Expected a vector of two numbers, got {answer!r}.")
    # Right to 3 decimals counts as right: (-0.294, -0.956) is the worked answer's own rounding.
    size = float(np.linalg.norm(u))
    want = -GRADIENT / np.linalg.norm(GRADIENT)
    if abs(size - 1.0) > 2e-3:
        if size > 0 and close(u / size, want, rtol=0, atol=1e-3):
            return wrong(
                f"It points the right way, but its length is {size:.4g}, not 1.",
                "Divide the vector by its length.",
            )
        return wrong(
            f"Its length is {size:.4g}; a unit vector has length 1.",
            "Divide the vector by its length.",
        )
    if close(u, want, rtol=0, atol=1e-3):
        return right("That unit vector points along -∇f: the steepest way down.")
    if close(u, -want, rtol=0, atol=1e-3):
        return wrong(
            "That is the direction of steepest ascent: it goes uphill.",
            "Descent goes against the gradient.",
        )
    return wrong(
        "A unit vector, but not the steepest way down.",
        "Steepest descent points along minus the gradient of exercise 1.",
    )


steepest_direction = Exercise(
    question="For the same f at (1, 2), give the unit vector along which f decreases fastest.",
    judge=_judge_direction,
    hint="Take minus the gradient and divide it by its length.",
)


# (x^2 + 25 y^2) / 2 has curvatures 1 and 25: each step multiplies x by (1 - lr), y by (1 - 25 lr).
_judge_stable = judge_number(2.0 / 25.0, what="your learning rate")


def _judge_largest_stable(answer) -> Feedback:
    value = as_number(answer)
    if value is not None and math.isclose(value, 2.0, rel_tol=1e-3):
        return wrong(
            "That is the limit for the x direction alone; y diverges long before.",
            "The direction with the largest curvature sets the limit.",
        )
    if value is not None and math.isclose(value, 1.0 / 25.0, rel_tol=1e-3):
        return wrong(
            "Below that value descent never overshoots; it can overshoot and still converge.",
            "The factor (1 - 25 lr) may be negative, as long as its size stays below 1.",
        )
    return _judge_stable(answer)


largest_stable_lr = Exercise(
    question="Plain descent on f(x, y) = (x^2 + 25 y^2) / 2 converges from every start for "
    "learning rates "
    "below some value. Which value?",
    judge=_judge_largest_stable,
    hint="Write one step for x and one for y separately: each coordinate gets multiplied by a "
    "factor. "
    "When does the larger factor have size below 1?",
)
