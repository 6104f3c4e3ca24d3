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

# The answers of lecture 02 in every spelling a worked answer gives them, and what a checker
# may never print: the right values.
L02_SECRETS = {
    "gradient_at_point": ("13",),
    "steepest_direction": ("0.294", "0.956", "0.29", "0.96", "185"),
    "largest_stable_lr": ("0.08", "2/25", "2 / 25"),
}


def assert_l02_wrong(exercise_name: str, answer, says: str) -> None:
    feedback = getattr(lecture02, exercise_name).check(answer)
    assert not feedback.correct and feedback.hint
    assert says in feedback.message, feedback.message
    text = feedback.message + feedback.hint
    for secret in L02_SECRETS[exercise_name]:
        if secret not in repr(answer):  # the student's own answer may be quoted back
            assert secret not in text, (secret, text)


@pytest.mark.parametrize(
    "answer",
    [
        (4, 13),  # the worked answer
        np.array([4.0, 13.0]),
        [4.0004, 12.9996],  # right to three decimals
        np.array([[4.0], [13.0]]),  # a column
        lambda x, y: (2 * x * y, x**2 + 6 * y),  # a gradient function, called at (1, 2)
        lambda p: np.array([2 * p[0] * p[1], p[0] ** 2 + 6 * p[1]]),
    ],
)
def test_gradient_at_point_accepts_the_worked_answer_in_every_form(answer):
    assert lecture02.gradient_at_point.check(answer).correct


@pytest.mark.parametrize(
    "answer, says",
    [
        ((13, 4), "wrong order"),
        ((-4, -13), "wrong sign"),
        ((4, 10), "at (2, 1)"),  # the point's coordinates swapped
        ((2, 13), "derivative of x^2 alone"),  # 2x: the factor y dropped
        ((16, 13), "does not change when only x moves"),  # 3y^2 differentiated in x
        ((4, 12), "misses the term from x^2 y"),
        ((4, 7), "part that comes from 3y^2 wrong"),
        ((4, 9), "df/dx is right; df/dy is not"),
        ((5, 13), "df/dy is right; df/dx is not"),
        ((1, 1), "Neither"),
        ((4, 13, 0), "two numbers"),
        ("4, 13", "two numbers"),
    ],
)
def test_gradient_at_point_names_each_mistake(answer, says):
    assert_l02_wrong("gradient_at_point", answer, says)


@pytest.mark.parametrize("answer", [(4, 7), (4, 9), (4, 12), (2, 13), (5, 13), (16, 13)])
def test_gradient_at_point_hints_say_how_without_doing_the_partial_derivative(answer):
    """A hint may say which variable to fix, never what f becomes or what its derivative is."""
    feedback = lecture02.gradient_at_point.check(answer)
    text = feedback.message + feedback.hint
    for giveaway in ("2x^2 + 12", "y + 3y^2", "1 + 6y", "4x", "6y, taken at y = 2", "it is 6y"):
        assert giveaway not in text, (giveaway, text)


@pytest.mark.parametrize(
    "answer",
    [
        -np.array([4, 13]) / np.sqrt(185),  # the worked answer's code
        (-0.294, -0.956),  # its printed rounding
        [-0.2941, -0.9558],
        (-0.29, -0.96),  # rounded to two decimals
        lambda x, y: -np.array([2 * x * y, x**2 + 6 * y]) / np.hypot(2 * x * y, x**2 + 6 * y),
    ],
)
def test_steepest_direction_accepts_the_worked_answer_and_its_rounding(answer):
    assert lecture02.steepest_direction.check(answer).correct


@pytest.mark.parametrize(
    "answer, says",
    [
        ((-4, -13), "points the right way"),
        ((0.294, 0.956), "uphill"),
        ((4, 13), "uphill"),  # the gradient itself: ascent, and not of length 1
        ((-0.956, -0.294), "swapped"),
        ((0.0, -1.0), "not the steepest"),  # 17 degrees off
        ((-0.3, -0.95), "Close: that points 0.4 degrees away"),  # a unit vector, rounded coarsely
        ((-0.31, -0.94), "Round to more digits"),
        ((-0.3, -0.9), "Close"),
        ((0.3, 0.3), "length is 0.4243"),
        ((0.0, 0.0), "zero vector"),
        ("down", "vector of two numbers"),
    ],
)
def test_steepest_direction_names_each_mistake(answer, says):
    assert_l02_wrong("steepest_direction", answer, says)


