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


def test_contour_levels_increase_and_lines_sit_at_their_level():
    levels = plots.contour_levels(himmelblau)
    assert np.all(np.diff(levels) > 0)
    for level, segments in plots.contour_lines(himmelblau, levels[:3], n=200):
        for segment in segments:
            np.testing.assert_allclose(himmelblau.f(segment), level, rtol=0.05, atol=0.5)


def test_clip_to_view_pins_far_points_just_past_the_edge():
    path = np.array([[0.0, 0.0], [1e6, -1e6]])
    clipped = plots.clip_to_view(trap, path)
    np.testing.assert_array_equal(clipped[0], [0.0, 0.0])
    np.testing.assert_allclose(clipped[1], [2.2 + 0.05 * 5.2, -2.0 - 0.05 * 4.0])
