"""Exercise checks of lectures 00 and 01: worked answers pass, typical mistakes get a hint,
no feedback gives the answer away."""

import re

import pytest

from helpers import functions
from helpers.exercises import Feedback, lecture00, lecture01
from helpers.exercises.core import NOT_ANSWERED, RETURNS_NONE

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
    (lecture01.direction, "decrease", "followed the sign of the derivative"),
    (lecture01.direction, "left", "the words of the question"),
    (lecture01.direction, 1, "a string, in quotes"),
    (lecture01.step, lambda x, lr: x + lr * quartic.grad(x), "uphill"),
    (lecture01.step, lambda x, lr: -lr * quartic.grad(x), "change in x"),
    (lecture01.step, lambda x, lr: x - quartic.grad(x), "ignores the learning rate"),
    (lecture01.step, lambda x, lr: x - lr * quartic.f(x), "uses f(x), the height"),
    (lecture01.step, lambda x, lr: x - lr * quartic.grad, "the function quartic.grad itself"),
    (lecture01.step, lambda x, lr: x - 2 * lr * quartic.grad(x), "not the update"),
    (lecture01.step, 3.0, "Expected a function"),
    (lecture01.step, lambda x, lr: [x - lr * quartic.grad(x)], "not one number"),
    (lecture01.step, lambda x, lr: str(x - lr * quartic.grad(x)), "not one number"),
    (lecture01.step, lambda x, lr: (x - lr * quartic.grad(x),), "not one number"),
    (lecture01.step, lambda x, lr: lr * quartic.grad(x), "lr times the slope"),
    (lecture01.diverging_lr, 2.0, "too high"),
    (lecture01.diverging_lr, 0.25, "too low"),
    (lecture01.diverging_lr, 0.5, "lands exactly on the minimum"),
    (lecture01.diverging_lr, 1.01, "not where divergence begins"),
    (lecture01.diverging_lr, 0.95, "the bounces still shrink, slowly"),
    (lecture01.diverging_lr, -1.0, "wrong sign"),
    (lecture01.diverging_lr, "fast", "a single finite number"),
    (lecture01.roles, {"learning rate": "parameter", "x, the point we move": "hyperparameter",
                       "number of steps": "hyperparameter",
                       "convergence threshold tol": "hyperparameter"},
     "2 of your 4 labels are not right"),
    (lecture01.roles, {"learning rate": "parameter", "x, the point we move": "parameter",
                       "number of steps": "hyperparameter",
                       "convergence threshold tol": "hyperparameter"},
     "In Python every argument"),
    (lecture01.roles, dict.fromkeys(WORKED[lecture01.roles], "hyperparameter"),
     "the same label"),
    (lecture01.roles, {"learning rate": "hyperparameter"}, "missing"),
    (lecture01.roles, dict.fromkeys(WORKED[lecture01.roles], "weight"),
     "must be 'parameter' or 'hyperparameter'"),
]

# Right answers in other spellings, and at the precision the worked answer prints.
ALSO_RIGHT = [
    (lecture01.direction, "Increase"),
    (lecture01.direction, " increase x "),
    (lecture01.direction, "increasing."),
    (lecture01.diverging_lr, 1),
    (lecture01.diverging_lr, "1.0"),
    (lecture01.diverging_lr, 1.0004),
    (lecture01.roles, {"learning rate": "Hyperparameter", "x, the point we move": " parameter",
                       "number of steps": "hyper-parameter",
                       "convergence threshold tol": "hyper parameter"}),
]


def _leaks(exercise, answer, text: str) -> bool:
    """Whether feedback text gives the answer away (beyond repeating the student's own)."""
    text = text.replace(repr(answer), "").replace(str(answer), "")
    if exercise is lecture01.direction:
        return "increase" in text and "decrease" not in text
    if exercise is lecture01.step:
        return "lr * quartic.grad(x)" in text or "x - lr" in text
    if exercise is lecture01.diverging_lr:  # the hint's "size above 1" is the method, not it
        text = text.replace("size above 1?", "")
        return re.search(r"(?<![\d.])1(\.0*)?(?![\d.])", text) is not None
    if exercise is lecture01.roles:
        names = ("learning rate", "the point we move", "number of steps", "threshold")
        return any(name in text for name in names if "missing" not in text)
    worked = WORKED[exercise]
    return f"{worked:g}" in text


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
    assert not _leaks(exercise, answer, feedback.message + " " + feedback.hint)


@pytest.mark.parametrize("exercise,answer", ALSO_RIGHT)
def test_right_answers_in_other_spellings_pass(exercise, answer):
    assert exercise.check(answer).correct


@pytest.mark.parametrize("exercise", sorted({m[0] for m in MISTAKES}, key=lambda e: e.question),
                         ids=lambda e: e.question[:30])
def test_each_named_mistake_gets_its_own_message(exercise):
    messages = [exercise.check(answer).message for e, answer, _ in MISTAKES if e is exercise]
    assert len(set(messages)) == len(messages), messages


def test_a_step_that_forgets_return_gets_the_returns_none_message():
    def step(x, lr):
        x - lr * quartic.grad(x)  # noqa: B018  (the forgotten return)

    assert lecture01.step.check(step).message == RETURNS_NONE


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


def test_a_rate_just_above_the_threshold_is_not_accepted_as_it():
    feedback = lecture01.diverging_lr.check(1.001)  # diverges: not "right to 3 decimals"
    assert not feedback.correct and "does diverge" in feedback.message
