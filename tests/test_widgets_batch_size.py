"""The batch-size explorer, driven headlessly: both sliders to both ends, the click-to-start, and
the drawn data and label checked against what minibatch_sgd returns."""

import html
import math

import ipywidgets as widgets
import numpy as np
import pytest

from helpers import data
from helpers.solvers import minibatch_sgd
from helpers.widgets import BatchSizeExplorer
from helpers.widgets.batch_size import (
    LAST_STEP,
    LAST_STEP_OUTSIDE,
    batch_gradient,
    loss_axis_top,
    summary_batch,
)


@pytest.fixture(scope="module")
def explorer():
    return BatchSizeExplorer()


def end_value(slider, end):
    """The value at one end of a slider's range (a log slider's min and max are exponents)."""
    if isinstance(slider, widgets.FloatLogSlider):
        return slider.base ** getattr(slider, end)
    return getattr(slider, end)


def expected_runs(explorer, batch_size, lr):
    """The explorer's two runs recomputed independently, with the checked gradient of helpers.data
    and the loss function, so the message is the one the solver gives with the losses in hand."""
    common = {
        "lr": lr,
        "epochs": explorer.epochs,
        "seed": explorer.seed,
        "loss_fn": data.linear_mse,
    }
    mine = minibatch_sgd(
        data.linear_mse_grad,
        explorer.start_point,
        explorer.X,
        explorer.y,
        batch_size=batch_size,
        **common,
    )
    full = minibatch_sgd(
        data.linear_mse_grad,
        explorer.start_point,
        explorer.X,
        explorer.y,
        batch_size=explorer.n,
        **common,
    )
    return mine, full


def all_drawn(explorer):
    marks = [
        explorer.path,
        explorer.start,
        explorer.end,
        explorer.full_path,
        explorer.loss_line,
        explorer.epoch_dots,
        explorer.full_loss,
    ]
    return [np.asarray(getattr(m, axis), dtype=float) for m in marks for axis in ("x", "y")]


def check_drawing(explorer, batch_size, lr):
    mine, full = expected_runs(explorer, batch_size, lr)
    result = explorer.result
    assert len(result.weights) == len(mine.weights)
    assert np.allclose(result.weights, mine.weights, rtol=1e-9, atol=1e-9)
    assert np.allclose(explorer.reference.weights, full.weights, rtol=1e-9, atol=1e-9)
    assert result.diverged == mine.diverged
    # The path drawn is the run's iterates, those outside the view pulled back onto its edge.
    check_pinned(explorer, mine.weights, np.column_stack([explorer.path.x, explorer.path.y]))
    check_pinned(
        explorer, full.weights, np.column_stack([explorer.full_path.x, explorer.full_path.y])
    )
    assert np.allclose([explorer.start.x[0], explorer.start.y[0]], explorer.start_point)
    assert np.allclose(
        [explorer.end.x[0], explorer.end.y[0]], [explorer.path.x[-1], explorer.path.y[-1]]
    )
    low0, high0, low1, high1 = explorer.extent
    in_view = low0 <= mine.w[0] <= high0 and low1 <= mine.w[1] <= high1
    assert explorer.end.labels == [LAST_STEP if in_view else LAST_STEP_OUTSIDE]
    # The loss curve: one point per update on an epoch axis, all of it under the axis's top.
    losses = mine.losses
    assert np.allclose(explorer.loss_line.x, np.arange(len(losses)) / mine.updates_per_epoch)
    assert np.allclose(explorer.loss_line.y, losses, rtol=1e-9)
    assert np.allclose(explorer.full_loss.y, full.losses, rtol=1e-9)
    top = explorer.loss_scale.max
    assert top == loss_axis_top(explorer.loss_view_top, losses, full.losses)
    assert max(losses.max(), full.losses.max()) <= top and explorer.loss_scale.min < losses.min()
    per_epoch = mine.updates_per_epoch
    if not mine.diverged:
        assert np.allclose(explorer.epoch_dots.x, np.arange(explorer.epochs + 1))
        assert np.allclose(explorer.epoch_dots.y, explorer.loss_line.y[::per_epoch])
    for values in all_drawn(explorer):
        assert values.size > 0 and np.all(np.isfinite(values))
    # The label states the numbers and what the solver says, given the losses.
    label = html.unescape(explorer.label.value)
    for name, value in summary_batch(mine, explorer.n, batch_size, losses).items():
        assert f"{name} {value}" in label.replace("<b>", "").replace("</b>", "")
    assert mine.message in label
    assert f"ceil({explorer.n} / {batch_size}) = {math.ceil(explorer.n / batch_size)}" in label
    assert explorer.paths_figure.title.startswith(f"B = {batch_size}: {per_epoch} update")