@pytest.mark.parametrize("answer", [2 / 25, 0.08, 0.08004, np.float64(0.08)])
def test_largest_stable_lr_accepts_the_worked_answer(answer):
    assert lecture02.largest_stable_lr.check(answer).correct


@pytest.mark.parametrize(
    "answer, says",
    [
        (2.0, "x direction alone"),
        (1 / 25, "no step overshoots"),
        (2 / 26, "not added"),
        (2 / 5, "uses 5 as the curvature"),
        (0.16, "uses 12.5, half of 25"),  # 2 / 12.5: the 1/2 in front of f kept in the curvature
        (2 / 12.5, "uses 12.5, half of 25"),
        (0.1, "too high"),
        (0.05, "too low"),
        (-0.08, "wrong sign"),
        ("fast", "single finite number"),
    ],
)
def test_largest_stable_lr_names_each_mistake(answer, says):
    assert_l02_wrong("largest_stable_lr", answer, says)


@pytest.mark.parametrize(
    "exercise", [lecture02.gradient_at_point, lecture02.steepest_direction,
                 lecture02.largest_stable_lr],
)
def test_a_value_from_a_function_without_return_gets_the_returns_none_message(exercise):
    def forgot_return(x=1.0, y=2.0):
        (2 * x * y, x**2 + 6 * y)

    feedback = exercise.check(forgot_return())  # the value is None
    assert not feedback.correct and "None" in feedback.message
    assert "`return`" in feedback.message and feedback.message != NOT_ANSWERED


@pytest.mark.parametrize("exercise", [lecture02.gradient_at_point, lecture02.steepest_direction])
def test_a_function_without_return_given_itself_gets_the_returns_none_message(exercise):
    def forgot_return(x, y):
        (2 * x * y, x**2 + 6 * y)

    assert exercise.check(forgot_return).message == RETURNS_NONE


def test_a_function_that_cannot_take_the_point_is_told_how_to_call_it():
    feedback = lecture02.gradient_at_point.check(lambda: (4, 13))
    assert not feedback.correct and "cannot be called as f(x, y)" in feedback.message
    assert "my_gradient(1, 2)" in feedback.hint


# ---------------------------------------------------------------- lecture 03


def test_heavy_ball_position_worked_answer_by_hand():
    x, v = 1.0, 0.0
    for _ in range(2):
        v = 0.9 * v + 2 * x
        x = x - 0.1 * v
    assert v == pytest.approx(3.4) and 0.1 * v == pytest.approx(0.34)  # the worked answer's step 2
    assert x == pytest.approx(0.46)
    assert lecture03.heavy_ball_position.check(x).correct


def test_heavy_ball_position_accepts_the_worked_answers_rounding():
    for answer in (0.46, "0.46", 0.4600, np.float64(0.46)):
        assert lecture03.heavy_ball_position.check(answer).correct


def cs231n_signs_mixed(steps=2):
    """cs231n's velocity v = 0.9 v - 0.1 f'(x) with PyTorch's update x = x - v: uphill."""
    x, v = 1.0, 0.0
    for _ in range(steps):
        v = 0.9 * v - 0.1 * 2 * x
        x = x - v
    return x


@pytest.mark.parametrize(
    "answer, says",
    [
        (0.64, "plain descent"),
        (0.8, "one step"),
        (0.9424, "learning rate twice"),
        (cs231n_signs_mixed(), "two sign conventions"),
        (-0.46, "wrong sign"),
        (0.3, "too low"),
        (0.5, "too high"),
    ],
)
def test_heavy_ball_position_slips(answer, says):
    feedback = lecture03.heavy_ball_position.check(answer)
    assert_wrong_with_hint(feedback, secret="0.46")
    assert says in feedback.message


def test_heavy_ball_slips_each_get_their_own_message():
    slips = (0.64, 0.8, 0.9424, cs231n_signs_mixed())
    messages = {lecture03.heavy_ball_position.check(a).message for a in slips}
    assert len(messages) == len(slips)


