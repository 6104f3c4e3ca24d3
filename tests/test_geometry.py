"""The numpy-only geometry that static figures and live explorers share: grids, contour levels
and lines, clipping and pinning paths to a view, packing lines for bqplot, extents, probability
grids, snapshot lookup and tick values. None of it may need matplotlib or widgets."""

import subprocess
import sys
import warnings

import numpy as np
import pytest

from helpers import data, functions, geometry, mlp, plots

himmelblau, trap, quartic = functions.himmelblau(), functions.trap(), functions.quartic()


def test_geometry_imports_neither_matplotlib_nor_widgets():
    code = ("import sys, helpers.geometry, helpers.graph; "
            "print(any(m.split('.')[0] == 'matplotlib' or m.startswith('helpers.widgets') "
            "for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- grids and levels


def test_objective_grid_shape_and_corners():
    X, Y, Z = geometry.objective_grid(trap, 7)
    assert X.shape == Y.shape == Z.shape == (7, 7)
    assert (X[0, 0], X[0, -1], Y[0, 0], Y[-1, 0]) == geometry.domain_extent(trap.domain)
    np.testing.assert_allclose(Z, trap.f(np.stack([X, Y], axis=-1)))
    with pytest.raises(ValueError, match="n must be an integer >= 2"):
        geometry.objective_grid(trap, 1)


def test_contour_levels_increase_and_lines_sit_at_their_level():
    levels = geometry.contour_levels(himmelblau)
    assert np.all(np.diff(levels) > 0)
    for level, segments in geometry.contour_lines(himmelblau, levels[:3], n=200):
        for segment in segments:
            np.testing.assert_allclose(himmelblau.f(segment), level, rtol=0.05, atol=0.5)


def test_loss_levels_pack_towards_the_minimum_unlike_contour_levels():
    X, y, _ = data.make_linear_regression(200, seed=0)
    extent = geometry.view_extent(X, y, [[-2.0, 4.5]])
    _, _, L = geometry.loss_grid(X, y, extent, points=40)
    levels = geometry.loss_levels(L, count=12)
    assert len(levels) == 12 and np.all(np.diff(levels) > 0)
    assert L.min() < levels[0] < levels[-1] < L.max()
    # geometric: each gap bigger than the last, all within the lower 60% of the range
    assert np.all(np.diff(levels, 2) > 0)
    assert levels[-1] == pytest.approx(L.min() + 0.6 * (L.max() - L.min()))
    # an objective's levels are quantiles of f over its domain: a different rule on purpose
    quantiles = geometry.contour_levels(himmelblau, count=12)
    _, _, Z = geometry.objective_grid(himmelblau)
    assert np.mean(Z <= quantiles[0]) == pytest.approx((1 / 13) ** 1.6, abs=0.01)


def test_the_plots_package_no_longer_exports_an_ambiguous_contour_levels():
    assert not hasattr(plots, "contour_levels")
    assert "contour_levels" not in plots.__all__


# ---------------------------------------------------------------- paths in a view


def test_clip_to_view_keeps_inside_points_and_pins_far_ones_just_past_the_edge():
    path = np.array([[0.0, 0.0], [1.0, -1.5], [1e6, -1e6]])
    clipped = geometry.clip_to_view(trap, path)
    np.testing.assert_array_equal(clipped[:2], path[:2])
    np.testing.assert_allclose(clipped[2], [2.2 + 0.05 * 5.2, -2.0 - 0.05 * 4.0])


def test_clip_to_extent_with_a_margin_of_a_whole_view():
    clipped = geometry.clip_to_extent(np.array([[50.0, -50.0]]), (0, 1, 0, 2), margin=1.0)
    np.testing.assert_array_equal(clipped, [[2.0, -2.0]])


def test_pin_to_view_keeps_inside_points_and_pins_outside_ones_onto_the_edge():
    extent = (-1.0, 1.0, -2.0, 2.0)
    points = np.array([[0.5, 0.5], [10.0, 0.0], [0.0, -40.0], [-1.0, 2.0]])
    pinned = geometry.pin_to_view(points, extent, centre=(0.0, 0.0), inset=0.02)
    np.testing.assert_array_equal(pinned[[0, 3]], points[[0, 3]])  # inside (edges included)
    np.testing.assert_allclose(pinned[1], [1.0 - 0.02 * 2, 0.0])  # along the ray from the centre
    np.testing.assert_allclose(pinned[2], [0.0, -2.0 + 0.02 * 4])
    assert geometry.inside(pinned, extent).all()
    # runs that left in different directions end in different places
    assert not np.allclose(pinned[1], pinned[2])


def test_inside_and_same_as_earlier():
    np.testing.assert_array_equal(geometry.inside([[0, 0], [2, 0], [1, 1]], (0, 1, 0, 1)),
                                  [True, False, True])
    a, b = np.zeros((3, 2)), np.ones((3, 2))
    assert geometry.same_as_earlier([a, b, a.copy(), np.zeros((4, 2))]) == [False, False, True,
                                                                             False]


def test_widened_range_holds_the_values_but_widens_at_most_a_share():
    assert geometry.widened_range((0.0, 10.0), [[1.0, 9.0]]) == (0.0, 10.0)
    low, high = geometry.widened_range((0.0, 10.0), [[-1.0, 5.0]])
    assert low == pytest.approx(-1.3) and high == 10.0
    assert geometry.widened_range((0.0, 10.0), [[-1e9], [1e9]], most=0.25) == (-2.5, 12.5)


# ---------------------------------------------------------------- packing lines for bqplot


def test_pack_lines_pads_short_pieces_with_their_last_point():
    xs, ys = geometry.pack_lines([np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]),
                                  np.array([[5.0, 5.0], [6.0, 7.0]])])
    assert xs.shape == ys.shape == (2, 3)
    np.testing.assert_array_equal(xs[1], [5.0, 6.0, 6.0])
    np.testing.assert_array_equal(ys[1], [5.0, 7.0, 7.0])
    assert np.isfinite(xs).all() and np.isfinite(ys).all()


