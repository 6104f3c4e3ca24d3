"""The fuzz test of issue "No silent wrong answers": every bad value of every argument of every
public function and explorer constructor (``tests/fuzz_cases.py``) gets a clear error, and
random data with NaN, inf, wrong shapes or extreme values never comes back as silent garbage.

A clear error is a ``TypeError`` (wrong type) or ``ValueError`` (wrong value) whose message
names the argument, says what is allowed ("must ...") and shows what it got. Counts that size
work or memory are refused above their stated limit (``checks.LIMITS``), so no call can run
unbounded: the limits are tested by argument, never by timing.
"""

from __future__ import annotations

import contextlib
import faulthandler
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests import fuzz_cases
from tests.fuzz_cases import CASES, calls

from helpers import data, functions, mlp, solvers

# A hang would stop the whole suite: after this many seconds on one call, dump and fail.
HANG_SECONDS = 20


def clear_error(case, name, value, kind) -> str | None:
    """None when ``case`` called with ``name=value`` raises a clear ``kind``; else what went
    wrong, in a sentence."""
    kwargs = dict(case.good, **{name: value})
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = case.call(**kwargs)
            if hasattr(result, "__next__"):  # a generator checks when first asked
                next(result)
    except (TypeError, ValueError) as error:
        message = str(error)
        if type(error) is not kind:
            return f"raised {type(error).__name__} (want {kind.__name__}): {message}"
        if name not in message:
            return f"message does not name {name!r}: {message}"
        if " must " not in message or "got" not in message:
            return f"message does not say what is allowed and what it got: {message}"
        if len(message) > 400:
            return f"message of {len(message)} characters"
        return None
    except Exception as error:  # noqa: BLE001 - any other type is the finding
        return f"raised {type(error).__name__}: {error}"
    finally:
        faulthandler.cancel_dump_traceback_later()
    return f"accepted it and returned {type(result).__name__}"


def _id(case, name, value) -> str:
    shown = repr(value)
    return f"{case.name}-{name}={shown[:30]}"


ALL_CASES = (CASES + fuzz_cases.crosscheck_cases() + fuzz_cases.widget_cases()
             + fuzz_cases.more_cases())


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.name for case in ALL_CASES])
def test_the_good_call_of_every_case_works(case):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = case.call(**case.good)
        if hasattr(result, "__next__"):
            next(result)


# (the cross-check and the explorers have tests of their own, below)
BAD = calls([case for case in ALL_CASES if not case.widget
             and not case.name.startswith("crosscheck")])


@pytest.mark.parametrize("case, name, value, kind", BAD,
                         ids=[_id(c, n, v) for c, n, v, _ in BAD])
def test_every_bad_value_gets_a_clear_error(case, name, value, kind):
    problem = clear_error(case, name, value, kind)
    assert problem is None, problem


CROSSCHECK_BAD = calls([case for case in ALL_CASES if case.name.startswith("crosscheck")])


@pytest.mark.parametrize("case, name, value, kind", CROSSCHECK_BAD,
                         ids=[_id(c, n, v) for c, n, v, _ in CROSSCHECK_BAD])
def test_every_bad_value_of_the_torch_cross_check_gets_a_clear_error(case, name, value, kind):
    problem = clear_error(case, name, value, kind)
    assert problem is None, problem


DISTRIBUTED_BAD = [call for call in CROSSCHECK_BAD
                   if call[0].name == "crosscheck.distributed_gradient"]


@pytest.mark.parametrize("case, name, value, kind", DISTRIBUTED_BAD,
                         ids=[_id(c, n, v) for c, n, v, _ in DISTRIBUTED_BAD])
def test_distributed_gradient_refuses_a_bad_value_before_any_worker_starts(
        monkeypatch, case, name, value, kind):
    from helpers.crosscheck import distributed

    def no_workers(*args, **kwargs):
        raise AssertionError("worker processes were about to start")

    monkeypatch.setattr(distributed, "_run_workers", no_workers)
    problem = clear_error(case, name, value, kind)
    assert problem is None, problem


