"""helpers.checks, one rule per kind of argument, and a sweep of bad values through the public
functions of the computing modules: each one answers with a ValueError or TypeError that names
the argument (and shows the value)."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import basins, calculus, checks, data, functions, mlp, solvers

NAN, INF = float("nan"), float("inf")


def raises(kind, name, value):
    """pytest.raises for ``kind`` whose message starts with the argument's name and shows the
    value's repr."""
    shown = re.escape(repr(value))
    return pytest.raises(kind, match=rf"^{re.escape(name)} must be .*, got {shown}$")


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("value", [0.5, 2, np.float64(0.25), np.float32(1.5), np.int64(3),
                                   np.array(0.75)])
def test_positive_accepts_real_numbers_and_numpy_scalars(value):
    result = checks.positive("lr", value)
    assert type(result) is float and result == float(value)


@pytest.mark.parametrize("value", [0, -0.1, NAN, INF, -INF])
def test_positive_rejects_values_outside_the_range(value):
    with raises(ValueError, "lr", value):
        checks.positive("lr", value)
    with pytest.raises(ValueError, match="a positive finite number"):
        checks.positive("lr", value)


@pytest.mark.parametrize("value", ["0.1", None, True, False, np.bool_(True), [0.1], 1j,
                                   np.array([0.1])])
def test_numbers_of_the_wrong_type_are_type_errors(value):
    for rule in (checks.positive, checks.nonnegative, checks.probability, checks.number):
        with pytest.raises(TypeError, match=r"^x must be "):
            rule("x", value)
    with pytest.raises(TypeError, match=r"^momentum must be "):
        checks.momentum(value)


def test_nonnegative_and_probability_ranges():
    assert checks.nonnegative("tol", 0) == 0.0 and checks.nonnegative("tol", 1e9) == 1e9
    with raises(ValueError, "tol", -1e-12):
        checks.nonnegative("tol", -1e-12)
    assert checks.probability("p", 0) == 0.0 and checks.probability("p", 1) == 1.0
    for bad in (-0.01, 1.01, NAN):
        with pytest.raises(ValueError, match=r"^p must be a number in \[0, 1\]"):
            checks.probability("p", bad)


def test_number_with_a_range_and_own_wording():
    assert checks.number("x", -3) == -3.0
    assert checks.number("x", 2, low=2, high=3) == 2.0
    with pytest.raises(ValueError, match=r"^x must be a number in \(2, 3\], got 2$"):
        checks.number("x", 2, low=2, high=3, low_open=True)
    with pytest.raises(ValueError, match=r"^x must be a finite number <= 1, got 2$"):
        checks.number("x", 2, high=1)
    with pytest.raises(ValueError, match=r"^h must be a small step, got 0$"):
        checks.number("h", 0, low=0, low_open=True, allowed="a small step")


@pytest.mark.parametrize("value", [0, 0.5, 0.99, np.float64(0.9), 1, 1.0])
def test_momentum_accepts_zero_up_to_one(value):
    assert checks.momentum(value) == float(value)


@pytest.mark.parametrize("value", [1.01, -0.1, 5.0, NAN])
def test_momentum_rejects_more_than_one(value):
    with raises(ValueError, "momentum", value):
        checks.momentum(value)
    with pytest.raises(ValueError, match=r"^beta must be a number in \[0, 1\]"):
        checks.momentum(value, "beta")


# ---------------------------------------------------------------- integers, seeds, choices


@pytest.mark.parametrize("value", [1, 7, np.int64(7), np.uint8(7), np.array(7)])
def test_integer_accepts_ints_and_numpy_integers(value):
    result = checks.integer("steps", value, 1)
    assert type(result) is int and result == int(value)


@pytest.mark.parametrize("value", [3.0, 2.5, "3", None, True, np.float64(3.0), np.bool_(False)])
def test_integer_of_the_wrong_type_is_a_type_error(value):
    with raises(TypeError, "steps", value):
        checks.integer("steps", value, 1)