def test_pack_lines_resamples_evenly_by_arc_length_keeping_the_ends():
    piece = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 3.0]])  # length 4
    xs, ys = geometry.pack_lines([piece], points=5)
    np.testing.assert_allclose(np.column_stack([xs[0], ys[0]]),
                               [[0, 0], [1, 0], [1, 1], [1, 2], [1, 3]], atol=1e-12)


def test_pack_lines_of_nothing():
    xs, ys = geometry.pack_lines([])
    assert xs.shape == ys.shape == (0, 2)


# ---------------------------------------------------------------- extents and probability


def test_data_extent_and_its_errors():
    assert geometry.data_extent(np.array([[0.0, 1.0], [2.0, -1.0]]), margin=0.5) == (
        -0.5, 2.5, -1.5, 1.5)
    with pytest.raises(ValueError, match="X must hold 2 numbers on its last axis"):
        geometry.data_extent(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="X must have 2 axes"):
        geometry.data_extent(np.zeros(4))
    with pytest.raises(ValueError, match="X must be .*finite"):
        geometry.data_extent([[0.0, np.nan]])
    with pytest.raises(TypeError, match="X must be"):
        geometry.data_extent("points")


@pytest.fixture(scope="module")
def trained():
    X, y = data.make_moons(120, noise=0.2, seed=0)
    params = mlp.init_params([2, 8, 8, 1], seed=0, bias=0.1)
    return mlp.train(params, X, y, lr=0.2, steps=100, momentum=0.9, record_every=10)


def test_probability_grid_is_the_network_on_the_grid_within_bounds(trained):
    extent = (-1.0, 2.0, -0.5, 1.0)
    xs, ys, P = geometry.probability_grid(trained.final, extent, points=7)
    assert xs.shape == (7,) and ys.shape == (7,) and P.shape == (7, 7)
    assert (xs[0], xs[-1], ys[0], ys[-1]) == extent
    i, j = 2, 5
    assert P[i, j] == pytest.approx(mlp.predict_proba(trained.final, [[xs[j], ys[i]]])[0],
                                    rel=1e-12)
    assert np.all((P >= 0) & (P <= 1))
    with pytest.raises(ValueError, match="points"):
        geometry.probability_grid(trained.final, extent, points=1)