def test_abs_bounce_worked_answer_and_slips():
    path = [1.0]
    for _ in range(100):
        path.append(path[-1] - 0.3 * np.sign(path[-1]))
    assert path[100] == pytest.approx(-0.2) and path[99] == pytest.approx(0.1)
    for answer in (-0.2, -0.20, "-0.2", path[100]):
        assert lecture03.abs_bounce.check(answer).correct
    slips = [
        (0.0, "never reaches 0"),
        (path[99], "counted x0 = 1 as step 1"),  # 1-based step counting
        (1 - 100 * 0.3, "turns back"),  # never turning at 0
        (0.2, "wrong sign"),
    ]
    for answer, says in slips:
        feedback = lecture03.abs_bounce.check(answer)
        assert_wrong_with_hint(feedback, secret="-0.2")
        assert says in feedback.message
    assert len({lecture03.abs_bounce.check(a).message for a, _ in slips}) == len(slips)


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


def test_valid_subgradient_says_where_a_function_forgets_the_kink():
    def forgets_zero(x):  # handles both sides, no return at x = 0
        if x > 0:
            return 1.0
        if x < 0:
            return -1.0

    feedback = lecture03.valid_subgradient.check(forgets_zero)
    assert_wrong_with_hint(feedback)
    assert feedback.message.startswith("At x = 0 your function returned None")
    assert feedback.message != RETURNS_NONE


@pytest.mark.parametrize(
    "answer, error",
    [
        (lambda x: x / abs(x), "At x = 0 your function raised ZeroDivisionError"),
        (lambda x: abs(x) / x, "At x = 0 your function raised ZeroDivisionError"),
        (lambda x: [-1.0, 1.0][int(x > 1)] if x < 1 else {}[x], "At x = 1.5 your function "
                                                                  "raised KeyError"),
    ],
)
def test_valid_subgradient_says_at_which_x_a_function_raises(answer, error):
    feedback = lecture03.valid_subgradient.check(answer)
    assert_wrong_with_hint(feedback)
    assert feedback.message.startswith(error)


def test_restarts_needed_worked_answer_and_slips():
    k = math.ceil(math.log(0.01) / math.log(0.75))
    assert 1 - 0.75**k >= 0.99 > 1 - 0.75 ** (k - 1)
    # the worked answer's numbers: log(0.01)/log(0.75) = 16.01 and 0.75^16 = 0.0100226
    assert math.log(0.01) / math.log(0.75) == pytest.approx(16.01, abs=0.005)
    assert 0.75**16 == pytest.approx(0.0100226, rel=1e-6)
    assert lecture03.restarts_needed.check(k).correct
    assert lecture03.restarts_needed.check(float(k)).correct
    assert lecture03.restarts_needed.check(str(k)).correct
    slips = [
        (k - 1, "With 16 restarts the chance"),  # rounding 16.01 to the nearest whole number
        (4, "on average"),  # 1/p, or p^k <= 0.01 with the chance of a hit
        (k - 5, "With 12 restarts the chance"),
        (k + 5, "fewer would do"),
        (16.5, "whole number"),
        (0, "at least 1"),
        (1, "With 1 restart the chance that it misses"),
    ]
    for answer, says in slips:
        feedback = lecture03.restarts_needed.check(answer)
        assert_wrong_with_hint(feedback, secret=str(k))
        assert says in feedback.message
    assert len({lecture03.restarts_needed.check(a).message for a, _ in slips}) == len(slips)
    assert "1 restarts" not in lecture03.restarts_needed.check(1).message


def test_restarts_needed_one_short_reads_like_any_other_count_too_small():
    """16 and 18 must not together give 17 away: one short of the answer gets the words every
    too-small count gets (no "close", no "not quite"), and the same hint; the number that decides
    it (0.75^16 against 0.01) stays out."""
    k = math.ceil(math.log(0.01) / math.log(0.75))
    one_short, far_short = (lecture03.restarts_needed.check(n) for n in (k - 1, k - 5))
    assert one_short.message == far_short.message.replace(str(k - 5), str(k - 1))
    assert one_short.hint == far_short.hint
    for word in ("close", "quite", "almost", "just"):
        assert word not in (one_short.message + one_short.hint).lower()
    assert "0.0100" not in one_short.message + one_short.hint
    assert "0.75^16" not in one_short.message + one_short.hint


def test_a_finite_difference_slope_near_the_kink_is_not_a_subgradient():
    from helpers.exercises import lecture03

    def central(x, h=1e-3):
        return (abs(x + h) - abs(x - h)) / (2 * h)  # 0.1 at x = 1e-4, where only 1 will do

    feedback = lecture03.valid_subgradient.check(central)
    assert not feedback.correct and "one slope" in feedback.message
