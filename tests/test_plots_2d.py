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
from refusals import assert_refused_before_drawing

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


def test_descent_2d_takes_a_dict_of_results_only():
    run = gradient_descent(bowl.grad, (1.5, 1.2), 0.1, steps=20)
    fig = plots.plot_descent_2d(bowl, {"descent path": run})
    assert "descent path" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert fig.axes[0].get_title() == f"Gradient descent on the {bowl.name}: {run.steps} steps"
    plt.close(fig)
    figures = plt.get_fignums()
    with pytest.raises(TypeError, match=r'^runs must be a dict .*\{"descent path": result\}'):
        plots.plot_descent_2d(bowl, run)  # a bare result: say which dict to pass
    assert plt.get_fignums() == figures


def test_the_gradient_field_draws_its_arrows_with_the_shared_arrow_over_the_map():
    fig = plots.plot_gradient_field(himmelblau, point=(1.0, 1.5))
    arrows = [t for t in fig.axes[0].texts if t.arrow_patch is not None]
    assert len(arrows) == 2 and all(a.get_zorder() == 9 for a in arrows)
    heads = sorted(a.arrow_patch.get_mutation_scale() for a in arrows)
    assert heads == [16, 20] and arrows[1].arrow_patch.get_linestyle() == "--"
    plt.close(fig)


# ---------------------------------------------------------------- bad arguments

NAN = float("nan")
STRANGERS = ("a", None, True)  # the wrong type for a number
SIZES = STRANGERS + (NAN, -1, 0)  # none of them a width, a height or a line width


def one_run():
    return gradient_descent(bowl.grad, (1.5, 1.2), 0.1, steps=5)


REFUSALS = {
    "plot_gradient_field arrows": (lambda v: plots.plot_gradient_field(himmelblau, arrows=v),
                                   "arrows", STRANGERS + (NAN, 2.5, -1, 0)),
    "plot_gradient_field point": (lambda v: plots.plot_gradient_field(himmelblau, point=v),
                                  "point", ("a", True, NAN, (1.0,), (1.0, NAN))),
    "plot_partial_slices half_width": (lambda v: plots.plot_partial_slices(
        himmelblau, (1.0, 1.5), half_width=v), "half_width", SIZES),
    "plot_partial_slices point": (lambda v: plots.plot_partial_slices(himmelblau, v), "point",
                                  STRANGERS + (NAN, (1.0,), (1.0, NAN))),
    "plot_surface_and_contour width": (lambda v: plots.plot_surface_and_contour(
        himmelblau, width=v), "width", SIZES),
    "plot_surface_and_contour height": (lambda v: plots.plot_surface_and_contour(
        himmelblau, height=v), "height", SIZES),
    "plot_directional_slopes gradient": (lambda v: plots.plot_directional_slopes(
        [0.0, 1.0], [1.0, 2.0], v), "gradient", STRANGERS + (NAN, (1.0,), (1.0, NAN))),
    "plot_directional_slopes slopes": (lambda v: plots.plot_directional_slopes(
        [0.0, 1.0], v, (1.0, 0.0)), "slopes", STRANGERS + (NAN, (1.0,), (1.0, NAN))),
    "plot_descent_2d runs": (lambda v: plots.plot_descent_2d(bowl, v), "runs",
                             STRANGERS + (NAN, {})),
    "plot_descent_2d points": (lambda v: plots.plot_descent_2d(bowl, {"a": one_run()},
                                                               points={"M": v}),
                               "points", STRANGERS + (NAN, (1.0,), (1.0, NAN))),
    "plot_descent_panels width": (lambda v: plots.plot_descent_panels(
        [(bowl, one_run(), "a")], width=v), "width", SIZES),
    "plot_paths_by_outcome lw": (lambda v: plots.plot_paths_by_outcome(
        bowl, [one_run().path], [0], title="t", lw=v), "lw", SIZES),
    "plot_subgradients half_width": (lambda v: plots.plot_subgradients(half_width=v),
                                     "half_width", SIZES),
    "plot_subgradients slopes": (lambda v: plots.plot_subgradients(v), "slopes",
                                 STRANGERS + (NAN, (), (1.0, NAN))),
    "plot_basin_maps maps": (lambda v: plots.plot_basin_maps(v), "maps", STRANGERS + (NAN, {})),
    "plot_basin_maps width": (lambda v: plots.plot_basin_maps({"a": None}, width=v), "width",
                              SIZES),
    "draw_contours fill_alpha": (lambda v: plots.draw_contours(plt.gca(), bowl, fill_alpha=v),
                                 "fill_alpha", STRANGERS + (NAN, -0.1, 1.5)),
    "draw_contours filled": (lambda v: plots.draw_contours(plt.gca(), bowl, filled=v), "filled",
                             ("a", None, NAN, 1)),
}


def expected_error(case: str, name: str, bad) -> type[Exception]:
    """A TypeError when the type is wrong (a string, None, a bool where a number belongs, a
    fraction for a count, anything but a dict where a dict belongs), else a ValueError."""
    if name == "filled" or isinstance(bad, (str, bool)) or bad is None:
        return TypeError
    if name in ("runs", "maps") and not isinstance(bad, dict):
        return TypeError
    if name == "arrows" and isinstance(bad, float) and not float(bad).is_integer():
        return TypeError
    return ValueError


@pytest.mark.parametrize("case, bad", [(case, bad) for case, (_, _, bads) in REFUSALS.items()
                                       for bad in bads])
def test_every_builder_names_the_argument_it_refuses_and_leaves_no_figure(case, bad):
    call, name, _ = REFUSALS[case]
    plt.figure()  # the axes draw_contours gets
    assert_refused_before_drawing(lambda: call(bad), name, expected_error(case, name, bad))
    plt.close("all")


def test_paths_by_outcome_can_draw_one_map_per_outcome_with_where_each_run_settles():
    """Lecture 03's noisy runs: one map per outcome (so neither hides the other), the diamond at
    the last noisy step named as such, and a dashed line from it to where the run settles."""
    noisy = basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=2.0, seeds=range(6))
    fig = plots.plot_paths_by_outcome(
        trap, [run.path for run in noisy.runs], noisy.reached, title="t", by_outcome=True,
        settled=noisy.final, last_label="end of the noisy steps", settle_label="then plain descent")
    panels = [ax for ax in fig.axes if ax.get_legend() is not None]
    assert len(panels) == len(np.unique(noisy.reached)) == 2
    for ax, label in zip(panels, np.unique(noisy.reached), strict=True):
        count = int(np.sum(noisy.reached == label))
        assert ax.get_title().endswith(f"{count} of {len(noisy.reached)}")
        names = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "end of the noisy steps" in names and "then plain descent" in names
        settles = [line for line in ax.lines if line.get_label() == "then plain descent"]
        assert len(settles) == count
        ends = np.array([line.get_xydata()[-1] for line in settles])
        np.testing.assert_allclose(ends, noisy.final[noisy.reached == label])
    with pytest.raises(ValueError, match="ax"):
        plots.plot_paths_by_outcome(trap, [noisy.runs[0].path], [0], title="t", by_outcome=True,
                                    ax=plt.gca())
    with pytest.raises(ValueError, match="settled"):
        plots.plot_paths_by_outcome(trap, [noisy.runs[0].path], [0], title="t",
                                    settled=noisy.final)
