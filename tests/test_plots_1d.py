"""Static 1-D figures: titled, labelled, with a legend, and showing the data they are given."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import functions, palette, plots  # noqa: E402
from helpers.solvers import gradient_descent  # noqa: E402

quartic = functions.quartic()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def assert_well_labelled(fig):
    for ax in fig.axes:
        if ax.lines or ax.collections:
            assert ax.get_title() or fig._suptitle is not None
            assert ax.get_xlabel() and ax.get_ylabel()


def test_descent_plot_draws_the_path():
    result = gradient_descent(quartic.grad, 1.8, 0.1)
    fig = plots.plot_descent_1d(quartic, result)
    assert_well_labelled(fig)
    path_line = next(line for line in fig.axes[0].lines if line.get_label() == "descent path")
    assert np.allclose(path_line.get_xdata(), result.path)
    assert path_line.get_color() == palette.PATH
    assert fig.axes[0].get_legend() is not None


def test_regimes_has_one_column_per_run():
    runs = {f"{name}: lr = {lr:g}": gradient_descent(quartic.grad, 1.3, lr, steps=20)
            for name, lr in {"a": 0.01, "b": 0.2, "c": 1.2}.items()}
    fig = plots.plot_lr_regimes(quartic, runs)
    assert len(fig.axes) == 6
    assert fig.axes[0].get_title().startswith("a: lr = 0.01\n")
    assert "diverged" in fig.axes[2].get_title()
    assert fig.axes[3].get_xlim() == (0, 20)  # the step axes run to the longest run's end
    assert "starting at x = 1.3" in fig._suptitle.get_text()
    assert_well_labelled(fig)


@pytest.mark.parametrize("build", [
    lambda ax: plots.plot_function_1d(quartic, ax=ax),
    lambda ax: plots.plot_tangent(quartic, 0.5, ax=ax),
    lambda ax: plots.plot_descent_1d(quartic, gradient_descent(quartic.grad, 1.8, 0.1), ax=ax),
    lambda ax: plots.plot_difference_errors(quartic.f, quartic.grad, 0.7, ax=ax),
])
def test_one_panel_builders_draw_on_the_axes_they_are_given(build):
    fig, ax = plt.subplots()
    assert build(ax) is fig
    assert len(fig.axes) == 1 and ax.lines
    assert build(None) is not fig  # without one, a figure of their own


def test_direction_cases_point_downhill():
    fig = plots.plot_direction_cases(quartic, starts=(0.6, -0.9))
    titles = [ax.get_title() for ax in fig.axes]
    assert "increasing x" in titles[0] and "decreasing x" in titles[1]


def test_difference_errors_plot_has_three_schemes():
    fig = plots.plot_difference_errors(quartic.f, quartic.grad, 0.7)
    labels = [line.get_label() for line in fig.axes[0].lines]
    assert sum(label.startswith(("forward", "backward", "central")) for label in labels) == 3
    assert fig.axes[0].get_xscale() == "log" and fig.axes[0].get_yscale() == "log"