def test_probability_grid_of_an_overflowing_network_has_no_nan():
    # finite weights whose products overflow: two hidden units at +inf, output inf - inf
    params = [(np.full((2, 2), 1e308), np.zeros(2)), (np.array([[1.0], [-1.0]]), np.zeros(1))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, _, P = geometry.probability_grid(params, (0, 1, 0, 1), points=5)
    assert np.isfinite(P).all()


def test_probability_grid_refuses_weights_that_are_not_finite():
    with pytest.raises(ValueError, match="params"):
        geometry.probability_grid([(np.full((2, 1), np.inf), np.array([-np.inf]))],
                                  (0, 1, 0, 1), points=5)


def test_boundary_lines_lie_where_the_probability_is_one_half(trained):
    extent = geometry.data_extent(np.array([[-1, -1], [2, 1.5]]))
    xs, ys, P = geometry.probability_grid(trained.final, extent, 80)
    pieces = geometry.boundary_lines(xs, ys, P)
    assert pieces and all(p.ndim == 2 and p.shape[1] == 2 for p in pieces)
    p_on_line = mlp.predict_proba(trained.final, np.vstack(pieces))
    assert np.abs(p_on_line - 0.5).max() < 0.05  # linear interpolation on an 80 x 80 grid


def test_boundary_lines_are_empty_without_a_crossing():
    assert geometry.boundary_lines(np.arange(3.0), np.arange(3.0), np.full((3, 3), 0.8)) == []


# ---------------------------------------------------------------- steps, snapshots, ticks


def test_snapshot_index_is_the_last_snapshot_at_or_before_the_step():
    steps = [0, 10, 20, 35]
    assert [geometry.snapshot_index(steps, s) for s in (0, 9, 10, 34, 35, 1000)] == [
        0, 0, 1, 2, 3, 3]
    assert geometry.snapshot_index(steps) == 3
    assert geometry.snapshot_index(steps, -5) == 0


def test_log_ticks_are_round_numbers_within_the_range():
    assert geometry.log_ticks(0.15, 12) == [0.2, 0.3, 0.5, 1, 2, 3, 5, 10]
    assert geometry.log_ticks(1, 100, mantissas=(1,)) == [1, 10, 100]


def test_epoch_axis_places_every_update_on_epochs():
    X, y, _ = data.make_linear_regression(50, seed=0)
    from helpers.solvers import minibatch_sgd

    run = minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X, y, lr=0.05, batch_size=20, epochs=2)
    epochs = geometry.epoch_axis(run)
    assert len(epochs) == len(run.path) and run.updates_per_epoch == 3
    np.testing.assert_allclose(epochs[[0, 3, 6]], [0, 1, 2])


def test_running_max_and_jumps_as_gaps():
    np.testing.assert_array_equal(geometry.running_max([3, 1, 2, 0, 0], 2), [3, 3, 2, 2, 0])
    gapped = geometry.jumps_as_gaps([-1.0, -1.0, 1.0, 1.0])
    assert np.isnan(gapped[2]) and not np.isnan(gapped[[0, 1, 3]]).any()


def test_descent_arrows_are_unit_vectors_against_the_gradient():
    X, Y, U = geometry.descent_arrows(himmelblau, 5)
    assert X.shape == Y.shape == (5, 5) and U.shape == (5, 5, 2)
    np.testing.assert_allclose(np.linalg.norm(U, axis=-1), 1.0)
    G = himmelblau.grad(np.stack([X, Y], axis=-1))
    assert np.all(np.sum(U * G, axis=-1) < 0)


def test_curve_range_over_a_wider_view():
    low, high = geometry.curve_range(quartic, padding=0.0, points=50, over=(-4.0, 3.0))
    assert low <= quartic.f(np.array(-2.0)) and high == pytest.approx(
        max(quartic.f(np.array(-4.0)), quartic.f(np.array(3.0))))


def test_loss_contours_pack_into_rectangular_finite_rows_on_their_levels():
    """What the batch-size explorer draws: every contour piece of a regression's loss as one row
    of one bqplot Lines mark, each point on its level."""
    X, y, _ = data.make_linear_regression(50, seed=0)
    w0 = np.linspace(-3, 3, 60)
    W0, W1 = np.meshgrid(w0, w0 + 2)
    L = data.linear_mse(np.stack([W0, W1], axis=-1), X, y)
    segments = geometry.contour_segments(W0, W1, L, [1.0, 3.0, 10.0])
    xs, ys = geometry.pack_lines([piece for _, pieces in segments for piece in pieces])
    piece_levels = np.array([level for level, pieces in segments for _ in pieces])
    assert xs.shape == ys.shape and xs.ndim == 2 and len(piece_levels) == len(xs) > 0
    assert np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))
    values = data.linear_mse(np.stack([xs, ys], axis=-1), X, y)
    assert np.allclose(values, piece_levels[:, None], rtol=0.02)


# ---------------------------------------------------------------- bad arguments

