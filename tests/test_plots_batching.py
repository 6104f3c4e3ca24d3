"""Lecture 04's static figures: what a student reads off them (tick labels, which line is which,
the notation) is what the lecture says."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import data, plots, solvers
from refusals import assert_refused_before_drawing


@pytest.fixture(scope="module")
def regression():
    X, y, _ = data.make_linear_regression(200, seed=0)
    return X, y


def run(X, y, **kwargs):
    return solvers.minibatch_sgd(data.linear_mse_grad, [-2.0, 4.5], X, y, lr=0.05, epochs=2,
                                 seed=0, **kwargs)


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def shown_tick_labels(ax, fig):
    """The y tick labels drawn inside the axis's range, major and minor."""
    fig.canvas.draw()
    low, high = ax.get_ylim()
    ticks = ax.yaxis.get_major_ticks() + ax.yaxis.get_minor_ticks()
    return {t.label1.get_text() for t in ticks
            if low <= t.get_loc() <= high and t.label1.get_text()}


def test_loss_axes_are_labelled_below_one_too(regression):
    X, y = regression
    runs = {"B = 1": run(X, y, batch_size=1), "B = 200": run(X, y, batch_size=200)}
    fig = plots.plot_batch_paths(X, y, runs)
    for ax in fig.axes[1:]:
        labels = shown_tick_labels(ax, fig)
        assert {"0.3", "0.5", "1", "2", "3", "5"} <= labels
        assert not any("10^" in label or "e" in label for label in labels)
    plt.close(fig)


def test_a_run_on_the_path_of_an_earlier_one_is_drawn_dashed_on_top(regression):
    X, y = regression
    runs = {"B = 10": run(X, y, batch_size=10), "B = 40": run(X, y, batch_size=40),
            "K = 4": run(X, y, batch_size=10, accumulate=4)}
    fig = plots.plot_batch_paths(X, y, runs)
    paths, per_update, per_epoch = fig.axes
    for ax in (paths, per_update):
        lines = {line.get_label().split(":")[0]: line for line in ax.get_lines()}
        assert lines["K = 4"].get_linestyle() == "--"
        assert lines["B = 40"].get_linestyle() == "-" and lines["B = 10"].get_linestyle() == "-"
        assert lines["K = 4"].get_zorder() > lines["B = 40"].get_zorder()
        assert np.allclose(lines["K = 4"].get_xydata(), lines["B = 40"].get_xydata())
    dashed = sum(line.get_linestyle() == "--" for line in per_epoch.get_lines())
    assert dashed == 2 + 1  # K = 4 twice, the floor
    plt.close(fig)


def test_the_update_axis_says_how_it_is_scaled(regression):
    X, y = regression
    fig = plots.plot_loss_curves(X, y, {"B = 20": run(X, y, batch_size=20)})
    assert fig.axes[0].get_xlabel() == "update number (evenly spaced up to 10, log scale beyond)"
    assert "faint: every update" in fig.axes[1].get_title()
    plt.close(fig)


def test_the_pipeline_writes_the_learning_rate_as_eta():
    fig = plots.plot_pipeline()
    update = next(t for t in texts(fig) if t.startswith("update"))
    assert "\\eta" in update and "lr" not in update
    assert any("learning rate $\\eta$" in t for t in texts(fig))
    plt.close(fig)


def test_the_shapes_figure_says_rows_count_from_zero():
    fig = plots.plot_matrix_shapes(n=8, d=3, row=2)
    label = next(t for t in texts(fig) if t.startswith("example 2"))
    assert "counted from 0" in label
    plt.close(fig)


def test_the_memory_trace_marks_the_noise_floor():
    rows = np.arange(1, 11) * 1000
    losses = np.geomspace(10, 0.01, 10)
    fig = plots.plot_memory_trace(rows, np.zeros(10), file_mb=100, batch_mb=1,
                                  batch_losses=losses, noise=0.1)
    floor = [line for line in fig.axes[1].get_lines() if "noise floor" in line.get_label()]
    assert len(floor) == 1 and np.allclose(floor[0].get_ydata(), 0.01)
    plt.close(fig)
    fig = plots.plot_memory_trace(rows, np.zeros(10), file_mb=100, batch_mb=1, batch_losses=losses)
    assert not [line for line in fig.axes[1].get_lines() if "noise floor" in line.get_label()]
    plt.close(fig)


# ---------------------------------------------------------------- bad arguments