WIDGET_BAD = calls([case for case in ALL_CASES if case.widget])


@pytest.mark.parametrize("case, name, value, kind", WIDGET_BAD,
                         ids=[_id(c, n, v) for c, n, v, _ in WIDGET_BAD])
def test_every_explorer_refuses_a_value_its_sliders_cannot_show(case, name, value, kind):
    problem = clear_error(case, name, value, kind)
    assert problem is None, problem


# ------------------------------------------------------------------ random values (hypothesis)

# Anything a student might type where an argument belongs: wrong types, NaN, huge and tiny
# numbers, lists, text. Integers stay small or are absurdly large, so a value that happens to be
# valid finishes quickly and one that is not must be refused by its limit.
JUNK = st.one_of(
    st.none(), st.booleans(), st.text(max_size=5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-3, 300), st.sampled_from([10**12, -(10**12), 2**63]),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=4),
    st.complex_numbers(max_magnitude=10),
)


def _finite_or_message(result) -> str | None:
    """What is silently wrong with a value returned from a call that was not refused."""
    message = getattr(result, "message", None)
    if message is not None and ("nan" in message.lower().split() or not message.strip()):
        return f"message says nan or nothing: {message!r}"
    values = result if isinstance(result, (float, np.floating, np.ndarray)) else None
    if values is not None and np.asarray(values).dtype.kind == "f" and \
            not np.isfinite(values).all():
        return f"returned {values!r:.80} without saying why"
    return None


# Every case but the explorers (they have the slider sweep below) and these:
NO_JUNK = {
    "crosscheck.distributed_gradient": "a valid value starts worker processes, seconds each; "
                                       "its bad values are swept above, refused before any",
}
JUNK_CASES = [case for case in ALL_CASES if not case.widget and case.name not in NO_JUNK]
# Documented to give NaN: elementwise maths like a numpy ufunc (NaN in, NaN out) and the NaN
# that marks a gap in a curve. A non-finite answer of these is no silent garbage.
NAN_BY_DESIGN = {"functions.sigmoid", "functions.log1p_exp", "mlp.sigmoid",
                 "geometry.jumps_as_gaps"}


# The values the hypothesis test starts from, tried in every argument of every function: the
# edges where the first version of these checks broke (1e308 that overflows on the way, 182 as
# an exponent, the text "a" as a file name or a numpy dtype alias).
FIXED_JUNK = [None, True, "a", "", 1e308, -1e308, 5e-324, 0, -1, 3, 182, 300, 10**12, 2**63,
              [float("nan")], [], 1j, float("nan"), float("inf"), [1e308, 1e308], 2.5]


@pytest.mark.parametrize("case", JUNK_CASES, ids=[case.name for case in JUNK_CASES])
def test_fixed_junk_in_every_argument_is_refused_clearly_or_gives_a_finite_answer(case):
    problems = [problem for name in sorted(case.good) for junk in FIXED_JUNK
                if (problem := _junk_problem(case, name, junk))]
    assert not problems, problems


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(pick=st.data(), junk=JUNK)
def test_junk_for_any_argument_is_refused_clearly_or_gives_a_finite_answer(pick, junk):
    case = pick.draw(st.sampled_from(JUNK_CASES), label="case")
    name = pick.draw(st.sampled_from(sorted(case.good)), label="argument")
    problem = _junk_problem(case, name, junk)
    assert problem is None, problem


def _junk_problem(case, name, junk) -> str | None:
    """What is wrong with ``case`` called with ``name=junk``: an unclear refusal, another
    exception, a warning, or a silent NaN; None when all is well."""
    kwargs = dict(case.good, **{name: junk})
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    try:
        # junk text is a valid file name: anything written lands in a scratch folder
        with warnings.catch_warnings(), contextlib.chdir(fuzz_cases.FILES):
            warnings.simplefilter("error")
            result = case.call(**kwargs)
            if hasattr(result, "__next__"):
                result = next(result, None)
    except (TypeError, ValueError) as error:
        message = str(error)
        if name in message and " must " in message:
            return None
        return f"{name}={junk!r:.40}: unclear {type(error).__name__}: {message}"
    except Exception as error:  # noqa: BLE001 - any other exception (a warning too) is the finding
        return f"{name}={junk!r:.40}: {type(error).__name__}: {error}"
    finally:
        faulthandler.cancel_dump_traceback_later()
    problem = _finite_or_message(result)
    if problem is None or case.name in NAN_BY_DESIGN:
        return None
    return f"{name}={junk!r:.40}: {problem}"


