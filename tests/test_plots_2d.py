"""The static figures of lectures 02 and 03: every builder returns a figure whose panels have a
title and labelled axes, with a legend where more than one thing is drawn; shared contour levels
and the view clipping behave."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import basins, functions, plots
from helpers.solvers import gradient_descent

himmelblau, trap, bowl = functions.himmelblau(), functions.trap(), functions.bowl()
quartic, absolute = functions.quartic(), functions.absolute()


def slopes_at(objective, point):
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    directions = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    return angles, (
        objective.f(point + 1e-6 * directions) - objective.f(point - 1e-6 * directions)
    ) / 2e-6


def builders():
    plain = gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=300)
    heavy = gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=300, momentum=0.8)
    noisy = basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=2.0, seeds=range(4))
    angles, slopes = slopes_at(himmelblau, np.array([1.0, 1.5]))
    return {
        "surface": lambda: plots.plot_surface_and_contour(himmelblau, plain),
        "slices": lambda: plots.plot_partial_slices(himmelblau, (1.0, 1.5)),
        "field": lambda: plots.plot_gradient_field(himmelblau, point=(1.0, 1.5)),
        "directions": lambda: plots.plot_directional_slopes(
            angles, slopes, himmelblau.grad(np.array([1.0, 1.5]))
        ),
        "descent": lambda: plots.plot_descent_2d(
            trap, {"plain": plain, "momentum": heavy}, points={"M": (2, 1.5)}
        ),
        "panels": lambda: plots.plot_descent_panels(
            [(bowl, plain, "a"), (trap, heavy, "b")], title="t"
        ),
        "outcomes": lambda: plots.plot_paths_by_outcome(
            trap, [r.path for r in noisy.runs], noisy.reached, title="t"
        ),
        "basin": lambda: plots.plot_basin_map(basins.basin_map(himmelblau, 20, lr=0.01)),
        "basins": lambda: plots.plot_basin_maps(
            {"a": basins.basin_map(trap, 20, lr=0.1)}, title="t"
        ),
        "runs": lambda: plots.plot_runs_1d(
            quartic,
            {"plain": gradient_descent(quartic.grad, 2.0, 0.1)},
            points={"M": 2.0, "C": 1.0},
        ),
        "runs_log": lambda: plots.plot_runs_1d(
            absolute, {"fixed": gradient_descent(absolute.grad, 0.75, 0.2)}, log_distance=True
        ),
        "subgradients": lambda: plots.plot_subgradients(),
        "stand_ins": lambda: plots.plot_stand_ins(
            absolute, [functions.smooth_absolute(4), functions.huber(1.0)]
        ),
    }


@pytest.mark.parametrize("name", list(builders()))
def test_every_panel_has_a_title_labels_and_a_legend(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = builders()[name]()
        fig.canvas.draw()
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert panels
    for ax in panels:
        assert ax.get_title() or fig._suptitle is not None
        assert ax.get_xlabel() and ax.get_ylabel()
    assert any(ax.get_legend() is not None for ax in panels)
    plt.close(fig)


def test_paths_have_dots_up_to_the_limit_then_a_line_with_a_start_and_a_last_step():
    short = gradient_descent(bowl.grad, (1.5, 1.2), 0.1, steps=20, tol=0.0)
    long = gradient_descent(bowl.grad, (1.5, 1.2), 0.001, steps=plots.DOTS_UP_TO + 10, tol=0.0)
    fig = plots.plot_descent_2d(bowl, {"short": short, "long": long})
    lines = {line.get_label(): line for line in fig.axes[0].lines}
    assert lines["short"].get_marker() == "o" and lines["long"].get_marker() in ("None", "")
    assert lines["start"].get_marker() == "o" and lines["last step"].get_marker() == "D"
    diamonds = [line for line in fig.axes[0].lines if line.get_label() == "last step"]
    np.testing.assert_allclose(diamonds[0].get_xydata()[0], short.final)
    np.testing.assert_allclose(diamonds[1].get_xydata()[0], long.final)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend.count("start") == 1 and legend.count("last step") == 1
    plt.close(fig)


def test_one_panel_builders_draw_on_the_axes_they_are_given():
    fig, axes = plt.subplots(1, 2)
    assert plots.plot_gradient_field(himmelblau, ax=axes[0]) is fig
    angles, slopes = slopes_at(himmelblau, np.array([1.0, 1.5]))
    gradient = himmelblau.grad(np.array([1.0, 1.5]))
    assert plots.plot_directional_slopes(angles, slopes, gradient, ax=axes[1]) is fig
    assert axes[0].get_title() and axes[1].get_title()
    plt.close(fig)