def test_integer_range_and_messages():
    with pytest.raises(ValueError, match=r"^steps must be an integer >= 1, got 0$"):
        checks.integer("steps", 0, 1)
    with pytest.raises(ValueError, match=r"^batch_size must be an integer from 1 to 10, got 11$"):
        checks.integer("batch_size", 11, 1, 10)
    with pytest.raises(ValueError, match=r"^k must be an integer <= 2, got 3$"):
        checks.integer("k", 3, high=2)
    with pytest.raises(ValueError, match=r"^n must be between 1 and 4 rows, got 5$"):
        checks.integer("n", 5, 1, 4, allowed="between 1 and 4 rows")
    assert checks.integer("anything", -10) == -10


@pytest.mark.parametrize("value", [None, 0, 42, np.int64(3)])
def test_seed_is_none_or_an_integer_at_least_zero(value):
    assert checks.seed(value) == (None if value is None else int(value))


@pytest.mark.parametrize("value, kind", [(-1, ValueError), (1.5, TypeError), ("0", TypeError),
                                         (True, TypeError)])
def test_bad_seeds_are_named(value, kind):
    with raises(kind, "seed", value):
        checks.seed(value)
    with raises(kind, "data_seed", value):
        checks.seed(value, "data_seed")


def test_one_of():
    assert checks.one_of("loss", "bce", ("bce", "mse")) == "bce"
    for bad in ("hinge", None, ["bce"], 1):
        with pytest.raises(ValueError, match=r"^loss must be one of \('bce', 'mse'\), got "):
            checks.one_of("loss", bad, ("bce", "mse"))


def test_callable_and_flag():
    assert checks.callable_("grad", abs) is abs
    with raises(TypeError, "grad", 3):
        checks.callable_("grad", 3)
    assert checks.flag("shuffle", True) is True and checks.flag("shuffle", np.bool_(False)) is False
    for bad in (1, 0, "yes", None):
        with raises(TypeError, "shuffle", bad):
            checks.flag("shuffle", bad)


# ---------------------------------------------------------------- arrays


def test_finite_array_copies_to_float64():
    source = [[1, 2], [3, 4]]
    result = checks.finite_array("x0", source)
    assert result.dtype == np.float64 and result.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    original = np.array([1.0, 2.0])
    copy = checks.finite_array("x0", original)
    copy[0] = 5.0
    assert original[0] == 1.0
    assert checks.finite_array("x0", np.float32(2.5)).shape == ()


@pytest.mark.parametrize("value", [NAN, [1.0, INF], np.array([[0.0, NAN]])])
def test_finite_array_rejects_nan_and_inf(value):
    with pytest.raises(ValueError, match=r"^x0 must be .*finite \(no NaN or inf\), got "):
        checks.finite_array("x0", value)
    assert checks.array("x0", value).shape == np.shape(value)  # the lenient rule keeps them


@pytest.mark.parametrize("value", ["here", None, True, [1.0, "a"], {"x": 1}])
def test_arrays_of_the_wrong_type_are_type_errors(value):
    for rule in (checks.array, checks.finite_array):
        with pytest.raises(TypeError, match=r"^x0 must be a number or an array of numbers, got "):
            rule("x0", value)


def test_array_shape_rules_name_the_argument_and_the_shape():
    with pytest.raises(ValueError, match=r"^X must have 2 axes, got shape \(3,\)$"):
        checks.finite_array("X", [1.0, 2.0, 3.0], ndim=2)
    with pytest.raises(ValueError,
                       match=r"^p must hold 2 numbers on its last axis, got shape \(4, 3\)$"):
        checks.array("p", np.zeros((4, 3)), last_axis=2)
    with pytest.raises(ValueError, match=r"^X must hold at least 2 numbers, got shape \(1, 1\)$"):
        checks.finite_array("X", [[0.0]], min_size=2)
    assert checks.array("p", np.zeros((4, 2)), last_axis=2, ndim=2, min_size=8).shape == (4, 2)