NAN = float("nan")
STRANGERS = ("a", None, True)  # the wrong type for a number
BAD_EXTENTS = ("a", True, NAN, -1, (0.0, 1.0, 0.0), (0.0, NAN, 0.0, 1.0), (1.0, 0.0, 0.0, 1.0))
SIZES = [1, 10, 100]
SECONDS = [0.1, 0.02, 0.01]


def small():
    X, y, _ = data.make_linear_regression(100, seed=0)
    return X, y, {"B = 10": run(X, y, batch_size=10)}


def descent():
    X, y, _ = data.make_linear_regression(100, seed=0)
    return X, y, solvers.gradient_descent(lambda w: data.linear_mse_grad(w, X, y), [0.0, 0.0],
                                          0.1, steps=3)


REFUSALS = {
    "plot_matrix_shapes n": (lambda v: plots.plot_matrix_shapes(n=v, row=0), "n",
                             STRANGERS + (NAN, 2.5, -1, 0)),
    "plot_matrix_shapes d": (lambda v: plots.plot_matrix_shapes(d=v), "d",
                             STRANGERS + (NAN, 2.5, -1, 0)),
    "plot_matrix_shapes row": (lambda v: plots.plot_matrix_shapes(n=8, row=v), "row",
                               STRANGERS + (NAN, 2.5, -1, 8)),
    "plot_epoch_times n": (lambda v: plots.plot_epoch_times(SIZES, SECONDS, n=v), "n",
                           STRANGERS + (NAN, 2.5, -1, 0)),
    "plot_epoch_times batch_sizes": (lambda v: plots.plot_epoch_times(v, SECONDS, n=100),
                                     "batch_sizes", STRANGERS + (NAN, [], [0, 10, 100],
                                                                 [1, 10, 1000], [1, 2.5, 100])),
    "plot_epoch_times seconds_per_epoch": (lambda v: plots.plot_epoch_times(SIZES, v, n=100),
                                           "seconds_per_epoch",
                                           STRANGERS + (NAN, [0.1, 0.2], [0.1, 0.0, 0.1])),
    "plot_loss_surface extent": (lambda v: plots.plot_loss_surface(*descent(), extent=v),
                                 "extent", BAD_EXTENTS),
    "plot_batch_paths extent": (lambda v: plots.plot_batch_paths(*small(), extent=v), "extent",
                                BAD_EXTENTS),
    "plot_batch_paths runs": (lambda v: plots.plot_batch_paths(*small()[:2], v), "runs",
                              STRANGERS + (NAN, {})),
    "plot_loss_curves runs": (lambda v: plots.plot_loss_curves(*small()[:2], v), "runs",
                              STRANGERS + (NAN, {})),
    "plot_memory_trace file_mb": (lambda v: plots.plot_memory_trace(
        [1, 2], [0, 1], file_mb=v, batch_mb=1), "file_mb", STRANGERS + (NAN, -1, 0)),
    "plot_memory_trace batch_mb": (lambda v: plots.plot_memory_trace(
        [1, 2], [0, 1], file_mb=10, batch_mb=v), "batch_mb", STRANGERS + (NAN, -1, 0)),
    "plot_memory_trace noise": (lambda v: plots.plot_memory_trace(
        [1, 2], [0, 1], file_mb=10, batch_mb=1, noise=v), "noise", ("a", True, NAN, -1)),
    "plot_memory_trace rss_growth_mb": (lambda v: plots.plot_memory_trace(
        [1, 2], v, file_mb=10, batch_mb=1), "rss_growth_mb", STRANGERS + (NAN, [0.0], [0, NAN])),
    "plot_regression_data lines": (lambda v: plots.plot_regression_data(*small()[:2], v),
                                   "lines", STRANGERS + (NAN, {}, {"a": (1.0,)},
                                                         {"a": (1.0, NAN)})),
}
INTEGERS = {"n", "d", "row"}


def expected_error(name: str, bad) -> type[Exception]:
    """A TypeError when the type is wrong (a string, None, a bool where a number belongs, a
    fraction for an integer, anything but a dict where a dict belongs), else a ValueError."""
    if isinstance(bad, (str, bool)) or bad is None:
        return TypeError
    if name in ("runs", "lines") and not isinstance(bad, dict):
        return TypeError
    if name in INTEGERS and isinstance(bad, float) and not float(bad).is_integer():
        return TypeError
    return ValueError


@pytest.mark.parametrize("case, bad", [(case, bad) for case, (_, _, bads) in REFUSALS.items()
                                       for bad in bads])
def test_every_builder_names_the_argument_it_refuses_and_leaves_no_figure(case, bad):
    call, name, _ = REFUSALS[case]
    assert_refused_before_drawing(lambda: call(bad), name, expected_error(name, bad))
