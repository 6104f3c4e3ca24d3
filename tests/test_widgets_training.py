"""The training explorer, driven headlessly: both sliders to both ends (and between), the
drawn data and the label checked against a training run recomputed here from helpers.mlp."""

import html

import numpy as np
import pytest

from helpers import data, mlp
from helpers.geometry import boundary_lines, log_ticks, pack_lines, probability_grid, step_ticks
from helpers.plots.networks import BOUNDARY_LABEL
from helpers.widgets import TrainingExplorer
from helpers.widgets.training import summary_training

SMALL = {
    "min_width": 1,
    "max_width": 8,
    "width": 8,
    "steps": 100,
    "record_every": 5,
    "n": 120,
    "points": 30,
}


@pytest.fixture(scope="module")
def explorer():
    return TrainingExplorer(**SMALL)


def expected_result(explorer, width):
    """The run recomputed independently: same data, same initial weights, same training."""
    X, y = data.make_moons(SMALL["n"], noise=0.2, seed=0)
    assert np.array_equal(X, explorer.X) and np.array_equal(y, explorer.y)
    params = mlp.init_params([2, width, width, 1], seed=0, bias=0.1)
    return mlp.train(params, X, y, lr=0.2, steps=SMALL["steps"], momentum=0.9, record_every=5)


def label_text(explorer):
    return html.unescape(explorer.label.value).replace("<b>", "").replace("</b>", "")


def drawn(explorer):
    marks = [explorer.boundary, explorer.marker, explorer.step_line, explorer.loss_line]
    arrays = [np.asarray(getattr(m, axis), dtype=float) for m in marks for axis in ("x", "y")]
    return arrays + [np.asarray(explorer.heatmap.color, dtype=float)]


def check_drawing(explorer, width, step):
    expected = expected_result(explorer, width)
    run = explorer.run
    assert run.width == width and explorer.result is run.result
    assert np.allclose(run.result.losses, expected.losses, rtol=1e-12)
    index = int(np.searchsorted(expected.snapshot_steps, step, side="right") - 1)
    shown_step = int(expected.snapshot_steps[index])
    params = expected.snapshots[index]
    # left: the probabilities and the p = 1/2 line of that snapshot, on the explorer's grid
    xs, ys, P = probability_grid(params, explorer.extent, SMALL["points"])
    assert np.allclose(explorer.heatmap.x, xs) and np.allclose(explorer.heatmap.y, ys)
    assert np.allclose(explorer.heatmap.color, P, atol=1e-12)
    bx, by = pack_lines(boundary_lines(xs, ys, P))
    assert np.allclose(explorer.boundary.x, bx, atol=1e-9) and np.allclose(
        explorer.boundary.y, by, atol=1e-9
    )
    # right: the whole loss curve, the marker at the step shown
    assert np.allclose(explorer.loss_line.x, np.arange(len(expected.losses)))
    assert np.allclose(explorer.loss_line.y, expected.losses, rtol=1e-12)
    assert explorer.marker.x[0] == shown_step
    assert explorer.marker.y[0] == pytest.approx(expected.losses[shown_step], rel=1e-12)
    assert list(explorer.step_line.x) == [shown_step, shown_step]
    low, high = explorer.loss_scale.min, explorer.loss_scale.max
    assert low < expected.losses.min() and expected.losses.max() < high
    # the label: numbers and the training message
    text = label_text(explorer)
    for name, value in summary_training(run, index).items():
        assert f"{name} {value}" in text
    assert f"step {shown_step} of {SMALL['steps']}" in text
    assert f"{mlp.accuracy(params, explorer.X, explorer.y):.1%}" in text
    assert expected.message in text
    assert explorer.boundary_figure.title.startswith(f"After {shown_step} steps")
    for values in drawn(explorer):
        assert np.isfinite(values).all()


def test_the_default_view_is_the_end_of_training(explorer):
    assert set(explorer.controls) == {"step", "width"}
    assert explorer.controls["step"].value == SMALL["steps"]
    check_drawing(explorer, 8, SMALL["steps"])
    # a trained network separates the moons well, the untrained one does not
    assert explorer.run.accuracies[-1] > 0.9 > explorer.run.accuracies[0]


