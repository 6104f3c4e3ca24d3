"""The batch-size explorer, driven headlessly: every x-axis with both sliders at both ends, the
click-to-start, the fixed axes, the stability limits and what the label says, with the drawn
data checked against runs of minibatch_sgd (the general solver, not the explorer's fast one)."""

import html
import math
import re

import ipywidgets as widgets
import numpy as np
import pytest

from helpers import data, solvers
from helpers.solvers import LECTURE_04_COST, minibatch_sgd, stability_limit
from helpers.widgets import BatchSizeExplorer
from helpers.widgets.batch_size import AXES, EPOCH_DOTS_UP_TO, message_batch


@pytest.fixture(scope="module")
def explorer():
    return BatchSizeExplorer()


@pytest.fixture(autouse=True)
def back_to_the_start(explorer):
    yield
    with explorer.hold_updates():
        explorer.reset()


def end_value(slider, end):
    """The value at one end of a slider's range (a log slider's min and max are exponents)."""
    if isinstance(slider, widgets.FloatLogSlider):
        return slider.base ** getattr(slider, end)
    return getattr(slider, end)


def set_controls(explorer, **values):
    with explorer.hold_updates():
        for name, value in values.items():
            explorer.controls[name].value = value


def label_text(explorer) -> str:
    return re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", html.unescape(explorer.label.value)))


def reference_run(explorer, batch_size, lr, updates):
    """``updates`` updates of minibatch_sgd with the explorer's data, start and seed."""
    per_epoch = math.ceil(explorer.n / batch_size)
    run = minibatch_sgd(data.linear_mse_grad, explorer.start_point, explorer.X, explorer.y,
                        lr=lr, batch_size=batch_size, epochs=math.ceil(updates / per_epoch),
                        seed=explorer.seed)
    return run.weights[: updates + 1]


def check_drawing(explorer):
    """What is drawn is the run minibatch_sgd makes with the budget, on the fixed axes."""
    batch_size, lr, axis = explorer.batch_size, explorer.controls["lr"].value, explorer.axis
    result = explorer.result
    allowed = explorer.updates_allowed(batch_size)
    weights = reference_run(explorer, batch_size, lr, allowed)
    assert np.allclose(result.weights, weights[: len(result.weights)], rtol=1e-9, atol=1e-9)
    assert result.diverged == (len(result.weights) < allowed + 1)
    budget = explorer.budgets[axis]
    assert (explorer.x_scale.min, explorer.x_scale.max) == (0.0, budget)
    assert (explorer.loss_scale.min, explorer.loss_scale.max) == (
        explorer.loss_low, explorer.loss_top)
    xs = np.asarray(explorer.loss_line.x)
    ys = np.asarray(explorer.loss_line.y)
    assert np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))
    assert xs[0] == 0 and xs[-1] <= budget * (1 + 1e-9)
    assert ys.max() <= explorer.loss_top * (1 + 1e-9)
    cut = len(xs) if len(explorer.loss_edge.x) == 0 else len(xs) - 1
    assert np.allclose(ys[:cut], result.losses[:cut], rtol=1e-9)
    for line in (explorer.path, explorer.full_path):
        low0, high0, low1, high1 = explorer.extent
        px, py = np.asarray(line.x), np.asarray(line.y)
        assert np.all(np.isfinite(px)) and np.all(np.isfinite(py))
    if not result.diverged and len(explorer.loss_edge.x) == 0:
        # the run used its budget: one more update would not fit
        if axis == "epochs":
            assert xs[-1] == budget
        elif axis == "updates":
            assert xs[-1] == budget
        else:
            next_cost = 1e3 * LECTURE_04_COST.seconds(batch_size)
            assert budget - next_cost < xs[-1] <= budget
    label = label_text(explorer)
    assert f"batch size {batch_size}" in label
    assert f"ceil({explorer.n} / {batch_size}) = {math.ceil(explorer.n / batch_size)}" in label
    assert f"η = {explorer.limit:.3g} at B = {batch_size}" in label


@pytest.mark.parametrize("axis", AXES)
def test_every_axis_draws_the_run_its_budget_buys(explorer, axis):
    set_controls(explorer, x_axis=axis)
    check_drawing(explorer)
    labels = {"epochs": "epochs (passes over the data)", "updates": "updates",
              "compute time": "compute time, ms (modelled)"}
    assert explorer.loss_figure.axes[0].label == labels[axis]
    ticks = explorer.loss_figure.axes[0].tick_values
    assert ticks[0] == 0 and ticks[-1] <= explorer.budgets[axis] and len(ticks) <= 7
    if axis != "compute time":
        assert all(float(t).is_integer() for t in ticks)
    # Every tick reads differently (the page's d3-format has no "~" to trim zeros).
    fmt = explorer.loss_figure.axes[0].tick_format
    shown = {format(int(t) if fmt == "d" else t, fmt) for t in ticks}
    assert "~" not in fmt and len(shown) == len(ticks)