def _data(draw, rows, columns):
    values = st.floats(-5, 5, allow_nan=False)
    X = np.array(draw(st.lists(st.lists(values, min_size=columns, max_size=columns),
                               min_size=rows, max_size=rows)))
    y = np.array(draw(st.lists(values, min_size=rows, max_size=rows)))
    return X, y


def _labels(y):
    """0/1 classes from the sign of y, keeping its NaN and inf where they are."""
    return np.where(np.isfinite(y), (y > 0).astype(float), y)


DATA_CALLS = {
    "data.linear_mse": lambda X, y: data.linear_mse(np.zeros(X.shape[1]), X, y),
    "data.linear_mse_grad": lambda X, y: data.linear_mse_grad(np.zeros(X.shape[1]), X, y),
    "data.least_squares": lambda X, y: data.least_squares(X, y),
    "solvers.minibatch_sgd": lambda X, y: solvers.minibatch_sgd(
        data.linear_mse_grad, np.zeros(X.shape[1]), X, y, lr=0.01, batch_size=2, epochs=2),
    "solvers.linear_mse_sgd": lambda X, y: solvers.linear_mse_sgd(
        np.zeros(X.shape[1]), X, y, lr=0.01, batch_size=2, updates=5),
    "mlp.train": lambda X, y: mlp.train(mlp.init_params([X.shape[1], 3, 1], seed=0), X,
                                        _labels(y), lr=0.1, steps=3),
    "mlp.loss_and_grads": lambda X, y: mlp.loss_and_grads(
        mlp.init_params([X.shape[1], 3, 1], seed=0), X, _labels(y)),
}


@settings(max_examples=150, deadline=None)
@given(pick=st.data(), call=st.sampled_from(sorted(DATA_CALLS)),
       bad=st.sampled_from([np.nan, np.inf, -np.inf]), where=st.sampled_from(["X", "y"]))
def test_nan_or_inf_anywhere_in_the_data_is_named_as_such(pick, call, bad, where):
    rows = pick.draw(st.integers(3, 12), label="rows")
    X, y = _data(pick.draw, rows, pick.draw(st.integers(1, 3), label="columns"))
    target = X if where == "X" else y
    index = pick.draw(st.integers(0, target.size - 1), label="index")
    target.flat[index] = bad
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError) as refused:
            DATA_CALLS[call](X, y)
    message = str(refused.value)
    assert message.startswith(where) and " must " in message, message
    assert "learning rate" not in message


@settings(max_examples=200, deadline=None)
@given(objective=st.sampled_from([functions.cubic(), functions.quartic(), functions.trap(),
                                  functions.himmelblau(), functions.elongated_bowl()]),
       lr=st.floats(1e-4, 20.0), momentum=st.floats(0.0, 1.0), steps=st.integers(1, 300),
       pick=st.data())
def test_descent_with_any_valid_setting_ends_finite_and_says_what_happened(
        objective, lr, momentum, steps, pick):
    low, high = np.array(objective.domain, dtype=float).reshape(-1, 2).T
    start = pick.draw(st.lists(st.floats(0, 1), min_size=low.size, max_size=low.size))
    x0 = low + (high - low) * np.array(start)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = solvers.gradient_descent(objective.grad, x0.reshape(np.shape(objective.minima[0])),
                                          lr, steps=steps, momentum=momentum)
    assert np.isfinite(result.path).all()
    assert result.message.endswith(".") and "nan" not in result.message.lower()
    assert result.diverged or np.isfinite(result.grad_norm)


# ------------------------------------------------------------------ every control, headless

