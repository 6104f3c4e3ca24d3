"""Every public function and explorer constructor, with a call that works and bad values for
each argument: the registry that ``tests/test_fuzz.py`` and ``benchmarks/fuzz_report.py`` sweep.

A case names the callable, the keyword arguments of one good call, and for each argument the bad
values to put in its place, each with the exception it must raise: ``TypeError`` when the type
is wrong (``None``, ``True``, a string, ``2.5`` for a count), ``ValueError`` when the value is
(NaN, a negative rate, an empty list, a count above its stated limit, NaN inside data).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from helpers import basins, calculus, checks, data, functions, graph, mlp, solvers

NAN, INF = float("nan"), float("inf")
T, V = TypeError, ValueError


@dataclass(frozen=True)
class Case:
    name: str
    call: object
    good: dict
    bad: dict = field(default_factory=dict)
    # widget cases build a figure: the sweep runs them in the widget test only
    widget: bool = False


def _not_numbers(scalar: float = 0.1) -> list:
    return [(None, T), (True, T), (np.bool_(False), T), (str(scalar), T), ([scalar], T),
            (1j, T)]


def positive(scalar: float = 0.1) -> list:
    """Bad values where a positive finite number belongs (a learning rate, a step size)."""
    return _not_numbers(scalar) + [(NAN, V), (INF, V), (-INF, V), (0.0, V), (-scalar, V)]


def nonnegative(scalar: float = 0.1) -> list:
    return _not_numbers(scalar) + [(NAN, V), (INF, V), (-scalar, V)]


def fraction(scalar: float = 0.5, above: float = 1.5) -> list:
    """Bad values for a number in [0, 1] (momentum, a share)."""
    return nonnegative(scalar) + [(above, V)]


def real(scalar: float = 0.5) -> list:
    return _not_numbers(scalar) + [(NAN, V), (INF, V)]


def count(low: int = 1, limit: int | None = None, *, huge: bool = True) -> list:
    """Bad values for a whole number from ``low`` (to ``limit``): wrong types, below the range,
    and 10**12, which every count that sizes work or memory must refuse by its stated limit."""
    values = [(None, T), (True, T), (2.5, T), (np.float64(3.0), T), ("3", T), (low - 1, V),
              (-5, V)]
    if limit is not None:
        values.append((limit + 1, V))
    if huge:
        values.append((10**12, V))
    return values


SEEDS = [("1", T), (True, T), (2.5, T), (-1, V), ([1, 2], T)]
FUNCTIONS = [(None, T), (3, T), ("f", T)]
OBJECTIVE_1D = [(None, T), ("cubic", T), (3, T), (functions.trap(), T)]
OBJECTIVE_2D = [(None, T), ("trap", T), (3, T), (functions.cubic(), T)]


def points(good, *, empty: bool = True) -> list:
    """Bad values where a point or an array of points belongs: not numbers, NaN, inf, empty."""
    good = np.asarray(good, dtype=float)
    values = [(None, T), ("here", T), (True, T), ({"x": 1}, T)]
    nan_one = good.copy()
    nan_one.flat[0] = NAN
    inf_one = good.copy()
    inf_one.flat[-1] = INF
    values += [(nan_one, V), (inf_one, V)]
    if empty:
        values.append(([], V))
    return values


def matrix_data(X, y=None) -> tuple[list, list]:
    """Bad values for a data matrix X (rows, features) and its targets y."""
    X = np.asarray(X, dtype=float)
    bad_X = points(X) + [(X[:, 0], V), (X[None], V), (np.zeros((0, X.shape[1])), V)]
    bad_y = []
    if y is not None:
        y = np.asarray(y, dtype=float)
        bad_y = points(y) + [(y[:-1], V), (np.append(y, y[:1]), V)]
    return bad_X, bad_y


# ------------------------------------------------------------------------ shared inputs

TRAP = functions.trap()
CUBIC = functions.cubic()
X_LIN, Y_LIN, _ = data.make_linear_regression(12, seed=0)
X_MOONS, Y_MOONS = data.make_moons(12, seed=0)
PARAMS = mlp.init_params([2, 3, 1], seed=0)
GRADS = mlp.loss_and_grads(PARAMS, X_MOONS, Y_MOONS)[1]
BAD_X_LIN, BAD_Y_LIN = matrix_data(X_LIN, Y_LIN)
BAD_X_MOONS, BAD_Y_MOONS = matrix_data(X_MOONS, Y_MOONS)


FILES = Path(tempfile.mkdtemp(prefix="fuzz-"))
MEMMAP = FILES / "rows.npy"
data.write_memmap_regression(MEMMAP, 10, 2, seed=0)
MISSING = str(FILES / "missing.npy")


def _nan_layer(params):
    broken = mlp.copy_params(params)
    broken[0][0][:] = NAN
    return broken


def _inf_bias(params):
    broken = mlp.copy_params(params)
    broken[-1][1][:] = INF
    return broken


BAD_PARAMS = [(None, T), ([], V), ("W", T), (3, T), ([(1.0, 2.0, 3.0)], T),
              (_nan_layer(PARAMS), V), (_inf_bias(PARAMS), V),
              ([(np.zeros((3, 3)), np.zeros(3))], V)]
BAD_GRADS = [(None, T), ([], V), ("W", T), (_nan_layer(GRADS), V), (GRADS[:1], V)]
BAD_VELOCITY = [([], V), ("v", T), (GRADS[:1], V), (_nan_layer(GRADS), V)]
# params where only their shapes matter (NaN allowed): the structural bad values
BAD_SHAPES = BAD_PARAMS[:5] + BAD_PARAMS[-1:]
NAMES = [(None, T), (3, T), (b"name", T), ("", V)]  # a name for messages: a non-empty str
FLAGS = [(None, T), (1, T), ("yes", T)]
CACHE = mlp.forward(PARAMS, X_MOONS)[1]
MASK = np.array([[True, False], [False, True]])

_limit = checks.LIMITS  # the stated upper limits


def _gd(**kw):
    return solvers.gradient_descent(**kw)


CASES = [
    # ---------------------------------------------------------------- calculus
    Case("calculus.numerical_derivative", calculus.numerical_derivative,
         dict(f=CUBIC.f, x=1.0, h=1e-5, scheme="central"),
         dict(f=FUNCTIONS, x=points([1.0, 2.0]), h=positive(1e-5),
              scheme=[("fast", V), (None, V), (True, V), (1, V)])),
    Case("calculus.numerical_gradient", calculus.numerical_gradient,
         dict(f=TRAP.f, x=[1.0, 0.5], h=1e-5),
         dict(f=FUNCTIONS, x=points([1.0, 0.5]), h=positive(1e-5))),
    Case("calculus.relative_error", calculus.relative_error,
         dict(a=[1.0, 2.0], b=[1.0, 2.0]),
         dict(a=[(None, T), ("a", T), (True, T), ([1.0], V), ([[1.0, 2.0]], V)],
              b=[(None, T), ("b", T), (False, T), ([1.0, 2.0, 3.0], V)])),
    # ---------------------------------------------------------------- functions
    Case("functions.softplus", functions.softplus, dict(sharpness=1.0),
         dict(sharpness=positive(1.0) + [(10.0**6, V)])),
    Case("functions.smooth_absolute", functions.smooth_absolute, dict(sharpness=1.0),
         dict(sharpness=positive(1.0) + [(10.0**6, V)])),
    Case("functions.huber", functions.huber, dict(delta=0.5),
         dict(delta=positive(0.5) + [(10.0**6, V)])),
    Case("functions.elongated_bowl", functions.elongated_bowl, dict(condition=10.0),
         dict(condition=positive(10.0) + [(0.5, V), (10.0**9, V)])),
    # Elementwise maths like a numpy ufunc: NaN in gives NaN out, quietly (tests/test_functions_1d)
    Case("functions.sigmoid", functions.sigmoid, dict(z=[0.0, 1.0]),
         dict(z=[(None, T), ("z", T), (True, T), ({"z": 1}, T)])),
    Case("functions.log1p_exp", functions.log1p_exp, dict(z=[0.0, 1.0]),
         dict(z=[(None, T), ("z", T), (True, T), ({"z": 1}, T)])),
    # ---------------------------------------------------------------- solvers
    Case("solvers.gradient_descent", _gd,
         dict(grad=CUBIC.grad, x0=1.8, lr=0.1, steps=50, tol=1e-6, momentum=0.0, noise=0.0,
              seed=None, bound=1e6, lr_decay=0.0),
         dict(grad=FUNCTIONS + [(lambda x: None, T), (lambda x: "slope", T),
                                (lambda x: np.ones(3), V), (lambda x: NAN, V)],
              x0=points([1.0, 0.5]), lr=positive(), steps=count(1, _limit["steps"]),
              tol=nonnegative(1e-6), momentum=fraction(0.5), noise=nonnegative(),
              seed=SEEDS, bound=positive(1e6), lr_decay=nonnegative())),
    Case("solvers.descend_many", solvers.descend_many,
         dict(grad=TRAP.grad, starts=np.zeros((3, 2)), lr=0.05, steps=20, tol=1e-6,
              momentum=0.0, bound=1e6, record_path=False),
         dict(grad=FUNCTIONS + [(lambda p: None, T), (lambda p: np.ones(5), V)],
              starts=points(np.zeros((3, 2))), lr=positive(), steps=count(1, _limit["steps"]),
              tol=nonnegative(1e-6), momentum=fraction(0.5), bound=positive(1e6),
              record_path=[(None, T), (1, T), ("yes", T)])),
    Case("solvers.minibatch_sgd", solvers.minibatch_sgd,
         dict(grad_fn=data.linear_mse_grad, w0=[0.0, 0.0], X=X_LIN, y=Y_LIN, lr=0.05,
              batch_size=4, epochs=2, accumulate=1, shuffle=True, seed=0,
              loss_fn=data.linear_mse, bound=1e6),
         dict(grad_fn=FUNCTIONS + [(lambda w, X, y: None, T), (lambda w, X, y: [NAN, 0.0], V)],
              w0=points([0.0, 0.0]) + [([0.0, 0.0, 0.0], V), (0.0, V)], X=BAD_X_LIN,
              y=BAD_Y_LIN,
              lr=positive(), batch_size=count(1, 12), epochs=count(1, _limit["epochs"]),
              accumulate=count(1, huge=False), shuffle=[(None, T), (1, T), ("no", T)],
              seed=SEEDS, loss_fn=[(3, T), ("mse", T), (lambda w, X, y: NAN, V)],
              bound=positive(1e6))),
    Case("solvers.linear_mse_sgd", solvers.linear_mse_sgd,
         dict(w0=[0.0, 0.0], X=X_LIN, y=Y_LIN, lr=0.05, batch_size=4, updates=10, seed=0,
              bound=1e6),
         dict(w0=points([0.0, 0.0]) + [([0.0], V)], X=BAD_X_LIN, y=BAD_Y_LIN, lr=positive(),
              batch_size=count(1, 12), updates=count(1, _limit["steps"]), seed=SEEDS,
              bound=positive(1e6))),
    Case("solvers.stability_limit", solvers.stability_limit,
         dict(X=X_LIN, batch_size=4, epochs=1, seed=0),
         dict(X=BAD_X_LIN, batch_size=count(1, 12), epochs=count(1, _limit["epochs"]),
              seed=SEEDS)),
    Case("solvers.update_sizes", solvers.update_sizes, dict(n=12, batch_size=5, updates=7),
         dict(n=count(1, _limit["rows"]), batch_size=count(1, 12),
              updates=count(1, _limit["steps"]))),
    Case("solvers.rising_loss_note", solvers.rising_loss_note,
         dict(losses=[3.0, 2.0, 2.5], lr=0.1),
         dict(losses=[(None, T), ("up", T), ([], V), ([[1.0, 2.0]], V)], lr=positive())),
    Case("solvers.CostModel", solvers.CostModel, dict(per_update=1e-5, per_example=1e-8),
         dict(per_update=nonnegative(1e-5), per_example=nonnegative(1e-8))),
    Case("solvers.CostModel.epoch_seconds", solvers.LECTURE_04_COST.epoch_seconds,
         dict(n=200, batch_size=10),
         dict(n=count(1, _limit["rows"]), batch_size=count(1, 200))),
    Case("solvers.CostModel.seconds", solvers.LECTURE_04_COST.seconds, dict(rows=[10, 20]),
         dict(rows=[(None, T), ("rows", T), (True, T), ([-1], V), ([NAN], V)])),
    Case("solvers.CostModel.fit", solvers.CostModel.fit,
         dict(batch_sizes=[1, 10, 100], seconds=[1e-3, 2e-4, 5e-5], n=200),
         dict(batch_sizes=[(None, T), ([], V), ([0, 10, 100], V), ([1, 10, 1000], V)],
              seconds=[(None, T), ([1e-3, NAN, 1e-4], V), ([1e-3], V), ([-1.0, 1.0, 1.0], V)],
              n=count(1, _limit["rows"]))),
    # ---------------------------------------------------------------- data
    Case("data.make_linear_regression", data.make_linear_regression,
         dict(n=20, w_true=(1.0, 2.0), noise=0.5, seed=0, x_range=(0.0, 3.0)),
         dict(n=count(2, _limit["rows"]), w_true=points([1.0, 2.0]) + [([1.0], V)],
              noise=nonnegative(0.5), seed=SEEDS,
              x_range=[(None, T), ((3.0, 0.0), V), ((0.0, NAN), V), ("ab", T)])),
    Case("data.make_moons", data.make_moons, dict(n=20, noise=0.1, seed=0),
         dict(n=count(2, _limit["rows"]), noise=nonnegative(), seed=SEEDS)),
    Case("data.make_spiral", data.make_spiral, dict(n_per_class=10, classes=2, noise=0.2, seed=0),
         dict(n_per_class=count(1, _limit["rows"]), classes=count(2, 10), noise=nonnegative(),
              seed=SEEDS)),
    Case("data.linear_mse", data.linear_mse, dict(w=[1.0, 2.0], X=X_LIN, y=Y_LIN),
         dict(w=points([1.0, 2.0]) + [([1.0], V)], X=BAD_X_LIN, y=BAD_Y_LIN)),
    Case("data.linear_mse_grad", data.linear_mse_grad, dict(w=[1.0, 2.0], Xb=X_LIN, yb=Y_LIN),
         dict(w=points([1.0, 2.0]) + [([1.0], V)], Xb=BAD_X_LIN, yb=BAD_Y_LIN)),
    Case("data.least_squares", data.least_squares, dict(X=X_LIN, y=Y_LIN),
         dict(X=BAD_X_LIN, y=BAD_Y_LIN)),
    Case("data.write_memmap_regression", data.write_memmap_regression,
         dict(path=FILES / "written.npy", n_rows=10, n_features=2, seed=0,
              chunk_rows=4, noise=0.1, dtype=np.float32),
         dict(path=[(None, T), (3, T), (b"r.npy", T), ("", V)],
              n_rows=count(1, _limit["disk_rows"]), n_features=count(1, _limit["width"]),
              seed=SEEDS, chunk_rows=count(1, _limit["rows"]), noise=nonnegative(),
              dtype=[("fast", T), (None, T), (np.int32, V)])),
    Case("data.open_memmap_regression", data.open_memmap_regression,
         dict(path=MEMMAP),
         dict(path=[(None, T), (3, T), ("", V), (MISSING, V), (FILES, V)])),
    Case("data.stream_batches", data.stream_batches,
         dict(path_or_memmap=MEMMAP, batch_size=4, start=0, stop=None, dtype=np.float64),
         dict(path_or_memmap=[(None, T), (3, T), ("", V), (MISSING, V), (FILES, V)],
              batch_size=count(1, 10), start=count(0, 10, huge=False),
              stop=[(True, T), (2.5, T), (11, V), (-1, V)],
              dtype=[("fast", T)])),  # None keeps the file's dtype; any numpy dtype converts
    # ---------------------------------------------------------------- basins
    Case("basins.start_grid", basins.start_grid, dict(objective=TRAP, n=5),
         dict(objective=OBJECTIVE_2D, n=count(2, _limit["grid"]))),
    Case("basins.which_minimum", basins.which_minimum,
         dict(objective=TRAP, points=np.zeros((2, 2)), diverged=None, radius=1e-3),
         dict(objective=OBJECTIVE_2D, points=points(np.zeros((2, 2)), empty=False)
              + [([1.0, 2.0, 3.0], V)],
              diverged=[("yes", T), ([True], V), ([1, 0], T)], radius=positive(1e-3))),
    Case("basins.fractions", basins.fractions, dict(labels=np.array([0, 1, 1, -1]), count=2),
         dict(labels=[(None, T), ("01", T), ([], V), ([0.5, 1.0], T), ([True, False], T),
                      ([0, 7], V), ([0, -3], V)],
              count=count(0, basins.MAX_MINIMA))),
    Case("basins.basin_map", basins.basin_map,
         dict(objective=TRAP, n=4, lr=0.05, steps=20, momentum=0.0, tol=1e-6),
         dict(objective=OBJECTIVE_2D, n=count(2, basins.MAX_MAP_SIDE), lr=positive(),
              steps=count(1, _limit["steps"]), momentum=fraction(0.5), tol=nonnegative(1e-6))),
    Case("basins.noisy_runs", basins.noisy_runs,
         dict(objective=TRAP, start=(1.0, 0.5), lr=0.05, noise=0.1, seeds=[0, 1], steps=20,
              settle_steps=20),
         dict(objective=OBJECTIVE_2D, start=points([1.0, 0.5]) + [([1.0], V)], lr=positive(),
              noise=nonnegative(), seeds=[(None, T), ([], V), ("01", T), ([0, -1], V),
                                          ([0, 1.5], T), (3, T)],
              steps=count(1, _limit["steps"]), settle_steps=count(1, _limit["steps"]))),
    Case("basins.random_restarts", basins.random_restarts,
         dict(objective=TRAP, count=3, lr=0.05, seed=0, steps=20),
         dict(objective=OBJECTIVE_2D, count=count(1, _limit["starts"]), lr=positive(),
              seed=SEEDS, steps=count(1, _limit["steps"]))),
    # ---------------------------------------------------------------- mlp
    Case("mlp.init_params", mlp.init_params, dict(sizes=[2, 3, 1], seed=0, bias=0.0),
         dict(sizes=[(None, T), ("21", T), (3, T), ([3], V), ([], V), ([2, 0, 1], V),
                     ([2, 2.5, 1], T), ([2, True, 1], T), ([2, 10**6, 1], V),
                     ([2, _limit["width"] + 1, 1], V), ([2] * (_limit["layers"] + 2), V),
                     ([2] * 200, V), ([_limit["width"]] * 4 + [1], V)],
              seed=SEEDS, bias=real(0.1))),
    Case("mlp.forward", mlp.forward, dict(params=PARAMS, X=X_MOONS),
         dict(params=BAD_PARAMS, X=BAD_X_MOONS + [(np.zeros((3, 5)), V)])),
    Case("mlp.backward", mlp.backward,
         dict(params=PARAMS, cache=CACHE, grad_out=np.full((12, 1), 1 / 12)),
         dict(params=BAD_PARAMS, cache=[(None, T), ("c", T), ([], V), (CACHE[:1], V),
                                        ([CACHE[0], (CACHE[1][0], None, None)], T)],
              grad_out=[(None, T), ("g", T), (np.ones((11, 1)), V), (np.ones(12), V),
                        (np.full((12, 1), NAN), V)])),
    Case("mlp.predict", mlp.predict, dict(params=PARAMS, X=X_MOONS),
         dict(params=BAD_PARAMS, X=BAD_X_MOONS)),
    Case("mlp.predict_proba", mlp.predict_proba, dict(params=PARAMS, X=X_MOONS),
         dict(params=BAD_PARAMS, X=BAD_X_MOONS)),
    Case("mlp.accuracy", mlp.accuracy, dict(params=PARAMS, X=X_MOONS, y=Y_MOONS),
         dict(params=BAD_PARAMS, X=BAD_X_MOONS, y=BAD_Y_MOONS + [(Y_MOONS / 2, V)])),
    Case("mlp.loss_and_grads", mlp.loss_and_grads,
         dict(params=PARAMS, X=X_MOONS, y=Y_MOONS, loss="bce"),
         dict(params=BAD_PARAMS, X=BAD_X_MOONS, y=BAD_Y_MOONS + [(2 * Y_MOONS, V)],
              loss=[("hinge", V), (None, V), (True, V)])),
    Case("mlp.numerical_grads", mlp.numerical_grads,
         dict(params=PARAMS, X=X_MOONS[:4], y=Y_MOONS[:4], loss="mse", h=1e-5),
         dict(params=BAD_PARAMS + [(mlp.init_params([2, 100, 100, 1]), V)],
              X=matrix_data(X_MOONS[:4])[0], y=matrix_data(X_MOONS[:4], Y_MOONS[:4])[1],
              loss=[("hinge", V)], h=positive(1e-5))),
    Case("mlp.sgd_step", mlp.sgd_step,
         dict(params=PARAMS, grads=GRADS, lr=0.1, velocity=None, momentum=0.0),
         dict(params=BAD_PARAMS, grads=BAD_GRADS, lr=positive(), velocity=BAD_VELOCITY,
              momentum=fraction(0.5))),
    Case("mlp.train", mlp.train,
         dict(params=PARAMS, X=X_MOONS, y=Y_MOONS, lr=0.1, steps=5, momentum=0.0, loss="bce",
              record_every=1),
         dict(params=BAD_PARAMS, X=BAD_X_MOONS, y=BAD_Y_MOONS + [(2 * Y_MOONS, V)],
              lr=positive(), steps=count(1, _limit["train_steps"]), momentum=fraction(0.5),
              loss=[("hinge", V), (None, V)], record_every=count(1, _limit["train_steps"]))),
    Case("mlp.mse", mlp.mse, dict(out=np.zeros((4, 1)), y=np.ones((4, 1))),
         dict(out=[(None, T), ("o", T), (np.zeros((0, 1)), V), (np.full((4, 1), NAN), V)],
              y=[(None, T), (np.ones(3), V), (np.ones(4), V), ([[NAN]] * 4, V)])),
    Case("mlp.bce_with_logits", mlp.bce_with_logits,
         dict(logits=np.zeros((4, 1)), y=np.ones((4, 1))),
         dict(logits=[(None, T), (np.zeros((0, 1)), V), (np.full((4, 1), NAN), V)],
              y=[(None, T), (np.ones(3), V), ([[NAN]] * 4, V), ([[0.0], [1.0], [2.0], [1.0]], V),
                 (np.full((4, 1), -0.5), V)])),
    Case("mlp.linear_forward", mlp.linear_forward,
         dict(X=X_MOONS, W=PARAMS[0][0], b=PARAMS[0][1]),
         dict(X=BAD_X_MOONS, W=[(None, T), (np.zeros((3, 3)), V), (np.full((2, 3), NAN), V)],
              b=[(None, T), (np.zeros(2), V), (np.full(3, NAN), V)])),
    Case("mlp.linear_backward", mlp.linear_backward,
         dict(grad_out=np.ones((12, 3)), cache=(X_MOONS, PARAMS[0][0])),
         dict(grad_out=[(None, T), ("g", T), (np.ones((12, 2)), V), (np.full((12, 3), NAN), V)],
              cache=[(None, T), ((X_MOONS,), T), ((X_MOONS, np.zeros((3, 3))), V),
                     ((np.full((12, 2), NAN), PARAMS[0][0]), V)])),
    Case("mlp.relu_forward", mlp.relu_forward, dict(X=X_MOONS),
         dict(X=[(None, T), ("x", T), (np.full((2, 2), NAN), V), (np.zeros((0, 2)), V)])),
    Case("mlp.relu_backward", mlp.relu_backward, dict(grad_out=np.ones((2, 2)), cache=MASK),
         dict(grad_out=[(None, T), ("g", T), (np.full((2, 2), NAN), V), (np.ones((3, 2)), V)],
              cache=[(None, T), (np.ones((2, 2)), T), (np.ones((3, 2), bool), V)])),
    Case("mlp.copy_params", mlp.copy_params, dict(params=PARAMS),
         dict(params=BAD_PARAMS[:5])),
    Case("mlp.flatten_params", mlp.flatten_params, dict(params=PARAMS),
         dict(params=BAD_PARAMS[:5])),
    Case("mlp.unflatten_params", mlp.unflatten_params,
         dict(vector=np.zeros(13), like=PARAMS),
         dict(vector=[(None, T), (np.zeros(12), V), (np.zeros((13, 1)), V)],
              like=BAD_PARAMS[:5])),
    Case("mlp.max_difference", mlp.max_difference, dict(params_a=PARAMS, params_b=PARAMS),
         dict(params_a=BAD_PARAMS[:5], params_b=BAD_PARAMS[:5])),
    # functions.sigmoid under another name: elementwise, NaN in gives NaN out
    Case("mlp.sigmoid", mlp.sigmoid, dict(z=[0.0, 1.0]),
         dict(z=[(None, T), ("z", T), (True, T), ({"z": 1}, T)])),
    Case("mlp.check_loss", mlp.check_loss, dict(loss="bce"),
         dict(loss=[("hinge", V), (None, V), (True, V), (3, V), (["bce"], V)])),
    Case("mlp.check_params", mlp.check_params, dict(params=PARAMS, name="params", finite=True),
         dict(params=BAD_PARAMS[:-1], name=NAMES, finite=FLAGS)),  # (the last: a network)
    # (only the shapes of params matter here: NaN in it is no bad value)
    Case("mlp.check_like", mlp.check_like,
         dict(name="other", other=GRADS, params=PARAMS, finite=True, params_name="params"),
         dict(name=NAMES, other=BAD_GRADS, params=BAD_SHAPES, finite=FLAGS,
              params_name=NAMES)),
    Case("mlp.check_inputs", mlp.check_inputs, dict(params=PARAMS, X=X_MOONS),
         dict(params=BAD_SHAPES, X=BAD_X_MOONS + [(np.zeros((3, 5)), V)])),
    Case("mlp.check_target", mlp.check_target,
         dict(out=np.zeros((4, 1)), y=np.ones((4, 1)), loss="bce", of="the output"),
         dict(out=[(None, T), ("o", T), (True, T), (np.zeros((3, 1)), V), (np.zeros(4), V)],
              y=[(None, T), (np.ones(3), V), (np.ones(4), V), ([[NAN]] * 4, V),
                 (np.full((4, 1), 2.0), V)],
              loss=[("hinge", V), (True, V), (3, V)], of=NAMES)),
    Case("mlp.match_target", mlp.match_target,
         dict(out=np.zeros((12, 1)), y=Y_MOONS, loss="bce"),
         dict(out=[(None, T), ("o", T), (np.zeros((11, 1)), V), (np.zeros((12, 2)), V)],
              y=BAD_Y_MOONS + [(2 * Y_MOONS, V)], loss=[("hinge", V), (True, V)])),
    Case("mlp.check_data", mlp.check_data, dict(params=PARAMS, X=X_MOONS, y=Y_MOONS, loss="bce"),
         dict(params=BAD_PARAMS, X=BAD_X_MOONS, y=BAD_Y_MOONS + [(2 * Y_MOONS, V)],
              loss=[("hinge", V), (True, V)])),
    # ---------------------------------------------------------------- graph
    Case("graph.tiny_network_graph", graph.tiny_network_graph,
         dict(x=0.5, target=1.0, w0=2.0, b0=0.5, w1=-1.0, b1=0.5),
         {name: real() for name in ("x", "target", "w0", "b0", "w1", "b1")}),
]


def widget_cases() -> list[Case]:
    """The explorer constructors, with bad values at and beyond each slider's range."""
    from helpers import widgets as w

    return [
        Case("widgets.DescentExplorer1D", w.DescentExplorer1D,
             dict(function="quartic", lr=0.1, start=1.8, steps=50, tol=1e-6),
             dict(function=[("sextic", V), (None, V), (3, V)], lr=positive() + [(50.0, V)],
                  start=real(1.8) + [(1e6, V)], steps=count(1), tol=positive(1e-6) + [(5.0, V)]),
             widget=True),
        Case("widgets.DescentExplorer2D", w.DescentExplorer2D,
             dict(function="Himmelblau", lr=0.01, start=(0.0, 0.0), steps=100),
             # (lr=None and start=None are allowed: the function's own defaults)
             dict(function=[("sextic", V), (None, V)],
                  lr=positive(0.01)[1:] + [(50.0, V)],
                  start=points([0.0, 0.0])[1:] + [((1e6, 0.0), V), ((1.0,), V)],
                  steps=count(1)),
             widget=True),
        Case("widgets.SurfaceExplorer3D", w.SurfaceExplorer3D,
             dict(function="Himmelblau", lr=0.01, start=(0.0, 0.0), steps=50),
             dict(function=[("sextic", V), (None, V)], lr=positive(0.01) + [(50.0, V)],
                  start=points([0.0, 0.0]) + [((1e6, 0.0), V)], steps=count(1)),
             widget=True),
        Case("widgets.MomentumExplorer", w.MomentumExplorer,
             dict(function="trap", momentum=0.8, lr=0.1, steps=100, start=(2.0, 1.5)),
             dict(function=[("sextic", V), (None, V)], momentum=fraction(0.5),
                  lr=positive() + [(50.0, V)], steps=count(1),
                  start=points([2.0, 1.5]) + [((1e6, 0.0), V)]),
             widget=True),
        Case("widgets.KinkExplorer", w.KinkExplorer,
             dict(function="|x|", lr=0.2, start=0.75, steps=40, lr_decay=0.0, sharpness=4.0,
                  delta=0.5),
             dict(function=[("sextic", V), (None, V)], lr=positive(0.2) + [(50.0, V)],
                  start=real(0.75) + [(1e6, V)], steps=count(1), lr_decay=nonnegative()
                  + [(1e6, V)], sharpness=positive(4.0) + [(1e6, V)],
                  delta=positive(0.5) + [(1e6, V)]),
             widget=True),
        Case("widgets.BatchSizeExplorer", w.BatchSizeExplorer,
             dict(n=200, batch_size=10, lr=0.05, x_axis="epochs", start=(-2.0, 4.5), seed=0,
                  data_seed=0),
             dict(n=count(2, _limit["rows"]), batch_size=count(1, 200),
                  lr=positive(0.05) + [(50.0, V)], x_axis=[("seconds", V), (None, V)],
                  start=points([-2.0, 4.5]) + [((1e6, 0.0), V)], seed=SEEDS,
                  data_seed=SEEDS + [(None, T)]),
             widget=True),
        Case("widgets.TrainingExplorer", w.TrainingExplorer,
             dict(width=4, min_width=1, max_width=8, depth=1, n=40, noise=0.2, data_seed=0,
                  seed=0, lr=0.2, momentum=0.9, steps=20, record_every=5, points=20),
             dict(width=count(1, 8), min_width=count(1), max_width=count(1, _limit["width"]),
                  depth=count(1), n=count(2, _limit["rows"]), noise=nonnegative(0.2),
                  data_seed=SEEDS + [(None, T)], seed=SEEDS + [(None, T)],
                  lr=positive(0.2), momentum=fraction(0.5),
                  steps=count(1), record_every=count(1), points=count(2)),
             widget=True),
    ]


