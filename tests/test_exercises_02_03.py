"""The exercises of lectures 02 and 03: the worked answers pass, typical wrong answers fail with a
hint, unanswered ones say so, and no feedback gives the answer away."""

import math

import numpy as np
import pytest

from helpers import functions
from helpers.exercises import lecture02, lecture03
from helpers.exercises.core import NOT_ANSWERED, RETURNS_NONE


def assert_wrong_with_hint(feedback, *, secret: str | None = None) -> None:
    assert not feedback.correct
    assert feedback.hint
    if secret is not None:
        assert secret not in feedback.message + feedback.hint


@pytest.mark.parametrize(
    "exercise",
    [
        lecture02.gradient_at_point,
        lecture02.steepest_direction,
        lecture02.largest_stable_lr,
        lecture03.heavy_ball_position,
        lecture03.abs_bounce,
        lecture03.valid_subgradient,
        lecture03.restarts_needed,
    ],
)
def test_unanswered_exercises_say_so(exercise):
    feedback = exercise.check(...)
    assert not feedback.correct
    assert feedback.message == NOT_ANSWERED
    assert exercise.question and exercise.hint


# ---------------------------------------------------------------- lecture 02


def test_gradient_at_point_worked_answer():
    x, y = 1.0, 2.0
    assert lecture02.gradient_at_point.check((2 * x * y, x**2 + 6 * y)).correct
    assert lecture02.gradient_at_point.check(np.array([4.0, 13.0])).correct


@pytest.mark.parametrize(
    "answer, says",
    [
        ((13, 4), "wrong order"),
        ((-4, -13), "wrong sign"),
        ((4, 7), "df/dx is right"),
        ((2, 13), "df/dy is right"),
        ((1, 1), "Neither"),
        ((4, 13, 0), "two numbers"),
        ("4, 13", "two numbers"),
    ],
)
def test_gradient_at_point_wrong_answers(answer, says):
    feedback = lecture02.gradient_at_point.check(answer)
    # The feedback may quote the student's own answer, never the right one.
    assert_wrong_with_hint(feedback, secret=None if "13" in repr(answer) else "13")
    assert says in feedback.message


def test_steepest_direction_worked_answer():
    gradient = np.array([4.0, 13.0])
    assert lecture02.steepest_direction.check(-gradient / np.linalg.norm(gradient)).correct


@pytest.mark.parametrize(
    "answer, says",
    [
        ((-4, -13), "points the right way"),
        (tuple(np.array([4, 13]) / np.hypot(4, 13)), "ascent"),
        ((0.0, -1.0), "not the steepest"),
        ((0.0, 0.0), "length"),
    ],
)
def test_steepest_direction_wrong_answers(answer, says):
    feedback = lecture02.steepest_direction.check(answer)
    assert_wrong_with_hint(feedback)
    assert says in feedback.message


def test_largest_stable_lr_worked_answer_and_slips():
    assert lecture02.largest_stable_lr.check(2 / 25).correct
    assert lecture02.largest_stable_lr.check(0.08).correct
    for answer, says in [
        (2.0, "x direction"),
        (1 / 25, "never overshoots"),
        (0.1, "too high"),
        (0.05, "too low"),
    ]:
        feedback = lecture02.largest_stable_lr.check(answer)
        assert_wrong_with_hint(feedback, secret="0.08")
        assert says in feedback.message


# ---------------------------------------------------------------- lecture 03


def test_heavy_ball_position_worked_answer_by_hand():
    x, v = 1.0, 0.0
    for _ in range(2):
        v = 0.9 * v + 2 * x
        x = x - 0.1 * v
    assert x == pytest.approx(0.46)
    assert lecture03.heavy_ball_position.check(x).correct


@pytest.mark.parametrize(
    "answer, says",
    [(0.64, "plain descent"), (0.8, "one step"), (0.9424, "dampened"), (0.3, "too low")],
)
def test_heavy_ball_position_slips(answer, says):
    feedback = lecture03.heavy_ball_position.check(answer)
    assert_wrong_with_hint(feedback, secret="0.46")
    assert says in feedback.message


def test_abs_bounce_worked_answer_and_slips():
    assert lecture03.abs_bounce.check(-0.2).correct
    for answer, says in [(0.0, "never reaches 0"), (0.1, "99 steps"), (0.2, "wrong sign")]:
        feedback = lecture03.abs_bounce.check(answer)
        assert_wrong_with_hint(feedback)
        assert says in feedback.message


@pytest.mark.parametrize(
    "answer",
    [
        np.sign,
        lambda x: 0.0 if x == 0 else math.copysign(1.0, x),
        lambda x: 1.0 if x >= 0 else -1.0,
        lambda x: functions.absolute().grad(x),
    ],
)
def test_valid_subgradient_accepts_every_valid_choice(answer):
    assert lecture03.valid_subgradient.check(answer).correct


@pytest.mark.parametrize(
    "answer, says",
    [
        (lambda x: 2.0 if x == 0 else np.sign(x), "rises above |x| on the right"),
        (lambda x: -1.5 if x == 0 else np.sign(x), "on the left"),
        (lambda x: x, "one slope"),
        (lambda x: "up", "not a number"),
        (3.0, "Expected a function"),
    ],
)
def test_valid_subgradient_rejects_invalid_ones(answer, says):
    feedback = lecture03.valid_subgradient.check(answer)
    assert_wrong_with_hint(feedback)
    assert says in feedback.message


def test_valid_subgradient_tells_an_unwritten_body_from_a_forgotten_return():
    def unwritten(x):
        return ...

    def forgot_return(x):
        float(np.sign(x))

    assert "replace the ... with your code" in lecture03.valid_subgradient.check(unwritten).message
    assert lecture03.valid_subgradient.check(forgot_return).message == RETURNS_NONE


def test_steepest_direction_accepts_the_worked_answers_rounding():
    assert lecture02.steepest_direction.check((-0.294, -0.956)).correct
    assert lecture02.steepest_direction.check([-0.2941, -0.9558]).correct
    ascent = lecture02.steepest_direction.check((0.294, 0.956))
    assert not ascent.correct and "uphill" in ascent.message and "0.29" not in ascent.message


def test_restarts_needed_worked_answer_and_slips():
    k = math.ceil(math.log(0.01) / math.log(0.75))
    assert 1 - 0.75**k >= 0.99 > 1 - 0.75 ** (k - 1)
    assert lecture03.restarts_needed.check(k).correct
    assert lecture03.restarts_needed.check(float(k)).correct
    for answer, says in [
        (k - 1, "still above 1%"),
        (k + 5, "fewer would do"),
        (16.5, "whole number"),
    ]:
        feedback = lecture03.restarts_needed.check(answer)
        assert_wrong_with_hint(feedback, secret=str(k))
        assert says in feedback.message