@pytest.mark.parametrize("end", ["min", "max"])
def test_step_slider_at_both_ends(explorer, end):
    slider = explorer.controls["step"]
    slider.value = getattr(slider, end)
    check_drawing(explorer, explorer.controls["width"].value, slider.value)


def test_step_slider_between_snapshots_shows_the_last_one_before(explorer):
    explorer.controls["step"].value = 23
    check_drawing(explorer, explorer.controls["width"].value, 23)
    assert explorer.marker.x[0] == 20


@pytest.mark.parametrize("end", ["min", "max"])
def test_width_slider_at_both_ends(explorer, end):
    slider = explorer.controls["width"]
    width = getattr(slider, end)
    with explorer.hold_updates():
        slider.value = width
        explorer.controls["step"].value = 10
    check_drawing(explorer, width, 10)
    explorer.controls["step"].value = SMALL["steps"]
    check_drawing(explorer, width, SMALL["steps"])


def test_narrow_networks_cannot_bend_the_boundary_enough(explorer):
    explorer.controls["width"].value = 1
    narrow = explorer.run.accuracies[-1]
    explorer.controls["width"].value = 8
    assert explorer.run.accuracies[-1] > narrow + 0.05


def test_the_figures_say_the_boundary_shape_the_wrong_points_and_the_loss(explorer):
    from helpers.widgets.training import boundary_words

    explorer.controls["width"].value = 1  # one unit: the boundary is straight
    explorer.controls["step"].value = explorer.controls["step"].max
    run, index = explorer.run, -1
    wrong = int(round((1 - run.accuracies[index]) * len(explorer.y)))
    boundary, curve = explorer.access.descriptions
    assert "is one straight line" in boundary
    assert f"{wrong} of {len(explorer.y)} training points lie on its wrong side" in boundary
    assert int(run.wrong[index].sum()) == wrong
    assert f"the marker is at step {explorer.controls['step'].value}" in curve
    explorer.controls["width"].value = 8
    assert "line with bends" in explorer.access.descriptions[0]
    square = (0.0, 1.0, 0.0, 1.0)
    assert boundary_words((np.zeros((0, 2)), np.zeros((0, 2))), square).startswith(
        "does not cross the map")
    bent = (np.array([[0.0, 0.5, 1.0]]), np.array([[0.0, 0.5, 0.0]]))
    two = (np.array([[0.0, 1.0], [0.0, 1.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]))
    assert boundary_words(bent, square) == "is one line with bends"
    assert boundary_words(two, square) == "has 2 pieces, 2 of them straight"


def test_every_width_is_trained_once_when_the_explorer_is_made(explorer):
    assert sorted(explorer.runs) == list(range(1, 9))
    explorer.controls["width"].value = 4
    run = explorer.run
    assert run is explorer.runs[4]
    explorer.controls["width"].value = 8
    explorer.controls["width"].value = 4
    assert explorer.run is run


def test_both_sliders_only_swap_precomputed_data(explorer, monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("a slider must not train")

    def no_forward(*args, **kwargs):
        raise AssertionError("a slider must not run the network")

    monkeypatch.setattr(mlp, "train", no_training)
    monkeypatch.setattr(mlp, "forward", no_forward)
    for width in range(1, 9):
        explorer.controls["width"].value = width
        for value in (0, 5, 30, SMALL["steps"]):
            explorer.controls["step"].value = value
    assert explorer.marker.x[0] == SMALL["steps"] and explorer.run.width == 8


def test_a_diverging_run_is_a_message_and_draws_no_nan(monkeypatch):
    # Cross-entropy's gradient is bounded, so the explorer's own runs hardly ever blow up; the
    # squared error with a huge learning rate does, and the explorer must still draw it.
    original = mlp.train
    monkeypatch.setattr(mlp, "train", lambda *args, **kwargs: original(*args, loss="mse", **kwargs))
    explorer = TrainingExplorer(
        min_width=8,
        max_width=8,
        width=8,
        steps=100,
        record_every=10,
        n=60,
        points=20,
        lr=100.0,
        momentum=0.9,
    )
    result = explorer.result
    assert result.diverged
    assert result.message in label_text(explorer) and result.message.startswith("Diverged")
    for end in ("min", "max"):
        slider = explorer.controls["step"]
        slider.value = getattr(slider, end)
        for values in drawn(explorer):
            assert np.isfinite(values).all()
        assert explorer.loss_scale.min <= explorer.marker.y[0] <= explorer.loss_scale.max
    # past the end of a diverged run its last snapshot stays on show, its loss at the top
    assert explorer.marker.x[0] == result.snapshot_steps[-1]
    assert not np.isfinite(result.losses[-1])
    assert explorer.marker.y[0] == explorer.loss_scale.max


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"width": 17}, ValueError, "width must be an integer from 1 to 16, got 17"),
        ({"width": 2.0}, TypeError, "width must be an integer"),
        ({"min_width": 0}, ValueError, "min_width must be an integer from 1 to 16, got 0"),
        (
            {"min_width": 5, "max_width": 4, "width": 4},
            ValueError,
            "min_width must be an integer from 1 to 4, got 5",
        ),
        ({"steps": 0}, ValueError, "steps must be an integer from 1 to 5000"),
        (
            {"steps": 50, "record_every": 7},
            ValueError,
            "record_every must be an integer that divides",
        ),
        ({"record_every": 0}, ValueError, "record_every"),
        ({"depth": -1}, ValueError, "depth must be an integer from 1 to 4"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, match):
    with pytest.raises(error, match=match):
        TrainingExplorer(**kwargs)


