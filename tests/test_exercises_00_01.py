"""Exercise checks of lectures 00 and 01: worked answers pass, typical mistakes get a hint,
no feedback gives the answer away."""

import pytest

from helpers import functions
from helpers.exercises import Feedback, lecture00, lecture01
from helpers.exercises.core import NOT_ANSWERED

quartic = functions.quartic()

WORKED = {
    lecture00.warm_up: 6,
    lecture01.direction: "increase",
    lecture01.step: lambda x, lr: x - lr * quartic.grad(x),
    lecture01.diverging_lr: 1.0,
    lecture01.roles: {
        "learning rate": "hyperparameter",
        "x, the point we move": "parameter",
        "number of steps": "hyperparameter",
        "convergence threshold tol": "hyperparameter",
    },
}

MISTAKES = [
    (lecture00.warm_up, 9, "too high"),
    (lecture00.warm_up, -6, "wrong sign"),
    (lecture01.direction, "decrease", "goes up"),
    (lecture01.direction, "left", "'increase' or 'decrease'"),
    (lecture01.step, lambda x, lr: x + lr * quartic.grad(x), "uphill"),
    (lecture01.step, lambda x, lr: -lr * quartic.grad(x), "change in x"),
    (lecture01.step, lambda x, lr: x - quartic.grad(x), "ignores the learning rate"),
    (lecture01.step, lambda x, lr: x - lr * quartic.f(x), "uses f(x), the height"),
    (lecture01.step, lambda x, lr: x - 2 * lr * quartic.grad(x), "not the update"),
    (lecture01.step, 3.0, "Expected a function"),
    (lecture01.diverging_lr, 2.0, "too high"),
    (lecture01.diverging_lr, 0.5, "too low"),
    (lecture01.roles, {"learning rate": "parameter", "x, the point we move": "parameter",
                       "number of steps": "hyperparameter",
                       "convergence threshold tol": "hyperparameter"},
     "1 of your 4 labels is not right"),
]


@pytest.mark.parametrize("exercise", list(WORKED), ids=lambda e: e.question[:30])
def test_worked_answers_pass(exercise):
    feedback = exercise.check(WORKED[exercise])
    assert isinstance(feedback, Feedback) and feedback.correct, feedback
    assert "Correct" in feedback._repr_html_()


@pytest.mark.parametrize("exercise,answer,says", MISTAKES)
def test_mistakes_say_what_is_wrong_with_a_hint(exercise, answer, says):
    feedback = exercise.check(answer)
    assert not feedback.correct
    assert says in feedback.message
    assert feedback.hint
    shown = repr(feedback) + feedback._repr_html_()
    assert "Not yet" in shown
    worked = WORKED[exercise]
    if isinstance(worked, (int, float)):
        assert f"{worked:g}" not in feedback.message.replace(f"{answer}", "")


@pytest.mark.parametrize("exercise", list(WORKED), ids=lambda e: e.question[:30])
def test_placeholders_are_not_answered_yet(exercise):
    for blank in (..., None):
        assert exercise.check(blank).message == NOT_ANSWERED
    assert "returns None" in lecture01.step.check(lambda x, lr: None).message
    assert lecture01.roles.check({"learning rate": ...}).message == NOT_ANSWERED


def test_no_hint_before_an_answer():
    assert lecture01.step.check(...).hint == ""


def test_a_crashing_answer_becomes_feedback():
    def broken(x, lr):
        raise ZeroDivisionError("oops")

    feedback = lecture01.step.check(broken)
    assert not feedback.correct and "ZeroDivisionError: oops" in feedback.message