def calls(cases) -> list[tuple[Case, str, object, type]]:
    """Every (case, argument, bad value, exception it must raise) of the registry."""
    return [(case, name, value, kind)
            for case in cases for name, values in case.bad.items() for value, kind in values]


def crosscheck_cases() -> list[Case]:
    """The public functions of ``helpers.crosscheck``. torch is imported here, when asked, so the
    rest of the registry stays free of it. ``distributed_gradient``'s good call starts two worker
    processes (seconds); its bad values are refused before any starts."""
    import torch
    import torch.nn.functional as F

    from helpers import crosscheck as cc

    model = cc.to_torch_mlp(PARAMS)
    with_grads = cc.to_torch_mlp(PARAMS)
    Xt, yt = torch.from_numpy(X_MOONS), torch.from_numpy(Y_MOONS.reshape(-1, 1))
    F.binary_cross_entropy_with_logits(with_grads(Xt), yt).backward()
    recorded = F.binary_cross_entropy_with_logits(cc.to_torch_mlp(PARAMS)(Xt), yt)
    problem = dict(params=PARAMS, X=X_MOONS, y=Y_MOONS, loss="bce")
    bad_problem = dict(params=BAD_PARAMS, X=BAD_X_MOONS, y=BAD_Y_MOONS + [(2 * Y_MOONS, V)],
                    loss=[("hinge", V), (None, V), (True, V)])
    not_models = [(None, T), (3, T), ("model", T), (PARAMS, T)]
    limit = _limit["train_steps"]
    return [
        Case("crosscheck.to_torch_mlp", cc.to_torch_mlp, dict(params=PARAMS),
             dict(params=BAD_PARAMS[:-1])),  # the last one is a network, only not for X
        Case("crosscheck.params_from_torch", cc.params_from_torch, dict(model=model),
             dict(model=not_models + [(torch.nn.Sequential(torch.nn.ReLU()), V)])),
        Case("crosscheck.grads_from_torch", cc.grads_from_torch, dict(model=with_grads),
             dict(model=not_models + [(model, V)])),
        Case("crosscheck.graph_nodes", cc.graph_nodes, dict(tensor=recorded),
             dict(tensor=[(None, T), (3, T), (np.ones(2), T), (torch.ones(2), V)])),
        Case("crosscheck.gradient_errors", cc.gradient_errors,
             dict(grads_a=GRADS, grads_b=GRADS),
             dict(grads_a=[(None, T), ([], V), ("W", T), (GRADS[:1], V)],
                  grads_b=[(None, T), ([], V), ("W", T), (GRADS[:1], V)])),
        Case("crosscheck.torch_loss_and_grads", cc.torch_loss_and_grads, problem, bad_problem),
        Case("crosscheck.compare_gradients", cc.compare_gradients, problem, bad_problem),
        Case("crosscheck.gradcheck_our_loss", cc.gradcheck_our_loss,
             dict(problem, eps=1e-6, atol=1e-6, rtol=1e-4, loss_and_grads=None,
                  raise_exception=False),
             dict(bad_problem, eps=positive(1e-6) + [(2.0, V)], atol=nonnegative(1e-6),
                  rtol=nonnegative(1e-4),
                  loss_and_grads=[(3, T), ("mlp.loss_and_grads", T),
                                  (lambda params, X, y: None, T),
                                  (lambda params, X, y: ("low", GRADS), T),
                                  (lambda params, X, y: (0.5, GRADS[:1]), V)],
                  raise_exception=[(None, T), (1, T), ("yes", T)])),
        Case("crosscheck.train_side_by_side", cc.train_side_by_side,
             dict(problem, lr=0.1, steps=3, momentum=0.0),
             dict(bad_problem, lr=positive(), steps=count(1, limit), momentum=fraction(0.5))),
        Case("crosscheck.time_training_step", cc.time_training_step,
             dict(problem, lr=0.1, repeats=2, warmup=0),
             dict(bad_problem, lr=positive(), repeats=count(1, limit), warmup=count(0, limit))),
        Case("crosscheck.distributed_gradient", cc.distributed_gradient,
             dict(problem, world_size=2, timeout=60.0, ddp=False),
             dict(bad_problem, world_size=count(1, cc.distributed.MAX_WORLD_SIZE) + [(13, V)],
                  timeout=positive(60.0) + [(cc.distributed.MAX_TIMEOUT + 1, V), (1e308, V)],
                  ddp=FLAGS)),
    ]