def test_array_min_ndim_and_the_callers_own_layout():
    assert checks.array("starts", [1.0], min_ndim=1).shape == (1,)
    with pytest.raises(ValueError, match=r"^starts must have at least 1 axis, got shape \(\)$"):
        checks.array("starts", 1.0, min_ndim=1)
    with pytest.raises(ValueError, match=r"^X must have at least 2 axes, got shape \(3,\)$"):
        checks.finite_array("X", [1.0, 2.0, 3.0], min_ndim=2)
    layout = "be 2-D (n_samples, n_features)"
    with pytest.raises(ValueError,
                       match=r"^X must be 2-D \(n_samples, n_features\), got shape \(3,\)$"):
        checks.array("X", [1.0, 2.0, 3.0], ndim=2, layout=layout)
    for rule in ({"last_axis": 2}, {"min_size": 7}, {"min_ndim": 3}):  # every shape rule
        with pytest.raises(ValueError, match=r"^p must be round, got shape \(2, 3\)$"):
            checks.array("p", np.zeros((2, 3)), layout="be round", **rule)
    # a type error keeps its own wording, and a bad number is reported before a bad shape
    with pytest.raises(TypeError, match=r"^X must be a number or an array of numbers, got 'x'$"):
        checks.array("X", "x", ndim=2, layout=layout)
    with pytest.raises(ValueError, match=r"^X must be .*finite \(no NaN or inf\), got nan$"):
        checks.finite_array("X", NAN, ndim=2, layout=layout)


def test_array_without_a_copy_for_hot_loops():
    points = np.zeros((4, 2))
    assert checks.array("p", points, last_axis=2, copy=False) is points
    assert checks.array("p", points, last_axis=2) is not points
    converted = checks.array("p", [[1, 2]], copy=False)
    assert converted.dtype == np.float64 and converted.tolist() == [[1.0, 2.0]]
    with pytest.raises(ValueError, match=r"^p must hold 2 numbers on its last axis"):
        checks.array("p", np.zeros(3), last_axis=2, copy=False)


# ---------------------------------------------------------------- sequences, paths, dtypes


@pytest.mark.parametrize("value", [[1, 2], (1, 2), range(2), [[1.0], [2.0]]])
def test_sequence_returns_lists_tuples_and_ranges_as_they_are(value):
    assert checks.sequence("sizes", value, 2) is value


def test_sequence_takes_arrays_only_when_asked():
    rows = np.zeros((3, 2))
    assert checks.sequence("X", rows, 1, arrays=True) is rows
    with raises(TypeError, "X", rows):
        checks.sequence("X", rows, 1)
    with pytest.raises(TypeError, match=r"^X must be a non-empty list, tuple or array, got "):
        checks.sequence("X", np.array(2.0), 1, arrays=True)  # a 0-d array has no rows


def test_sequence_on_disk_stays_on_disk(tmp_path):
    mm = np.lib.format.open_memmap(tmp_path / "m.npy", mode="w+", shape=(4, 2))
    assert checks.sequence("X", mm, 1, arrays=True) is mm


@pytest.mark.parametrize("value", ["ab", b"ab", None, 3, 2.5, True, {1, 2}, {"a": 1},
                                   iter([1, 2]), (n for n in range(2))])
def test_sequence_of_the_wrong_type_is_a_type_error(value):
    with raises(TypeError, "seeds", value):
        checks.sequence("seeds", value, 1, arrays=True)


def test_sequence_too_short_and_its_wording():
    with raises(ValueError, "params", []):
        checks.sequence("params", [], 1)
    with pytest.raises(ValueError, match=r"^params must be a non-empty list or tuple, got \[\]$"):
        checks.sequence("params", [], 1)
    with pytest.raises(ValueError, match=r"^sizes must be a list or tuple of at least 2 items, "
                                         r"got \[3\]$"):
        checks.sequence("sizes", [3], 2)
    with pytest.raises(ValueError, match=r"^sizes must be two widths or more, got \(3,\)$"):
        checks.sequence("sizes", (3,), 2, allowed="two widths or more")
    with pytest.raises(TypeError, match=r"^sizes must be a list or tuple, got 3$"):
        checks.sequence("sizes", 3)
    assert checks.sequence("sizes", []) == []