NAN = float("nan")
STRANGERS = ("a", None, True)  # the wrong type for any number: a TypeError
LINE = np.array([[0.0, 0.0], [1.0, 1.0]])
PATH = np.array([[0.0, 0.0], [5.0, 5.0]])
EXTENT = (0.0, 1.0, 0.0, 1.0)
P = np.linspace(0, 1, 9).reshape(3, 3)
BAD_EXTENTS = STRANGERS + (NAN, -1, (0.0, 1.0, 0.0), (0.0, NAN, 0.0, 1.0), (1.0, 0.0, 0.0, 1.0),
                           (0.0, 1.0, 2.0, 2.0))
BAD_COUNTS = STRANGERS + (NAN, 2.5, -1, 0)


def network():
    return mlp.init_params([2, 3, 1], seed=0)


# (the call with the bad value in the argument's place, the argument's name, bad values)
REFUSALS = {
    "objective_grid n": (lambda v: geometry.objective_grid(trap, v), "n", BAD_COUNTS + (1,)),
    "curve_range padding": (lambda v: geometry.curve_range(quartic, padding=v), "padding",
                            STRANGERS + (NAN, -0.1)),
    "curve_range points": (lambda v: geometry.curve_range(quartic, points=v), "points",
                           BAD_COUNTS + (1,)),
    "curve_range over": (lambda v: geometry.curve_range(quartic, over=v), "over",
                         ("a", True, NAN, (0.0,), (1.0, -1.0), (0.0, NAN))),
    "data_extent margin": (lambda v: geometry.data_extent(LINE, margin=v), "margin",
                           STRANGERS + (NAN, -1)),
    "view_extent pad": (lambda v: geometry.view_extent(*data.make_linear_regression(20)[:2],
                                                       pad=v), "pad", STRANGERS + (NAN, -1)),
    "loss_grid extent": (lambda v: geometry.loss_grid(*data.make_linear_regression(20)[:2], v),
                         "extent", BAD_EXTENTS),
    "probability_grid extent": (lambda v: geometry.probability_grid(network(), v), "extent",
                                BAD_EXTENTS),
    "probability_grid points": (lambda v: geometry.probability_grid(network(), EXTENT, v),
                                "points", BAD_COUNTS + (1,)),
    "contour_levels count": (lambda v: geometry.contour_levels(trap, v), "count", BAD_COUNTS),
    "loss_levels count": (lambda v: geometry.loss_levels(P, v), "count", BAD_COUNTS),
    "boundary_lines level": (lambda v: geometry.boundary_lines(np.arange(3.0), np.arange(3.0),
                                                               P, v), "level",
                             STRANGERS + (NAN, -1, 1.5)),
    "resample count": (lambda v: geometry.resample(LINE, v), "count", BAD_COUNTS + (1,)),
    "pack_lines points": (lambda v: geometry.pack_lines([LINE], points=v), "points",
                          ("a", True, NAN, 2.5, -1, 0, 1)),
    "inside extent": (lambda v: geometry.inside(LINE, v), "extent", BAD_EXTENTS),
    "clip_to_extent extent": (lambda v: geometry.clip_to_extent(PATH, v), "extent", BAD_EXTENTS),
    "clip_to_extent margin": (lambda v: geometry.clip_to_extent(PATH, EXTENT, v), "margin",
                              STRANGERS + (NAN, -1)),
    "clip_to_view margin": (lambda v: geometry.clip_to_view(trap, PATH, v), "margin",
                            STRANGERS + (NAN, -1)),
    "widened_range domain": (lambda v: geometry.widened_range(v, [[0.5]]), "domain",
                             STRANGERS + (NAN, (1.0, 0.0))),
    "widened_range pad": (lambda v: geometry.widened_range((0, 1), [[0.5]], pad=v), "pad",
                          STRANGERS + (NAN, -1)),
    "widened_range most": (lambda v: geometry.widened_range((0, 1), [[0.5]], most=v), "most",
                           STRANGERS + (NAN, -1)),
    "pin_to_view extent": (lambda v: geometry.pin_to_view(PATH, v, (0.5, 0.5)), "extent",
                           BAD_EXTENTS),
    "pin_to_view inset": (lambda v: geometry.pin_to_view(PATH, EXTENT, (0.5, 0.5), v), "inset",
                          STRANGERS + (NAN, -0.1, 0.5)),
    "pin_to_view centre": (lambda v: geometry.pin_to_view(PATH, EXTENT, v), "centre",
                           STRANGERS + (NAN, (0.5,), (0.5, NAN))),
    "same_as_earlier rtol": (lambda v: geometry.same_as_earlier([LINE], rtol=v), "rtol",
                             STRANGERS + (NAN, -1)),
    "same_as_earlier atol": (lambda v: geometry.same_as_earlier([LINE], atol=v), "atol",
                             STRANGERS + (NAN, -1)),
    "running_max window": (lambda v: geometry.running_max([1.0, 2.0], v), "window", BAD_COUNTS),
    "jumps_as_gaps jump": (lambda v: geometry.jumps_as_gaps([1.0, 2.0], v), "jump",
                           STRANGERS + (NAN, -1, 0)),
    "descent_arrows count": (lambda v: geometry.descent_arrows(trap, v), "count", BAD_COUNTS),
    "snapshot_index step": (lambda v: geometry.snapshot_index([0, 10], v), "step",
                            ("a", True, NAN, 2.5)),
    "snapshot_index snapshot_steps": (lambda v: geometry.snapshot_index(v), "snapshot_steps",
                                      ("a", None, True, [], [[0, 1]])),
    "log_ticks low": (lambda v: geometry.log_ticks(v, 100), "low", STRANGERS + (NAN, -1, 0)),
    "log_ticks high": (lambda v: geometry.log_ticks(1, v), "high",
                       STRANGERS + (NAN, -1, 0, 0.5, 1)),
    "log_ticks mantissas": (lambda v: geometry.log_ticks(1, 100, v), "mantissas",
                            STRANGERS + (NAN, (), (0.5,), (10,), (1, NAN))),
    "is_log_tick value": (lambda v: geometry.is_log_tick(v), "value", STRANGERS + (NAN, -1, 0)),
}
INTEGERS = {"n", "points", "count", "window", "step"}