def __getattr__(name: str):
    """``CROSSCHECK_CASES``: :func:`crosscheck_cases`, built (and torch imported) on first use."""
    if name == "CROSSCHECK_CASES":
        globals()[name] = crosscheck_cases()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def more_cases() -> list[Case]:
    """The public functions of ``helpers.geometry`` (figures and explorers share them; some run
    on every slider move) and of ``helpers.results`` (the number formats of every message)."""
    from helpers import geometry as g
    from helpers import results as r

    grid, most_levels = _limit["grid"], g.MAX_LEVELS
    extent = (0.0, 1.0, 0.0, 1.0)
    bad_extents = [(None, T), ("abcd", T), (True, T), (NAN, V), ((0.0, 1.0, 0.0), V),
                   ((0.0, NAN, 0.0, 1.0), V), ((0.0, INF, 0.0, 1.0), V), ((1.0, 0.0, 0.0, 1.0), V),
                   ((0.0, 1.0, 2.0, 2.0), V)]
    line = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 3.0]])
    path = np.array([[0.0, 0.0], [5.0, 5.0]])
    bad_path = [(None, T), ("path", T), (True, T), ({"x": 1}, T), ([[NAN, 0.0]], V),
                (np.zeros(2), V), (np.zeros((2, 3)), V)]
    not_arrays = [(None, T), ("values", T), (True, T), ({"x": 1}, T)]
    xs = np.linspace(-1.0, 1.0, 4)
    X, Y = np.meshgrid(xs, xs)
    Z = X**2 + Y**2
    P = np.linspace(0.0, 1.0, 9).reshape(3, 3)
    mantissas = not_arrays + [((), V), ((0.5,), V), ((10,), V), ((1, NAN), V),
                              (tuple(range(1, 10)) * 12, V)]
    text = [(None, T), (3, T), (b"step", T), (["step"], T), ("", V)]
    run = solvers.minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X_LIN, Y_LIN, lr=0.05,
                                batch_size=4, epochs=2)
    descent = solvers.gradient_descent(CUBIC.grad, 1.8, 0.1, steps=5)
    return [
        # ---------------------------------------------------------------- geometry: extents
        Case("geometry.domain_extent", g.domain_extent, dict(domain=TRAP.domain),
             dict(domain=not_arrays + [(3.0, V), ([], V), (((0.0, 1.0),), V),
                                       (((1.0, 0.0), (0.0, 1.0)), V),
                                       (((0.0, NAN), (0.0, 1.0)), V),
                                       (((0.0, 1.0), (0.0, INF)), V), ((0.0, 1.0, 0.0, 1.0), V)])),
        Case("geometry.objective_grid", g.objective_grid, dict(objective=TRAP, n=5),
             dict(objective=OBJECTIVE_2D, n=count(2, grid))),
        Case("geometry.curve_range", g.curve_range,
             dict(objective=CUBIC, padding=0.12, points=50, over=None),
             dict(objective=OBJECTIVE_1D, padding=nonnegative(0.12) + [(1e308, V)],
                  points=count(2, g.MAX_POINTS),
                  over=[(True, T), ("ab", T), ((3.0, 0.0), V), ((0.0, NAN), V), ((0.0,), V),
                        ((-1e300, 1e300), V)])),
        Case("geometry.data_extent", g.data_extent,
             dict(X=np.array([[0.0, 1.0], [2.0, -1.0]]), margin=0.3),
             dict(X=points([[0.0, 1.0], [2.0, -1.0]]) + [(np.zeros((3, 3)), V), (np.zeros(4), V)],
                  margin=nonnegative(0.3))),
        Case("geometry.view_extent", g.view_extent,
             dict(X=X_LIN, y=Y_LIN, points=[(0.0, 0.0)], pad=0.25),
             dict(X=BAD_X_LIN + [(np.column_stack([X_LIN, X_LIN[:, :1]]), V)], y=BAD_Y_LIN,
                  points=not_arrays + [([(NAN, 0.0)], V), ([(1.0, 2.0, 3.0)], V),
                                       ([(1.7e308, -1.7e308)], V)],
                  pad=nonnegative(0.25) + [(1e308, V)])),
        Case("geometry.loss_grid", g.loss_grid,
             dict(X=X_LIN, y=Y_LIN, extent=(-3.0, 3.0, -1.0, 5.0), points=10),
             dict(X=BAD_X_LIN + [(np.column_stack([X_LIN, X_LIN[:, :1]]), V)], y=BAD_Y_LIN,
                  extent=bad_extents + [((-1e300, 1e300, 0.0, 1.0), V)],
                  points=count(2, grid))),
        Case("geometry.probability_grid", g.probability_grid,
             dict(params=PARAMS, extent=extent, points=5),
             dict(params=BAD_PARAMS + [(mlp.init_params([3, 2, 1]), V)], extent=bad_extents,
                  points=count(2, grid))),
        # ---------------------------------------------------------------- geometry: contours
        Case("geometry.contour_levels", g.contour_levels, dict(objective=TRAP, count=12, n=20),
             dict(objective=OBJECTIVE_2D, count=count(1, most_levels), n=count(2, grid))),
        Case("geometry.colour_levels", g.colour_levels,
             dict(objective=functions.himmelblau(), per_decade=4, decades=4, n=20),
             dict(objective=OBJECTIVE_2D, per_decade=count(1, most_levels),
                  decades=count(1, most_levels // 4), n=count(2, grid))),
        # (most only caps the ticks: a larger one is never a problem)
        Case("geometry.nice_ticks", g.nice_ticks, dict(low=0.0, high=890.0, most=7),
             dict(low=real(0.0) + [(1000.0, V), (-1e308, V)],
                  high=real(890.0) + [(0.0, V), (-5.0, V), (1e-310, V), (1e308, V)],
                  most=count(2, huge=False))),
        Case("geometry.colour_scale", g.colour_scale,
             dict(Z=np.linspace(0.0, 500.0, 50).reshape(5, 10), levels=[1.0, 10.0, 100.0]),
             dict(Z=not_arrays + [([], V), (np.full((2, 2), NAN), V), ([[0.0, INF]], V),
                                  ([[0.0, 1e301]], V)],
                  levels=not_arrays + [([], V), ([NAN], V), ([INF], V), ([[1.0]], V)])),
        Case("geometry.loss_levels", g.loss_levels,
             dict(L=np.arange(12.0).reshape(3, 4), count=12),
             dict(L=not_arrays + [([], V), ([[0.0, NAN]], V), ([[0.0, INF]], V),
                                  ([[-1e308, 1e308]], V)],
                  count=count(1, most_levels))),
        Case("geometry.contour_segments", g.contour_segments,
             dict(X=X, Y=Y, Z=Z, levels=[0.5, 1.0]),
             dict(X=not_arrays + [(np.zeros((3, 3)), V), (np.zeros(5), V), (X * NAN, V),
                                  (xs, V)],  # (1-D, with Y 2-D)
                  Y=not_arrays + [(np.zeros((4, 3)), V), (np.zeros(3), V), (Y + INF, V)],
                  Z=not_arrays + [(np.zeros(4), V), (np.zeros((1, 4)), V), (Z * NAN, V),
                                  (Z + INF, V)],
                  levels=not_arrays + [(1.0, V), ([NAN], V), ([[1.0]], V),
                                       (np.ones(most_levels + 1), V)])),
        Case("geometry.contour_lines", g.contour_lines, dict(objective=TRAP, levels=None, n=20),
             dict(objective=OBJECTIVE_2D,
                  levels=not_arrays[1:] + [([NAN], V), (np.ones(most_levels + 1), V)],
                  n=count(2, grid))),
        Case("geometry.boundary_lines", g.boundary_lines,
             dict(xs=np.arange(3.0), ys=np.arange(3.0), P=P, level=0.5),
             dict(xs=not_arrays + [(np.arange(4.0), V), ([0.0, NAN, 2.0], V)],
                  ys=not_arrays + [(np.arange(2.0), V), ([0.0, 1.0, INF], V)],
                  P=not_arrays + [(np.zeros(9), V), (np.zeros((1, 3)), V), (P * NAN, V)],
                  level=fraction(0.5))),
        # ---------------------------------------------------------------- geometry: lines
        Case("geometry.resample", g.resample, dict(segment=line, count=5),
             dict(segment=points(line) + [(np.zeros((0, 2)), V), (np.zeros(3), V),
                                          (np.zeros((2, 3)), V), ([[0.0, 0.0], [1e200, 1e200]], V)],
                  count=count(2, g.MAX_POINTS))),
        Case("geometry.pack_lines", g.pack_lines, dict(pieces=[line, path], points=None),
             dict(pieces=[(None, T), ("ab", T), (3, T), ({"a": 1}, T), ([None], T), (["ab"], T),
                          ([np.zeros(3)], V), ([np.zeros((0, 2))], V), ([line * NAN], V),
                          (line, V)],
                  points=count(2, g.MAX_POINTS)[1:])),  # (None: pad, do not resample)
        Case("geometry.inside", g.inside,
             dict(points=[[0.0, 0.0], [2.0, 0.0], [1.0, 1.0]], extent=extent),
             dict(points=not_arrays + [([[NAN, 0.0]], V), ([], V), ([1.0, 2.0, 3.0], V),
                                       (np.zeros((2, 3)), V)],
                  extent=bad_extents)),
        Case("geometry.clip_to_extent", g.clip_to_extent,
             dict(path=path, extent=extent, margin=0.05),
             dict(path=bad_path, extent=bad_extents + [((-1e308, 1e308, 0.0, 1.0), V)],
                  margin=nonnegative(0.05))),
        Case("geometry.clip_to_view", g.clip_to_view, dict(objective=TRAP, path=path, margin=0.05),
             dict(objective=OBJECTIVE_2D, path=bad_path, margin=nonnegative(0.05))),
        Case("geometry.widened_range", g.widened_range,
             dict(domain=(0.0, 10.0), values=[[1.0, 9.0]], pad=0.03, most=0.25),
             dict(domain=not_arrays + [(NAN, V), ((1.0, 0.0), V), ((0.0, NAN), V),
                                       ((0.0, 1.0, 2.0), V), ((-1e308, 1e308), V)],
                  values=not_arrays + [(3.0, T), (np.array([1.0]), T), ([None], T), (["ab"], T),
                                       ([], V), ([[]], V), ([[NAN]], V)],
                  pad=nonnegative(0.03), most=nonnegative(0.25))),
        Case("geometry.pin_to_view", g.pin_to_view,
             dict(points=[[0.5, 0.5], [10.0, 0.0]], extent=(-1.0, 1.0, -2.0, 2.0),
                  centre=(0.0, 0.0), inset=0.02),
             dict(points=bad_path + [([[INF, 0.0]], V)],
                  extent=bad_extents + [((5.0, 6.0, 5.0, 6.0), V),
                                        ((-1e308, 1e308, -1.0, 1.0), V)],
                  centre=not_arrays + [((NAN, 0.0), V), ((0.0,), V), ((5.0, 0.0), V),
                                       ((0.99, 0.0), V)],
                  inset=_not_numbers(0.1) + [(NAN, V), (INF, V), (-0.1, V), (0.5, V)])),
        Case("geometry.same_as_earlier", g.same_as_earlier,
             dict(paths=[path, line, path.copy()], rtol=1e-9, atol=1e-12),
             dict(paths=not_arrays + [(3, T), (np.zeros((2, 2)), T), ([None], T), (["ab"], T),
                                      ([np.array([NAN])], V)],
                  rtol=nonnegative(1e-9), atol=nonnegative(1e-12))),
        # ---------------------------------------------------------------- geometry: curves
        # (a window longer than the values is as long as they are: no limit needed)
        Case("geometry.running_max", g.running_max,
             dict(values=[3.0, 1.0, 2.0, 0.0, 0.0], window=2),
             dict(values=not_arrays + [([], V), ([NAN, 1.0], V), ([INF], V), ([[1.0]], V)],
                  window=count(1, huge=False))),
        Case("geometry.jumps_as_gaps", g.jumps_as_gaps,
             dict(values=[-1.0, -1.0, 1.0, 1.0], jump=0.25),
             dict(values=not_arrays + [([NAN, 1.0], V), ([INF], V), ([[1.0]], V)],
                  jump=positive(0.25))),
        Case("geometry.descent_arrows", g.descent_arrows, dict(objective=TRAP, count=5),
             dict(objective=OBJECTIVE_2D, count=count(1, grid))),
        # ---------------------------------------------------------------- geometry: ticks
        Case("geometry.epoch_axis", g.epoch_axis, dict(result=run),
             dict(result=[(None, T), (3, T), ("run", T), (descent, T)])),
        Case("geometry.snapshot_index", g.snapshot_index,
             dict(snapshot_steps=[0, 10, 20, 35], step=12),
             dict(snapshot_steps=not_arrays + [([], V), ([[0, 1]], V), ([0, NAN], V),
                                               ([10, 0], V)],
                  step=[("a", T), (True, T), (NAN, T), (2.5, T), ([1], T)])),
        Case("geometry.log_ticks", g.log_ticks,
             dict(low=0.15, high=12.0, mantissas=(1, 2, 3, 5)),
             dict(low=positive(0.15) + [(20.0, V)], high=real(12.0) + [(0.1, V), (0.0, V)],
                  mantissas=mantissas)),
        # (a step axis may end anywhere: ticks stay at most `most`)
        Case("geometry.step_ticks", g.step_ticks, dict(last=67, most=8),
             dict(last=count(1, huge=False), most=count(2, g.MAX_TICKS))),
        Case("geometry.is_log_tick", g.is_log_tick, dict(value=20.0, mantissas=(1, 2, 5)),
             dict(value=positive(20.0), mantissas=mantissas)),
        # ---------------------------------------------------------------- results
        # (the formats show NaN and inf as they are: messages that name a bad value use them)
        # (a path with NaN or inf is not a mistake: a diverged run's path ends so, and is told
        # nothing more)
        Case("results.motion", r.motion, dict(path=[[0.0, 0.0], [1.0, 0.0], [0.2, 0.0],
                                                    [0.9, 0.0], [0.4, 0.0]], last=10),
             dict(path=not_arrays + [([], V), (np.zeros((2, 2, 2)), V)],
                  last=count(1, huge=False))),
        Case("results.finite_start", r.finite_start,
             dict(values=[[0.0, 1.0], [2.0, 3.0], [np.inf, 0.0], [1.0, 1.0]]),
             dict(values=not_arrays + [([], V), (np.zeros((2, 2, 2)), V)])),
        Case("results.journey", r.journey,
             dict(path=[[0.0, 0.0], [1.0, 0.0], [0.2, 0.0], [0.9, 0.0], [0.4, 0.0]],
                  heights=[0.0, 1.0, 0.04, 0.81, 0.16], names=("x", "y"), settled=False,
                  height="height"),
             dict(path=not_arrays + [([], V), (np.zeros((2, 2, 2)), V)],
                  heights=[("values", T), ([[1.0]], V)], names=[(("x",), V), (("x", ""), V)])),
        Case("results.plural", r.plural, dict(count=3, noun="step", plural_form=None),
             dict(count=count(0, huge=False), noun=text, plural_form=text[1:])),
        Case("results.show_epochs", r.show_epochs, dict(updates=260, per_epoch=200),
             dict(updates=count(0, huge=False), per_epoch=count(1, huge=False))),
        Case("results.show_number", r.show_number, dict(value=1 / 3),
             dict(value=_not_numbers(0.5) + [({"x": 1}, T), (10**400, V)])),
        Case("results.show_point", r.show_point, dict(point=(1.0, 2.0)),
             dict(point=not_arrays + [(1j, T), ([1.0, "a"], T), ([], V)])),
        Case("results.show_rate", r.show_rate, dict(value=1 / 3),
             dict(value=_not_numbers(0.5) + [(10**400, V)])),
        Case("results.show_share", r.show_share, dict(value=0.885),
             dict(value=_not_numbers(0.5) + [(10**400, V)])),
        Case("results.show_size", r.show_size, dict(value=3.3e-7),
             dict(value=_not_numbers(0.5) + [(10**400, V)])),
    ]