def test_path_takes_strings_and_path_likes(tmp_path):
    assert checks.path("path", "data/r.npy") == Path("data/r.npy")
    assert checks.path("path", tmp_path / "r.npy") == tmp_path / "r.npy"
    assert isinstance(checks.path("path", "r.npy"), Path)


@pytest.mark.parametrize("value", [None, 3, b"r.npy", ["r.npy"], True])
def test_path_of_the_wrong_type_is_a_type_error(value):
    with raises(TypeError, "path", value):
        checks.path("path", value)
    with pytest.raises(TypeError, match=r"a file path \(a str or a pathlib.Path\)"):
        checks.path("path", value)


def test_path_refuses_the_empty_string_and_missing_files(tmp_path):
    with raises(ValueError, "path", ""):
        checks.path("path", "")
    missing = tmp_path / "missing.npy"
    assert checks.path("path", missing) == missing  # a file about to be written
    with pytest.raises(ValueError, match=r"^path must be an existing file, got '.*missing.npy', "
                                         r"which does not exist or is not a file$"):
        checks.path("path", missing, exists=True)
    with pytest.raises(ValueError, match="does not exist or is not a file"):
        checks.path("path", tmp_path, exists=True)  # a directory is not a file
    missing.write_bytes(b"")
    assert checks.path("path", str(missing), exists=True) == missing


@pytest.mark.parametrize("value", [np.float32, "float64", np.dtype("float32"), "f8"])
def test_dtype_takes_what_numpy_takes(value):
    result = checks.dtype("dtype", value, (np.float32, np.float64))
    assert isinstance(result, np.dtype) and result == np.dtype(value)
    assert checks.dtype("dtype", value) == np.dtype(value)


def test_dtype_outside_the_options_or_not_a_dtype():
    with raises(ValueError, "dtype", np.int32):
        checks.dtype("dtype", np.int32, (np.float32, np.float64))
    with pytest.raises(ValueError, match=r"^dtype must be float32 or float64, got 'float16'$"):
        checks.dtype("dtype", "float16", (np.float32, np.float64))
    with pytest.raises(ValueError, match=r"^dtype must be float64, got 'int8'$"):
        checks.dtype("dtype", "int8", [np.float64])
    for bad in ("fast", None, 3.5, [1, 2]):
        with raises(TypeError, "dtype", bad):
            checks.dtype("dtype", bad, (np.float32, np.float64))
    with pytest.raises(TypeError, match=r"^dtype must be a numpy dtype \(e.g. float64\), "):
        checks.dtype("dtype", None)  # np.dtype(None) would quietly mean float64


def test_long_values_are_cut_short_in_messages():
    with pytest.raises(ValueError) as info:
        checks.finite_array("x0", np.full(1000, np.nan))
    assert len(str(info.value)) < 200 and str(info.value).endswith("...")


# ---------------------------------------------------------------- the package