def expected_error(name: str, bad) -> type[Exception]:
    """A TypeError when the type is wrong (a string, None, a bool; a fraction for an integer),
    else a ValueError."""
    if isinstance(bad, (str, bool)) or bad is None:
        return TypeError
    if name in INTEGERS and isinstance(bad, float) and not float(bad).is_integer():
        return TypeError
    return ValueError


@pytest.mark.parametrize("case, bad", [(case, bad) for case, (_, _, bads) in REFUSALS.items()
                                       for bad in bads])
def test_every_public_function_names_the_argument_it_refuses(case, bad):
    call, name, _ = REFUSALS[case]
    with pytest.raises((ValueError, TypeError)) as refused:
        call(bad)
    assert str(refused.value).startswith(f"{name} must "), str(refused.value)
    assert refused.type is expected_error(name, bad), str(refused.value)


def test_the_defaults_and_the_edges_of_what_is_allowed_still_work():
    (low, high), (padded_low, padded_high) = (geometry.curve_range(quartic, padding=0),
                                              geometry.curve_range(quartic))
    assert padded_low < low < high < padded_high
    assert geometry.data_extent(LINE, margin=0) == (0.0, 1.0, 0.0, 1.0)
    assert len(geometry.contour_levels(trap, 1)) == 1
    assert geometry.pack_lines([LINE], points=None)[0].shape == (1, 2)
    assert geometry.snapshot_index(np.array([0, 10]), np.int64(10)) == 1
    assert geometry.log_ticks(np.float64(0.5), 2) == [0.5, 1, 2]
    assert geometry.pin_to_view(PATH, EXTENT, (0.5, 0.5), inset=0).max() == 1.0


def test_log_ticks_and_is_log_tick_follow_one_mantissa_rule():
    ticks = geometry.log_ticks(1e-3, 1e3)
    assert geometry.MANTISSAS == (1, 2, 3, 5) and len(ticks) == 6 * 4 + 1
    assert all(geometry.is_log_tick(t) for t in ticks)
    assert not any(geometry.is_log_tick(v) for v in (4, 0.7, 15, 6e5))
    assert geometry.is_log_tick(20, mantissas=(1, 2, 5)) and not geometry.is_log_tick(
        30, mantissas=(1, 2, 5))


def test_the_batching_plots_no_longer_alias_loss_levels_as_contour_levels():
    from helpers.plots import batching

    assert not hasattr(batching, "contour_levels")


@pytest.mark.parametrize("last", [1, 2, 7, 8, 9, 40, 67, 300, 1000, 2539, 3000])
def test_step_ticks_are_whole_evenly_spaced_and_few(last):
    ticks = geometry.step_ticks(last)
    gaps = set(np.diff(ticks))
    assert ticks[0] == 0 and ticks[-1] <= last < ticks[-1] + max(gaps) and len(ticks) <= 8
    assert len(gaps) == 1 and gaps.pop() in {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}