def check_pinned(explorer, weights, drawn):
    """Drawn points are the iterates where those lie in the view; the others sit inside the view,
    on the straight line from the minimum through the iterate, no further out than it."""
    low0, high0, low1, high1 = explorer.extent
    assert np.all(
        (drawn[:, 0] >= low0)
        & (drawn[:, 0] <= high0)
        & (drawn[:, 1] >= low1)
        & (drawn[:, 1] <= high1)
    )
    inside = (
        (weights[:, 0] >= low0)
        & (weights[:, 0] <= high0)
        & (weights[:, 1] >= low1)
        & (weights[:, 1] <= high1)
    )
    assert np.array_equal(drawn[inside], weights[inside])
    away, shown = weights[~inside] - explorer.best, drawn[~inside] - explorer.best
    cross = away[:, 0] * shown[:, 1] - away[:, 1] * shown[:, 0]
    assert np.allclose(cross / np.linalg.norm(away, axis=1), 0.0, atol=1e-9)  # same line
    assert np.all(np.sum(away * shown, axis=1) > 0)  # same side of the minimum
    assert np.all(np.linalg.norm(shown, axis=1) <= np.linalg.norm(away, axis=1))


def test_the_default_view(explorer):
    assert set(explorer.sliders) == {"batch_size", "lr"}
    check_drawing(explorer, explorer.controls["batch_size"].value, explorer.controls["lr"].value)
    assert not explorer.result.diverged


@pytest.mark.parametrize("end", ["min", "max"])
@pytest.mark.parametrize("name", ["batch_size", "lr"])
def test_each_slider_at_each_end(explorer, name, end):
    sliders = explorer.controls
    with explorer.hold_updates():
        sliders["batch_size"].value = 10
        sliders["lr"].value = 0.05
    slider = sliders[name]
    slider.value = end_value(slider, end)
    assert slider.value == pytest.approx(end_value(slider, end))
    batch_size, lr = sliders["batch_size"].value, sliders["lr"].value
    check_drawing(explorer, batch_size, lr)
    if name == "batch_size":
        assert explorer.result.updates_per_epoch == (explorer.n if end == "min" else 1)


@pytest.mark.parametrize("batch_end", ["min", "max"])
@pytest.mark.parametrize("lr_end", ["min", "max"])
def test_both_sliders_at_their_ends_together(explorer, batch_end, lr_end):
    sliders = explorer.controls
    with explorer.hold_updates():
        sliders["batch_size"].value = end_value(sliders["batch_size"], batch_end)
        sliders["lr"].value = end_value(sliders["lr"], lr_end)
    check_drawing(explorer, sliders["batch_size"].value, sliders["lr"].value)


def test_the_largest_learning_rate_with_batch_size_one_diverges_readably(explorer):
    with explorer.hold_updates():
        explorer.controls["batch_size"].value = 1
        explorer.controls["lr"].value = end_value(explorer.controls["lr"], "max")
    assert explorer.result.diverged
    assert "Diverged" in explorer.label.value
    assert np.all(np.asarray(explorer.loss_line.y) <= explorer.loss_scale.max)
    assert np.all(np.isfinite(np.asarray(explorer.path.x)))


@pytest.mark.parametrize("batch_size", [23, 50, 100, 199, 200])
def test_a_run_that_finishes_with_a_growing_loss_says_it_diverges(explorer, batch_size):
    """Big batches make few updates: at the largest learning rate they finish their epochs with
    finite weights, yet the loss multiplies. The label must not just say "Finished"."""
    with explorer.hold_updates():
        explorer.controls["batch_size"].value = batch_size
        explorer.controls["lr"].value = end_value(explorer.controls["lr"], "max")
    assert not explorer.result.diverged
    label = html.unescape(explorer.label.value)
    assert "Loss growing, diverging" in label and "learning rate 0.316228 is too large" in label
    assert label.index("Loss growing") < label.index("Finished")
    # The loss axis grows to show the whole climb (full batch: 6.73, 12.8, 31.3, 84.8).
    assert explorer.loss_scale.max > explorer.loss_view_top
    assert max(explorer.loss_line.y) <= explorer.loss_scale.max <= 10 * max(explorer.loss_line.y)
    assert explorer.end.labels == [LAST_STEP_OUTSIDE]


def test_at_the_largest_learning_rate_every_batch_size_is_called_diverging(explorer):
    """The notebook's try-it item 3: B <= 22 run past the bound within 3 epochs; bigger batches
    finish their epochs, and the label says their loss is growing."""
    explorer.controls["lr"].value = end_value(explorer.controls["lr"], "max")
    verdicts = []
    for batch_size in range(1, explorer.n + 1):
        explorer.controls["batch_size"].value = batch_size
        label = explorer.label.value
        assert ("Diverged" in label) != ("Loss growing, diverging" in label)
        verdicts.append(explorer.result.diverged)
    assert verdicts == [True] * 22 + [False] * (explorer.n - 22)