def test_the_loss_axis_has_a_few_round_ticks(explorer):
    assert log_ticks(0.025, 0.9) == [0.03, 0.05, 0.1, 0.2, 0.3, 0.5]
    low, high = explorer.loss_scale.min, explorer.loss_scale.max
    assert list(explorer.loss_axis.tick_values) == log_ticks(low, high)


def test_every_move_of_the_step_slider_shows_another_snapshot(explorer):
    """The slider steps by the snapshot interval, so no move lands between two snapshots and
    leaves the picture as it was."""
    slider = explorer.controls["step"]
    assert slider.step == SMALL["record_every"]
    positions = list(range(slider.min, slider.max + 1, slider.step))
    assert positions == list(explorer.run.steps)
    seen = []
    for value in positions:
        slider.value = value
        seen.append((explorer.marker.x[0], explorer.label.value, explorer.heatmap.color.copy()))
    for (step_a, label_a, colour_a), (step_b, label_b, colour_b) in zip(
        seen[:-1], seen[1:], strict=True
    ):
        assert step_b == step_a + SMALL["record_every"]
        assert label_a != label_b and not np.array_equal(colour_a, colour_b)


def test_the_loss_axis_is_the_same_for_every_width(explorer):
    """One loss axis for all widths, so a narrow network's higher loss is drawn higher."""
    view = (explorer.loss_scale.min, explorer.loss_scale.max)
    ticks = list(explorer.loss_axis.tick_values)
    every_loss = np.concatenate([run.result.losses for run in explorer.runs.values()])
    assert view[0] < every_loss.min() and every_loss.max() < view[1]
    for width in range(SMALL["min_width"], SMALL["max_width"] + 1):
        explorer.controls["width"].value = width
        assert (explorer.loss_scale.min, explorer.loss_scale.max) == view
        assert list(explorer.loss_axis.tick_values) == ticks
    assert "log scale" in explorer.loss_axis.label


def test_the_step_axis_ticks_at_a_few_whole_steps(explorer):
    ticks = list(explorer.step_axis.tick_values)
    assert (explorer.step_scale.min, explorer.step_scale.max) == (0, SMALL["steps"])
    assert ticks == step_ticks(SMALL["steps"]) and 3 <= len(ticks) <= 8
    assert all(float(t).is_integer() for t in ticks)


def test_legends_sit_under_the_figures_and_name_everything_drawn(explorer):
    explorer.controls["step"].value = SMALL["steps"]
    for fig in explorer.figures:
        assert not any(mark.display_legend for mark in fig.marks)  # nothing inside the axes
    below = {fig: html.unescape(fig.legend_box.value) for fig in explorer.figures}
    for name in ("class 0", "class 1", BOUNDARY_LABEL):
        assert name in below[explorer.boundary_figure]
    for name in ("loss on the training data", "the step on show"):
        assert name in below[explorer.loss_figure]
    # short titles: they fit over half of a 1000 px notebook
    assert all(len(fig.title) <= 24 for fig in explorer.figures)