@pytest.mark.parametrize("axis", AXES)
@pytest.mark.parametrize("batch_end", ["min", "max"])
@pytest.mark.parametrize("lr_end", ["min", "max"])
def test_both_sliders_at_their_ends_on_every_axis(explorer, axis, batch_end, lr_end):
    sliders = explorer.controls
    set_controls(explorer, x_axis=axis, batch_size=end_value(sliders["batch_size"], batch_end),
                 lr=end_value(sliders["lr"], lr_end))
    check_drawing(explorer)


def test_a_slider_never_moves_the_axes(explorer):
    for axis in AXES:
        set_controls(explorer, x_axis=axis)
        ranges = (explorer.x_scale.min, explorer.x_scale.max, explorer.loss_scale.min,
                  explorer.loss_scale.max, explorer.w0_scale.min, explorer.w1_scale.max)
        for batch_size, lr in ((1, 0.316), (200, 0.316), (7, 0.001), (50, 0.1)):
            set_controls(explorer, batch_size=batch_size, lr=lr)
            assert ranges == (explorer.x_scale.min, explorer.x_scale.max, explorer.loss_scale.min,
                              explorer.loss_scale.max, explorer.w0_scale.min,
                              explorer.w1_scale.max)


def test_the_budgets_in_updates_and_time():
    explorer = BatchSizeExplorer(updates=60, milliseconds=1.0)
    set_controls(explorer, x_axis="updates")
    assert [explorer.updates_allowed(b) for b in (1, 10, 200)] == [60, 60, 60]
    set_controls(explorer, x_axis="compute time")
    # 1 ms at 13 µs per update plus 0.027 µs per row
    assert [explorer.updates_allowed(b) for b in (1, 10, 200)] == [76, 75, 54]
    set_controls(explorer, x_axis="epochs")
    assert [explorer.updates_allowed(b) for b in (1, 10, 200)] == [600, 60, 3]


def test_epoch_ends_are_marked_after_epoch_zero_and_only_when_few(explorer):
    set_controls(explorer, batch_size=10, lr=0.05, x_axis="epochs")
    assert np.allclose(explorer.epoch_dots.x, [1, 2, 3])
    assert np.allclose(explorer.epoch_dots.y, explorer.result.losses[[20, 40, 60]])
    set_controls(explorer, batch_size=150, x_axis="updates")  # 30 epochs of 2 updates
    assert len(explorer.epoch_dots.x) == EPOCH_DOTS_UP_TO
    set_controls(explorer, batch_size=199)  # still 30 epochs of 2 updates
    set_controls(explorer, batch_size=100, x_axis="compute time")
    assert len(explorer.epoch_dots.x) <= EPOCH_DOTS_UP_TO
    set_controls(explorer, batch_size=200)  # full batch: its run is the reference
    assert len(explorer.epoch_dots.x) == 0
    assert "end of each epoch" not in explorer.loss_figure.legend_box.value


def test_a_net_rise_in_loss_is_reported_for_both_runs(explorer):
    """At η = 0.251 full batch ends 3 epochs at 9.42 from 6.73 and B = 5 at 10.4: both rose."""
    set_controls(explorer, batch_size=5, lr=0.251, x_axis="epochs")
    label = label_text(explorer)
    assert not explorer.result.diverged and not explorer.reference.diverged
    assert explorer.result.losses[-1] > explorer.result.losses[0]
    assert "The loss of this batch size rose over the run, from 6.735 to" in label
    assert "η = 0.251 is above this batch size's stability limit 0.118" in label
    assert "The loss of full batch rose over the run, from 6.735 to 9.424" in label
    assert ("full batch's stability limit 0.236, so the error along the bowl's steepest "
            "direction grows") in label


def test_a_falling_run_gets_no_warning(explorer):
    set_controls(explorer, batch_size=20, lr=0.05)
    assert "rose" not in label_text(explorer)
    assert len(explorer.loss_edge.x) == 0 and len(explorer.edge.x) == 0