def test_a_converging_run_has_no_warning_and_the_view_does_not_grow(explorer):
    with explorer.hold_updates():
        explorer.controls["batch_size"].value = 20
        explorer.controls["lr"].value = 0.05
    assert "Loss growing" not in explorer.label.value
    assert explorer.loss_scale.max == explorer.loss_view_top
    assert explorer.end.labels == [LAST_STEP]


def test_sgd_wandering_away_from_the_minimum_is_not_called_diverging(explorer):
    """Started at the minimum, SGD's loss ends higher than it started (noise), without diverging."""
    with explorer.hold_updates():
        explorer.controls["batch_size"].value = 1
        explorer.controls["lr"].value = 0.05
    explorer.start_at(*explorer.best)
    losses = np.asarray(explorer.loss_line.y)
    assert losses[-1] > losses[0]
    assert "diverging" not in explorer.label.value
    explorer.start_at(-2.0, 4.5)


def test_diverging_runs_end_where_they_left_the_view_not_in_one_corner(explorer):
    ends = {}
    for batch_size in (1, 20):
        with explorer.hold_updates():
            explorer.controls["batch_size"].value = batch_size
            explorer.controls["lr"].value = end_value(explorer.controls["lr"], "max")
        assert explorer.result.diverged
        ends[batch_size] = np.array([explorer.end.x[0], explorer.end.y[0]])
    low0, high0, low1, high1 = explorer.extent
    for end in ends.values():  # on the view's edge, visible
        assert low0 <= end[0] <= high0 and low1 <= end[1] <= high1
        margin = min(end[0] - low0, high0 - end[0], end[1] - low1, high1 - end[1])
        assert margin <= 0.021 * max(high0 - low0, high1 - low1)
    assert np.linalg.norm(ends[1] - ends[20]) > 0.1


def test_loss_axis_top():
    assert loss_axis_top(43.3, np.array([6.7, 2.0]), np.array([1.0])) == 43.3
    assert loss_axis_top(43.3, np.array([6.7, 84.8]), np.array([50.0])) == 100.0
    assert loss_axis_top(43.3, np.array([6.7]), np.array([1.2e11])) == 1e12


def test_small_batches_make_more_updates_per_epoch(explorer):
    counts = []
    for batch_size in (1, 7, 50, 199, 200):
        explorer.controls["batch_size"].value = batch_size
        counts.append(explorer.result.updates_per_epoch)
    assert counts == [200, 29, 4, 2, 1]


def test_click_to_start(explorer):
    with explorer.hold_updates():
        explorer.controls["batch_size"].value = 20
        explorer.controls["lr"].value = 0.1
    explorer.start_at(0.5, 4.0)
    assert np.allclose(explorer.start_point, [0.5, 4.0])
    check_drawing(explorer, 20, 0.1)
    # What a click in the page does: the empty click-catcher receives the point.
    with explorer.clicks.hold_trait_notifications():
        explorer.clicks.x, explorer.clicks.y = np.array([-1.0]), np.array([2.5])
    assert np.allclose(explorer.start_point, [-1.0, 2.5])
    assert len(explorer.clicks.x) == 0
    check_drawing(explorer, 20, 0.1)
    # A click outside the data's view is pinned to its edge.
    explorer.start_at(1e3, -1e3)
    _, high0, low1, _ = explorer.extent
    assert np.allclose(explorer.start_point, [high0, low1])


def test_the_figure_is_built_once(explorer):
    marks = list(explorer.paths_figure.marks) + list(explorer.loss_figure.marks)
    contours = (np.array(explorer.contours.x).copy(), np.array(explorer.contours.y).copy())
    explorer.controls["batch_size"].value = 3
    explorer.controls["lr"].value = 0.02
    assert list(explorer.paths_figure.marks) + list(explorer.loss_figure.marks) == marks
    assert np.array_equal(explorer.contours.x, contours[0]) and np.array_equal(
        explorer.contours.y, contours[1]
    )


def test_the_fast_gradient_is_the_checked_one():
    X, y, _ = data.make_linear_regression(30, seed=2)
    rng = np.random.default_rng(0)
    for m in (1, 5, 30):
        rows = rng.choice(30, m, replace=False)
        w = rng.normal(size=2)
        assert np.allclose(
            batch_gradient(w, X[rows], y[rows]),
            data.linear_mse_grad(w, X[rows], y[rows]),
            rtol=1e-13,
            atol=1e-13,
        )