def test_importing_the_package_imports_none_of_its_modules():
    code = ("import sys, helpers; print(helpers.__all__, "
            "sorted(m for m in sys.modules if m.startswith(('helpers.', 'torch', 'matplotlib', "
            "'bqplot'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"


# ---------------------------------------------------------------- the sweep


OBJECTIVE = functions.trap()
X_LIN, Y_LIN, _ = data.make_linear_regression(10, seed=0)
X_MOONS, Y_MOONS = data.make_moons(10, seed=0)
PARAMS = mlp.init_params([2, 3, 1], seed=0)
GRADS = [(np.zeros((2, 3)), np.zeros(3)), (np.zeros((3, 1)), np.zeros(1))]

# (name, call taking the argument's value, the argument's name, bad values to try)
NUMBER = ["fast", None, True, NAN, -1.0]
INTEGER = ["3", None, True, 2.5, -1]
SWEEP = [
    ("gradient_descent lr", lambda v: solvers.gradient_descent(OBJECTIVE.grad, (1.0, 1.0), v),
     "lr", NUMBER),
    ("gradient_descent steps", lambda v: solvers.gradient_descent(OBJECTIVE.grad, 1.0, 0.1,
                                                                  steps=v), "steps", INTEGER),
    ("gradient_descent tol", lambda v: solvers.gradient_descent(OBJECTIVE.grad, 1.0, 0.1, tol=v),
     "tol", NUMBER),
    ("gradient_descent momentum", lambda v: solvers.gradient_descent(OBJECTIVE.grad, 1.0, 0.1,
                                                                     momentum=v), "momentum",
     NUMBER + [1.5]),
    ("gradient_descent noise", lambda v: solvers.gradient_descent(OBJECTIVE.grad, 1.0, 0.1,
                                                                  noise=v), "noise", NUMBER),
    ("gradient_descent seed", lambda v: solvers.gradient_descent(OBJECTIVE.grad, 1.0, 0.1,
                                                                 noise=0.1, seed=v), "seed",
     ["3", True, 2.5, -1]),
    ("gradient_descent x0", lambda v: solvers.gradient_descent(OBJECTIVE.grad, v, 0.1), "x0",
     ["here", None, True, NAN]),
    ("gradient_descent grad", lambda v: solvers.gradient_descent(v, 1.0, 0.1), "grad",
     ["grad", None, True, NAN, -1.0]),
    ("descend_many lr", lambda v: solvers.descend_many(OBJECTIVE.grad, np.zeros((2, 2)), v),
     "lr", NUMBER),
    ("descend_many steps", lambda v: solvers.descend_many(OBJECTIVE.grad, np.zeros((2, 2)), 0.1,
                                                          steps=v), "steps", INTEGER),
    ("descend_many starts", lambda v: solvers.descend_many(OBJECTIVE.grad, v, 0.1), "starts",
     ["here", None, True, NAN]),
    ("descend_many record_path", lambda v: solvers.descend_many(
        OBJECTIVE.grad, np.zeros((2, 2)), 0.1, record_path=v), "record_path",
     ["yes", None, NAN, -1.0]),
    ("minibatch_sgd lr", lambda v: solvers.minibatch_sgd(
        data.linear_mse_grad, [0.0, 0.0], X_LIN, Y_LIN, lr=v, batch_size=2, epochs=1), "lr",
     NUMBER),
    ("minibatch_sgd batch_size", lambda v: solvers.minibatch_sgd(
        data.linear_mse_grad, [0.0, 0.0], X_LIN, Y_LIN, lr=0.1, batch_size=v, epochs=1),
     "batch_size", INTEGER + [11]),
    ("minibatch_sgd epochs", lambda v: solvers.minibatch_sgd(
        data.linear_mse_grad, [0.0, 0.0], X_LIN, Y_LIN, lr=0.1, batch_size=2, epochs=v),
     "epochs", INTEGER),
    ("minibatch_sgd seed", lambda v: solvers.minibatch_sgd(
        data.linear_mse_grad, [0.0, 0.0], X_LIN, Y_LIN, lr=0.1, batch_size=2, epochs=1, seed=v),
     "seed", ["3", True, 2.5, -1]),
    ("rising_loss_note lr", lambda v: solvers.rising_loss_note([1.0, 3.0], v), "lr", NUMBER),
    ("numerical_derivative h", lambda v: calculus.numerical_derivative(OBJECTIVE.f, 1.0, v), "h",
     NUMBER),
    ("numerical_derivative scheme", lambda v: calculus.numerical_derivative(
        abs, 1.0, scheme=v), "scheme", ["fast", None, True, NAN, -1.0]),
    ("numerical_gradient x", lambda v: calculus.numerical_gradient(abs, v), "x",
     ["here", None, True, NAN]),
    ("relative_error a", lambda v: calculus.relative_error(v, 1.0), "a", ["here", None, True]),
    ("softplus sharpness", functions.softplus, "sharpness", NUMBER),
    ("huber delta", functions.huber, "delta", NUMBER),
    ("elongated_bowl condition", functions.elongated_bowl, "condition", NUMBER),
    ("start_grid n", lambda v: basins.start_grid(OBJECTIVE, v), "n", INTEGER + [1]),
    ("which_minimum radius", lambda v: basins.which_minimum(OBJECTIVE, (1.0, 0.0), radius=v),
     "radius", NUMBER),
    ("basin_map lr", lambda v: basins.basin_map(OBJECTIVE, 3, lr=v), "lr", NUMBER),
    ("basin_map momentum", lambda v: basins.basin_map(OBJECTIVE, 3, lr=0.1, momentum=v),
     "momentum", NUMBER + [1.5]),
    ("noisy_runs settle_steps", lambda v: basins.noisy_runs(
        OBJECTIVE, (1.0, 0.0), 0.1, noise=0.1, seeds=[0], settle_steps=v), "settle_steps",
     INTEGER),
    ("noisy_runs start", lambda v: basins.noisy_runs(OBJECTIVE, v, 0.1, noise=0.1, seeds=[0]),
     "start", ["here", None, True, [NAN, 0.0]]),
    ("noisy_runs seeds", lambda v: basins.noisy_runs(OBJECTIVE, (1.0, 0.0), 0.1, noise=0.1,
                                                     seeds=[v]), "seed", ["3", True, 2.5, -1]),
    ("random_restarts count", lambda v: basins.random_restarts(OBJECTIVE, v, 0.1, seed=0),
     "count", INTEGER),
    ("random_restarts seed", lambda v: basins.random_restarts(OBJECTIVE, 2, 0.1, seed=v), "seed",
     ["3", True, 2.5, -1]),
    ("make_moons n", data.make_moons, "n", INTEGER + [20.0]),
    ("make_moons noise", lambda v: data.make_moons(10, noise=v), "noise", NUMBER),
    ("make_moons seed", lambda v: data.make_moons(10, seed=v), "seed", ["3", True, 2.5, -1]),
    ("make_spiral classes", lambda v: data.make_spiral(5, classes=v), "classes", INTEGER),
    ("make_linear_regression n", data.make_linear_regression, "n", INTEGER),
    ("make_linear_regression w_true", lambda v: data.make_linear_regression(5, w_true=v),
     "w_true", ["here", None, True, NAN]),
    ("linear_mse w", lambda v: data.linear_mse(v, X_LIN, Y_LIN), "w", ["here", None, True]),
    ("write_memmap_regression n_rows", lambda v: data.write_memmap_regression(
        "/nonexistent/never-written.npy", v, 2), "n_rows", INTEGER),
    ("write_memmap_regression path", lambda v: data.write_memmap_regression(v, 10, 2), "path",
     [None, 3, b"r.npy", ""]),
    ("write_memmap_regression dtype", lambda v: data.write_memmap_regression(
        "/nonexistent/never-written.npy", 10, 2, dtype=v), "dtype", ["fast", None, np.int32]),
    ("open_memmap_regression path", data.open_memmap_regression, "path",
     [None, 3, "", "/nonexistent/never-written.npy"]),
    ("minibatch_sgd y", lambda v: solvers.minibatch_sgd(
        data.linear_mse_grad, [0.0, 0.0], X_LIN, v, lr=0.1, batch_size=2, epochs=1), "y",
     ["here", None, 3, np.array(1.0)]),
    ("noisy_runs seeds", lambda v: basins.noisy_runs(OBJECTIVE, (1.0, 0.0), 0.1, noise=0.1,
                                                     seeds=v), "seeds", ["01", None, 3, []]),
    ("init_params sizes", mlp.init_params, "sizes", ["21", None, 3, [3], []]),
    ("init_params seed", lambda v: mlp.init_params([2, 1], seed=v), "seed",
     ["3", True, 2.5, -1]),
    ("init_params bias", lambda v: mlp.init_params([2, 1], bias=v), "bias",
     ["fast", None, True, NAN]),
    ("sgd_step lr", lambda v: mlp.sgd_step(PARAMS, GRADS, v), "lr", NUMBER),
    ("sgd_step momentum", lambda v: mlp.sgd_step(PARAMS, GRADS, 0.1, momentum=v), "momentum",
     NUMBER + [1.5]),
    ("train lr", lambda v: mlp.train(PARAMS, X_MOONS, Y_MOONS, lr=v, steps=2), "lr", NUMBER),
    ("train steps", lambda v: mlp.train(PARAMS, X_MOONS, Y_MOONS, lr=0.1, steps=v), "steps",
     INTEGER + [3.0]),
    ("train momentum", lambda v: mlp.train(PARAMS, X_MOONS, Y_MOONS, lr=0.1, steps=2,
                                           momentum=v), "momentum", NUMBER + [1.5]),
    ("train record_every", lambda v: mlp.train(PARAMS, X_MOONS, Y_MOONS, lr=0.1, steps=2,
                                               record_every=v), "record_every", INTEGER),
    ("train loss", lambda v: mlp.train(PARAMS, X_MOONS, Y_MOONS, lr=0.1, steps=2, loss=v),
     "loss", ["hinge", None, True, NAN, -1.0]),
    ("forward X", lambda v: mlp.forward(PARAMS, v), "X", ["here", None, True, NAN]),
    ("numerical_grads h", lambda v: mlp.numerical_grads(PARAMS, X_MOONS, Y_MOONS, h=v), "h",
     NUMBER),
    ("max_difference params_b", lambda v: mlp.max_difference(PARAMS, v), "params_b",
     ["here", None, True, NAN, -1.0]),
]


@pytest.mark.parametrize("call, name, bad", [
    pytest.param(call, name, value, id=f"{label}={value!r}")
    for label, call, name, values in SWEEP for value in values
])
def test_every_public_function_names_the_bad_argument(call, name, bad):
    with pytest.raises((ValueError, TypeError)) as info:
        call(bad)
    message = str(info.value)
    assert message.startswith(name), message
    if name not in ("X", "params_b"):  # those describe the shape or the structure instead
        assert repr(bad) in message, message


def test_interval_and_extent_take_ranges_whose_low_end_is_below_the_high_end():
    assert checks.interval("x_range", (0, 3)) == (0.0, 3.0)
    assert checks.extent("extent", np.array([-1, 1, 0, 2])) == (-1.0, 1.0, 0.0, 2.0)
    for bad in [(3, 0), (1, 1), (0, NAN), (0, 1, 2)]:
        with pytest.raises(ValueError, match=r"^x_range must be 2 finite numbers"):
            checks.interval("x_range", bad)
    for bad in [(0, 1, 2, 2), (1, 0, 0, 1), (0, 1, 0)]:
        with pytest.raises(ValueError, match=r"^extent must be 4 finite numbers"):
            checks.extent("extent", bad)
    for bad in [None, "0 1", True, ("a", "b")]:
        with pytest.raises(TypeError, match=r"^x_range must be"):
            checks.interval("x_range", bad)


def test_mapping_takes_a_dict_with_an_entry():
    runs = {"a": 1}
    assert checks.mapping("runs", runs) is runs
    with pytest.raises(ValueError, match=r"^runs must be a dict that maps a name to a result"):
        checks.mapping("runs", {})
    for bad in [None, [("a", 1)], "runs"]:
        with pytest.raises(TypeError, match=r"^runs must be a dict"):
            checks.mapping("runs", bad)