def test_sgd_wandering_near_the_minimum_is_called_noise_not_divergence(explorer):
    set_controls(explorer, batch_size=1, lr=0.05)
    explorer.start_at(*explorer.best)
    assert explorer.result.losses[-1] > explorer.result.losses[0]
    label = label_text(explorer)
    assert "below this batch size's stability limit 0.101 that is the noise" in label
    assert "not divergence" in label and "Diverged" not in label


def test_a_diverging_run_leaves_the_views_at_an_edge_marker_and_says_so(explorer):
    set_controls(explorer, batch_size=1, lr=end_value(explorer.controls["lr"], "max"))
    assert explorer.result.diverged
    label = label_text(explorer)
    assert "Diverged during epoch 1" in label
    assert "The loss of full batch rose over the run, from 6.735 to 84.81" in label
    for edge in (explorer.edge, explorer.loss_edge, explorer.full_edge, explorer.full_loss_edge):
        assert len(edge.x) == 1 and len(edge.text) == 1
    assert len(explorer.end.x) == 0  # no last-step marker: the edge marker shows where it went
    assert "the run leaves the view here" in explorer.loss_figure.legend_box.value


def test_stability_limits_for_each_batch_size():
    X, y, _ = data.make_linear_regression(200, seed=0)
    full = 2 / np.linalg.eigvalsh(2 / len(y) * X.T @ X).max()
    assert stability_limit(X, 200) == pytest.approx(full, rel=1e-12)
    assert stability_limit(X, 1) == pytest.approx(1 / np.max(np.sum(X**2, axis=1)), rel=1e-12)
    # B = 199 leaves one row for the last batch of every epoch: that row sets the limit.
    assert stability_limit(X, 199) < stability_limit(X, 100) < full


@pytest.mark.parametrize("batch_size", [1, 2, 5, 10, 37, 100, 199, 200])
def test_below_the_limit_every_update_shrinks_the_loss_of_its_own_batch(batch_size):
    """The meaning of the limit, swept over batch sizes: just below it no update raises its own
    batch's loss; just above it, some update of the same batches does."""
    X, y, _ = data.make_linear_regression(200, seed=0)
    limit = stability_limit(X, batch_size, epochs=3)
    updates = 3 * math.ceil(200 / batch_size)
    for lr, grows in ((0.999 * limit, False), (1.2 * limit, True)):
        run = solvers.linear_mse_sgd([-2.0, 4.5], X, y, lr=lr, batch_size=batch_size,
                                     updates=updates)
        order = np.random.default_rng(0).permuted(np.tile(np.arange(200), (3, 1)), axis=1)
        batches = [order[e, s:s + batch_size] for e in range(3) for s in range(0, 200, batch_size)]
        rises = [
            data.linear_mse(run.weights[k + 1], X[rows], y[rows])
            > data.linear_mse(run.weights[k], X[rows], y[rows]) * (1 + 1e-12)
            for k, rows in enumerate(batches[: run.steps])
        ]
        assert any(rises) == grows, (batch_size, lr)


def test_full_batch_descent_rises_from_its_limit_on():
    """For a full batch the limit is 2/L: at 1.01 times it the loss grows without end."""
    explorer = BatchSizeExplorer()
    set_controls(explorer, batch_size=200, x_axis="updates", lr=1.01 * explorer.full_limit)
    losses = explorer.result.losses
    assert losses[-1] > losses[0]
    set_controls(explorer, lr=0.99 * explorer.full_limit)
    assert explorer.result.losses[-1] < explorer.result.losses[0]


def test_message_batch_names_the_full_batch_when_the_run_is_it():
    explorer = BatchSizeExplorer(batch_size=200, lr=0.251)
    text = message_batch(explorer.result, 0.251, explorer.limit, explorer.result,
                         explorer.full_limit)
    assert text.startswith("The loss of full batch rose over the run")
    assert text.count("rose") == 1


def test_small_batches_make_more_updates_per_epoch(explorer):
    counts = []
    for batch_size in (1, 7, 50, 199, 200):
        explorer.controls["batch_size"].value = batch_size
        counts.append(explorer.result.updates_per_epoch)
    assert counts == [200, 29, 4, 2, 1]