def _explorers():
    from helpers import widgets as w

    return {
        "1-D": lambda: w.DescentExplorer1D(),
        "2-D": lambda: w.DescentExplorer2D(),
        "3-D": lambda: w.SurfaceExplorer3D(steps=60),
        "momentum": lambda: w.MomentumExplorer(steps=300),
        "kinks": lambda: w.KinkExplorer(),
        "batch size": lambda: w.BatchSizeExplorer(),
        "training": lambda: w.TrainingExplorer(width=3, min_width=1, max_width=4, steps=40,
                                               record_every=5, points=20),
    }


def _options(control) -> list:
    """The values a student can give one control: its ends, its middle, a step from each end,
    for sliders; every option for buttons."""
    from tests.test_explorer_interface import sweep_values

    if hasattr(control, "options"):
        return [option[1] if isinstance(option, tuple) else option for option in control.options]
    return sweep_values(control)


def _nan_in_marks(explorer) -> list[str]:
    found = []
    for figure in explorer.figures:
        for mark in getattr(figure, "marks", ()):
            for trait in ("x", "y", "z", "color", "sizes"):
                if trait not in mark.trait_names():
                    continue
                values = np.asarray(getattr(mark, trait))
                if values.dtype.kind == "f" and np.isnan(values).any():
                    found.append(f"{type(mark).__name__}.{trait}")
    return found


@pytest.mark.parametrize("name", list(_explorers()))
def test_every_control_at_both_ends_and_between_sends_no_nan_and_no_warning(name):
    """Each control in turn, from the explorer as made and with every other control at an end
    (the learning rate at its largest, where runs diverge): no warning, no exception, no NaN
    sent to a mark, and a label that is a sentence."""
    explorer = _explorers()[name]()
    moves = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for lr_end in (False, True):
            if lr_end and "lr" in explorer.controls:
                lr = explorer.controls["lr"]
                lr.value = lr.max if not hasattr(lr, "base") else lr.base ** lr.max
            for control_name, control in explorer.controls.items():
                for value in _options(control):
                    control.value = value
                    moves += 1
                    assert not _nan_in_marks(explorer), (control_name, value,
                                                         _nan_in_marks(explorer))
                    label = explorer.label.value
                    assert label.strip() and "nan" not in label.lower().split(), label
    assert moves >= 20


# ------------------------------------------------------------------ nothing public left out

FUZZED_MODULES = ("calculus", "solvers", "mlp", "data", "basins", "functions", "crosscheck",
                  "widgets", "graph", "geometry", "results")
# Public callables with nothing to fuzz, each with the reason.
NOT_FUZZED = {
    # result and record types: made by the functions above, not by hand
    **dict.fromkeys(["solvers.DescentResult", "solvers.ManyResult", "solvers.MinibatchResult",
                     "mlp.TrainResult", "data.LinearRegressionData", "data.MemmapRegression",
                     "basins.BasinMap", "basins.NoisyRuns", "basins.Restarts",
                     "crosscheck.GradientComparison", "crosscheck.SideBySide",
                     "crosscheck.StepTiming", "graph.ComputationGraph", "graph.GraphEdge",
                     "graph.GraphNode", "functions.Objective1D", "functions.Objective2D",
                     "results.Result"], "a result type"),
    # objectives without arguments
    **dict.fromkeys([f"functions.{name}" for name in ("absolute", "bowl", "cubic", "himmelblau",
                                                      "parabola", "quartic", "relu", "trap")],
                    "takes no arguments"),
    "widgets.Explorer": "the base class; each explorer is fuzzed",
    "data.linear_mse_grad_unchecked": "unchecked on purpose (the hot loop after one check)",
}


def test_every_public_callable_is_fuzzed_or_has_a_reason_not_to_be():
    import importlib

    fuzzed = {case.name for case in ALL_CASES}
    left_out = []
    for module_name in FUZZED_MODULES:
        module = importlib.import_module(f"helpers.{module_name}")
        for name in module.__all__:
            qualified = f"{module_name}.{name}"
            if callable(getattr(module, name)) and qualified not in fuzzed | set(NOT_FUZZED):
                left_out.append(qualified)
    assert not left_out, left_out