def test_click_to_start(explorer):
    set_controls(explorer, batch_size=20, lr=0.1)
    explorer.start_at(0.5, 4.0)
    assert np.allclose(explorer.start_point, [0.5, 4.0])
    check_drawing(explorer)
    # What a click in the page does: the empty click-catcher receives the point.
    with explorer.clicks.hold_trait_notifications():
        explorer.clicks.x, explorer.clicks.y = np.array([-1.0]), np.array([2.5])
    assert np.allclose(explorer.start_point, [-1.0, 2.5])
    assert len(explorer.clicks.x) == 0
    check_drawing(explorer)
    assert "click the map to start there" in explorer.paths_figure.legend_box.value
    # A click outside the data's view is pinned to its edge.
    explorer.start_at(1e3, -1e3)
    _, high0, low1, _ = explorer.extent
    assert np.allclose(explorer.start_point, [high0, low1])


@pytest.mark.parametrize("end", ["min", "max"])
def test_the_start_sliders_move_both_runs_without_a_mouse(explorer, end):
    """The keyboard's way to what a click does: two sliders, each to both ends of the map."""
    low0, high0, low1, high1 = explorer.extent
    assert (explorer.controls["w0"].min, explorer.controls["w0"].max) == (low0, high0)
    assert (explorer.controls["w1"].min, explorer.controls["w1"].max) == (low1, high1)
    set_controls(explorer, w0=getattr(explorer.controls["w0"], end),
                 w1=getattr(explorer.controls["w1"], end))
    assert explorer.start_point == (explorer.controls["w0"].value,
                                    explorer.controls["w1"].value)
    assert np.array_equal(explorer.result.path[0], explorer.start_point)
    assert np.array_equal(explorer.reference.path[0], explorer.start_point)
    check_drawing(explorer)
    explorer.start_at(0.5, 4.0)  # a click sets the sliders
    assert (explorer.controls["w0"].value, explorer.controls["w1"].value) == (0.5, 4.0)


def test_the_figures_are_described_by_what_each_shows(explorer):
    set_controls(explorer, batch_size=10, lr=0.05)
    paths, losses = explorer.access.descriptions
    result, full = explorer.result, explorer.reference
    away = np.linalg.norm(result.final - explorer.best)
    assert f"The least-squares minimum is at (1.024, 1.958): this batch size ends at " \
           f"({result.final[0]:.4g}, {result.final[1]:.4g}), {away:.4g} from it" in paths
    assert "it visits intercept w0 from" in paths and "slope w1 from" in paths
    assert "full batch with the same learning rate ends at" in paths
    rises = int(np.sum(np.diff(result.losses) > 0))
    assert f"rising on {rises} updates" in losses and rises > 0
    assert f"full batch ends at {full.losses[-1]:.4g}" in losses
    set_controls(explorer, batch_size=explorer.n)  # full batch: one run, a loss that only falls
    paths, losses = explorer.access.descriptions
    assert "full batch with the same" not in paths and "falling at every one" in losses


def test_the_figures_are_built_once(explorer):
    marks = list(explorer.paths_figure.marks) + list(explorer.loss_figure.marks)
    contours = (np.array(explorer.contours.x).copy(), np.array(explorer.contours.y).copy())
    for axis in AXES:
        set_controls(explorer, x_axis=axis, batch_size=3, lr=0.02)
    assert list(explorer.paths_figure.marks) + list(explorer.loss_figure.marks) == marks
    assert np.array_equal(explorer.contours.x, contours[0])
    assert np.array_equal(explorer.contours.y, contours[1])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"x_axis": "seconds"}, "x_axis"),
        ({"updates": 0}, "updates"),
        ({"milliseconds": -1.0}, "milliseconds"),
        ({"milliseconds": 1e3}, "milliseconds"),
        ({"epochs": 0}, "epochs"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        BatchSizeExplorer(**kwargs)


def test_the_shuffle_slider_moves_small_batches_and_says_full_batch_ignores_it(explorer):
    set_controls(explorer, batch_size=1, x_axis="updates", seed=0)
    first, reference = explorer.result.losses[-1], explorer.reference.losses[-1]
    set_controls(explorer, seed=10)
    assert explorer.result.losses[-1] != first
    assert explorer.reference.losses[-1] == reference
    check_drawing(explorer)
    set_controls(explorer, batch_size=200)
    assert "shuffle 10 (no effect: a full batch holds every row)" in label_text(explorer)


def test_the_shuffle_argument_does_not_change_the_data():
    """A fresh explorer made with another shuffle has the same points (the browser tests compare
    a moved explorer with a fresh one made with the same control values)."""
    moved = BatchSizeExplorer()
    set_controls(moved, seed=17)
    fresh = BatchSizeExplorer(seed=17)
    assert np.array_equal(moved.X, fresh.X) and np.array_equal(moved.y, fresh.y)
    assert moved.label.value == fresh.label.value
