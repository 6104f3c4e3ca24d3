"""The static figures of lectures 02 and 03: every builder returns a figure whose panels have a
title and labelled axes, with a legend where more than one thing is drawn; shared contour levels
and the view clipping behave."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import LogNorm

from helpers import basins, functions, geometry, palette, plots
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
        "steps": lambda: plots.plot_steps_across_contours(
            himmelblau, gradient_descent(himmelblau.grad, (0.0, 0.0), 0.01, steps=200)
        ),
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
    assert any(ax.get_legend() is not None for ax in panels) or fig.legends
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


# ---------------------------------------------------------------- readable maps


def _bar(fig):
    bars = [ax._colorbar for ax in fig.axes if getattr(ax, "_colorbar", None) is not None]
    assert len(bars) == 1
    return bars[0]


@pytest.mark.parametrize(
    "objective, log",
    [(himmelblau, True), (trap, False), (bowl, False), (functions.elongated_bowl(10), True)],
)
def test_colour_bars_tick_round_values_and_cover_every_height_drawn(objective, log):
    fig = plots.plot_descent_2d(
        objective, {"run": gradient_descent(objective.grad, (1.0, 1.0), 0.01, steps=5)}
    )
    fig.canvas.draw()
    bar = _bar(fig)
    ticks = [float(t) for t in bar.get_ticks()]
    label = bar.ax.get_ylabel()
    _, _, Z = geometry.objective_grid(objective)
    low, high = bar.norm.vmin, bar.norm.vmax
    assert high >= Z.max() - 1e-9
    if log:
        assert isinstance(bar.norm, LogNorm) and "log scale" in label
        assert np.allclose(np.log10(ticks), np.round(np.log10(ticks)))  # powers of ten
        assert low <= Z.min() or bar.extend == "min"  # the pointed end holds what is below
    else:
        assert "log" not in label and low <= Z.min() + 1e-9
        steps = np.diff(ticks)
        assert len(ticks) >= 3 and np.allclose(steps, steps[0])
        mantissa = steps[0] / 10 ** np.floor(np.log10(steps[0]))
        assert any(np.isclose(mantissa, m) for m in (1, 2, 2.5, 5))
        assert np.allclose(np.array(ticks) / steps[0], np.round(np.array(ticks) / steps[0]))
    assert all(low - 1e-9 <= t <= high + 1e-9 for t in ticks)
    labels = [t.get_text() for t in bar.ax.get_yticklabels() if t.get_text()]
    assert labels == [f"{t:g}" for t in ticks]  # plain numbers, every tick labelled
    plt.close(fig)


@pytest.mark.parametrize("objective", [himmelblau, functions.elongated_bowl(10)])
def test_a_log_map_gets_bands_evenly_spaced_on_its_log_scale(objective):
    levels = geometry.colour_levels(objective)
    _, _, Z = geometry.objective_grid(objective)
    steps = np.diff(np.log10(levels))
    np.testing.assert_allclose(steps, 1 / geometry.PER_DECADE)
    assert levels[0] == 10.0 ** (np.ceil(np.log10(Z.max())) - geometry.DECADES)
    # no sliver of a band at the top: the last level is at least half a band below the top f
    assert np.log10(Z.max()) - np.log10(levels[-1]) >= 0.5 / geometry.PER_DECADE
    scale = geometry.colour_scale(Z, levels)
    assert scale["log"] and scale["under"]


@pytest.mark.parametrize("objective", [bowl, trap])
def test_a_linear_map_keeps_the_contour_levels_the_explorers_draw(objective):
    np.testing.assert_array_equal(geometry.colour_levels(objective),
                                  geometry.contour_levels(objective))


@pytest.mark.parametrize("name, bad", [("per_decade", 0), ("per_decade", 2.5), ("decades", 0)])
def test_colour_levels_refuses_a_bad_count(name, bad):
    with pytest.raises((ValueError, TypeError), match=name):
        geometry.colour_levels(himmelblau, **{name: bad})


def test_nice_ticks_and_the_colour_scale_rules():
    assert geometry.nice_ticks(0, 890) == [0, 200, 400, 600, 800, 1000]
    assert geometry.nice_ticks(-2.67, 8.57) == [-5, -2.5, 0, 2.5, 5, 7.5, 10]
    assert geometry.nice_ticks(0.1, 0.13) == [0.1, 0.105, 0.11, 0.115, 0.12, 0.125, 0.13]
    flat = geometry.colour_scale(np.full((3, 3), 2.0), [2.0])
    assert not flat["log"] and flat["ticks"][0] <= 1.0 and flat["ticks"][-1] >= 3.0
    negative = geometry.colour_scale(np.linspace(-1.0, 500.0, 50), [0.1, 1.0, 10.0])
    assert not negative["log"]  # a log scale needs f >= 0
    with pytest.raises(ValueError, match="high"):
        geometry.nice_ticks(1.0, 1.0)


def test_a_last_step_on_a_minimum_shows_through_its_star():
    run = gradient_descent(bowl.grad, (1.5, 1.2), 0.18, steps=100)
    fig = plots.plot_descent_panels([(bowl, run, "a")])
    ax = fig.axes[0]
    assert getattr(fig.axes[1], "_colorbar", None) is not None  # every panel's colours explained
    label = next(t for t in ax.texts if t.get_text().startswith("last step"))
    assert label.get_text() == f"last step (step {run.steps})"
    np.testing.assert_allclose(label.xy, run.final)  # its arrow points at the diamond
    lines = {line.get_label(): line for line in ax.get_lines()}
    star, diamond = lines["minimum"], lines["last step"]
    np.testing.assert_allclose(diamond.get_xydata()[0], (0.0, 0.0), atol=1e-5)
    assert star.get_markerfacecolor() == "none"  # an outline, much larger than the diamond:
    assert diamond.get_markersize() < star.get_markersize() / 2
    assert diamond.get_zorder() > star.get_zorder()  # the diamond on top, star points round it
    plt.close(fig)


def test_the_outcome_map_draws_minima_as_its_legend_shows_them():
    starts = [(4.5, 0.0), (0.0, 4.5), (-4.5, 0.0), (3.2, -3.2)]
    runs = [gradient_descent(himmelblau.grad, s, 0.01, steps=500) for s in starts]
    reached = basins.which_minimum(himmelblau, [r.final for r in runs])
    fig = plots.plot_paths_by_outcome(himmelblau, [r.path for r in runs], reached, title="t")
    ax = fig.axes[0]
    drawn = next(line for line in ax.get_lines() if line.get_label() == "minima")
    shown = next(h for h in ax.get_legend().legend_handles if h.get_label() == "minima")
    for attribute in ("get_marker", "get_markerfacecolor", "get_markeredgecolor"):
        assert getattr(drawn, attribute)() == getattr(shown, attribute)()
    plt.close(fig)


def test_the_outcome_map_can_mark_every_step_in_a_shape_per_outcome():
    starts = [(4.5, 0.0), (0.0, 4.5), (-4.5, 0.0), (0.0, -0.6)]
    runs = [gradient_descent(himmelblau.grad, s, 0.01, steps=500) for s in starts]
    reached = basins.which_minimum(himmelblau, [r.final for r in runs])
    fig = plots.plot_paths_by_outcome(himmelblau, [r.path for r in runs], reached, title="t",
                                      dots=True, last_label="last step")
    ax = fig.axes[0]
    dots = [line for line in ax.get_lines() if line.get_linestyle() == "None"
            and line.get_marker() in ("o", "s", "^", "v") and len(line.get_xdata()) > 1]
    assert len(dots) == len(runs)
    assert sorted(len(d.get_xdata()) for d in dots) == sorted(len(r.path) - 2 for r in runs)
    assert len({d.get_marker() for d in dots}) == len(set(reached.tolist())) == 4
    shown = {h.get_marker() for h in ax.get_legend().legend_handles}
    assert {d.get_marker() for d in dots} | {"D"} <= shown
    plt.close(fig)


def test_the_gradient_field_legend_shows_arrows_as_arrows():
    from matplotlib.patches import FancyArrow

    fig = plots.plot_gradient_field(himmelblau, point=(1.0, 1.5))
    fig.canvas.draw()
    legend = fig.legends[0]  # under the figure, off the map
    arrows = {text.get_text() for text, handle in zip(legend.get_texts(), legend.legend_handles,
                                                      strict=True)
              if isinstance(handle, FancyArrow)}
    assert arrows == {"direction of −∇f (every arrow the same length)",
                      "−∇f: steepest descent", "∇f: steepest ascent"}
    names = [t.get_text() for t in legend.get_texts()]
    assert "contour line at the point's height, f = 86.3 (2 pieces)" in names
    plt.close(fig)


def test_the_steps_figure_draws_one_contour_line_and_one_square_per_step():
    run = gradient_descent(himmelblau.grad, (0.0, 0.0), 0.01, steps=200)
    fig = plots.plot_steps_across_contours(himmelblau, run, steps=5)
    ax = fig.axes[0]
    squares = [line for line in ax.get_lines() if line.get_label() == "right angle"]
    assert len(squares) == 5
    for square, start, end in zip(squares, run.path[:5], run.path[1:6], strict=True):
        corners = square.get_xydata()
        np.testing.assert_allclose(corners[0], start)
        side, other = corners[1] - corners[0], corners[3] - corners[0]
        assert abs(side @ other) < 1e-12  # a right angle
        step = end - start
        assert side[0] * step[1] - side[1] * step[0] == pytest.approx(0, abs=1e-12)  # on the step
    levels = ax.collections[0].levels
    np.testing.assert_allclose(np.sort(levels), np.sort(himmelblau.f(run.path[:5])))
    with pytest.raises(ValueError, match="steps"):
        plots.plot_steps_across_contours(himmelblau, run, steps=0)
    plt.close("all")


def test_the_basin_map_draws_its_stars_as_its_legend_shows_them():
    fig = plots.plot_basin_map(basins.basin_map(himmelblau, 20, lr=0.01))
    ax = fig.axes[0]
    stars = [line for line in ax.get_lines() if line.get_marker() == "*" and len(line.get_xdata())]
    shown = next(h for h in ax.get_legend().legend_handles if h.get_label() == "minima")
    assert len(stars) == len(himmelblau.minima)
    for star in stars:
        for attribute in ("get_marker", "get_markerfacecolor", "get_markeredgecolor"):
            assert getattr(star, attribute)() == getattr(shown, attribute)()
    plt.close(fig)


def test_basin_colours_are_four_different_hues_and_the_closest_pair_never_touch():
    colours = palette.BASINS
    assert len(set(colours)) == 4
    # (basins that touch differ by 15 CIEDE2000 or more for every kind of colour vision:
    # tests/test_colours.py)
    assert palette.MINIMUM not in colours and palette.DIVERGED not in colours
    # Orange and vermillion are the two closest; on Himmelblau's map their basins do not touch.
    orange, vermillion = colours.index(palette.ORANGE), colours.index(palette.VERMILLION)
    labels = basins.basin_map(himmelblau, 100, lr=0.01).labels
    for a, b in ((labels[:, 1:], labels[:, :-1]), (labels[1:, :], labels[:-1, :])):
        assert not np.any((a == orange) & (b == vermillion) | (a == vermillion) & (b == orange))


def test_the_slopes_legend_sits_under_the_curve_not_on_it():
    angles, slopes = slopes_at(himmelblau, np.array([1.0, 1.5]))
    fig = plots.plot_directional_slopes(angles, slopes, himmelblau.grad(np.array([1.0, 1.5])))
    fig.canvas.draw()
    ax = fig.axes[0]
    assert ax.get_legend().get_window_extent().y1 < ax.get_window_extent().y0
    plt.close(fig)


def test_the_surface_gets_the_wider_panel_so_its_valleys_can_be_counted():
    fig = plots.plot_surface_and_contour(himmelblau)
    fig.canvas.draw()
    surface, contour = fig.axes[:2]
    assert surface.name == "3d"
    width, height = fig.get_size_inches()
    box, map_box = surface.get_position(), contour.get_position()
    assert box.width * width >= 4.0 and box.height * height >= 4.0  # inches
    assert box.width > map_box.width and box.height > map_box.height
    assert width <= 10.0
    assert 25 <= surface.elev <= 40  # low enough to read as a surface ...
    # ... and no wall hides a valley: from every point within 0.5 of each minimum, the line of
    # sight towards the viewer stays above the surface until it leaves the box
    box = np.asarray(surface.get_box_aspect(), dtype=float)
    spans = np.array([np.ptp(surface.get_xlim()), np.ptp(surface.get_ylim()),
                      np.ptp(surface.get_zlim())])
    elev, azim = np.radians(surface.elev), np.radians(surface.azim)
    towards_viewer = np.array([np.cos(elev) * np.cos(azim), np.cos(elev) * np.sin(azim),
                               np.sin(elev)]) * spans / box
    t = np.linspace(1e-3, 10.0, 4000)[:, None]
    angles = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    ring = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    for minimum in himmelblau.minima:
        for point in [minimum, *(minimum + 0.25 * ring), *(minimum + 0.5 * ring)]:
            ray = np.append(point, himmelblau.f(point)) + t * towards_viewer
            inside = np.all(np.abs(ray[:, :2]) <= 5.0, axis=1)
            assert np.all(ray[inside, 2] > himmelblau.f(ray[inside, :2])), point
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
    "plot_steps_across_contours steps": (lambda v: plots.plot_steps_across_contours(
        himmelblau, one_run(), steps=v), "steps", STRANGERS + (NAN, 2.5, -1, 0)),
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
    if name in ("arrows", "steps") and isinstance(bad, float) and not float(bad).is_integer():
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


# ---------------------------------------------------------------- lecture 03's maps of several runs


def test_a_map_widens_to_show_a_swing_past_the_domain_and_names_its_points_with_squares():
    runs = {f"momentum {m}": gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=1000, momentum=m)
            for m in (0.8, 0.97)}
    assert runs["momentum 0.97"].path[:, 0].min() < trap.domain[0][0]  # past the domain's edge
    fig = plots.plot_descent_2d(trap, runs, points={"M": (2.0, 1.5), "C": (1.0, 0.0)})
    ax = fig.axes[0]
    assert ax.get_xlim()[0] < runs["momentum 0.97"].path[:, 0].min()  # the whole swing in view
    squares = [line for line in ax.lines if line.get_marker() == "s" and len(line.get_xdata())]
    assert len(squares) == 2 and all(line.get_markerfacecolor() == "none" for line in squares)
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert "named points M, C" in labels and labels.count("last step") == 1
    # "last step" shows one diamond per run, in the runs' colours
    ends = [line for line in ax.lines if line.get_label() == "last step"]
    assert len(ends) == 2 and len({line.get_color() for line in ends}) == 2
    plt.close(fig)


def test_a_map_can_give_each_group_of_runs_a_panel_with_one_legend_under_them():
    runs = {name: gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=300, momentum=m)
            for name, m in (("plain", 0.0), ("heavy", 0.8), ("heavier", 0.97))}
    fig = plots.plot_descent_2d(trap, runs, panels=[["plain", "heavy"], ["heavier"]], title="t")
    maps = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert [ax.get_title() for ax in maps] == ["plain and heavy", "heavier"]
    assert not any(ax.get_legend() for ax in maps) and len(fig.legends) == 1
    assert maps[0].get_xlim() == maps[1].get_xlim()  # one view for both
    plt.close(fig)
    for bad, error in ((["plain"], TypeError), ([["nobody"]], ValueError), ([[]], ValueError)):
        with pytest.raises(error, match="panels"):
            plots.plot_descent_2d(trap, runs, panels=bad)
    with pytest.raises(ValueError, match="ax"):
        plots.plot_descent_2d(trap, runs, panels=[["plain"]], ax=plt.gca())
    plt.close("all")


def test_paths_by_outcome_can_draw_one_small_map_per_path():
    noisy = basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=2.0, seeds=range(5))
    fig = plots.plot_paths_by_outcome(
        trap, noisy.path, noisy.reached, title="t", each=True, settled=noisy.final,
        titles=[f"seed {k}" for k in range(5)], last_label="end", settle_label="then plain")
    maps = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in maps] == [f"seed {k}" for k in range(5)]
    assert not any(ax.get_legend() for ax in maps) and len(fig.legends) == 1
    for ax, end in zip(maps, noisy.final, strict=True):
        (settle,) = [line for line in ax.lines if line.get_label() == "then plain"]
        np.testing.assert_allclose(settle.get_xydata()[-1], end)
    plt.close(fig)
    with pytest.raises(ValueError, match="titles"):
        plots.plot_paths_by_outcome(trap, noisy.path, noisy.reached, title="t", each=True,
                                    titles=["one"])
    plt.close("all")


def test_run_ends_zooms_in_so_the_plain_descent_after_the_noise_shows():
    """Lecture 03's noisy runs, zoomed on where each ends: one small map per path, each holding
    its last noisy point and where it settles, the dashed plain-descent line between them long
    enough to see (several times a diamond's size), and one legend under the figure."""
    noisy = basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=2.0, seeds=range(6), steps=200)
    fig = plots.plot_run_ends(trap, noisy.path, noisy.reached, noisy.final, title="t",
                              titles=[f"seed {k}" for k in range(6)], last_label="end",
                              settle_label="then plain")
    fig.canvas.draw()
    maps = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert [ax.get_title() for ax in maps] == [f"seed {k}" for k in range(6)]
    assert not any(ax.get_legend() for ax in maps) and len(fig.legends) == 1
    for ax, run, end in zip(maps, noisy.runs, noisy.final, strict=True):
        (settle,) = [line for line in ax.lines if line.get_label() == "then plain"]
        np.testing.assert_allclose(settle.get_xydata(), [run.final, end])
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        assert all(x0 < x < x1 and y0 < y < y1 for x, y in (run.final, end))
        ends = ax.transData.transform(settle.get_xydata())
        assert np.hypot(*(ends[1] - ends[0])) > 2 * 8 * fig.dpi / 72  # two diamonds long
    plt.close(fig)
    with pytest.raises(ValueError, match="settled"):
        plots.plot_run_ends(trap, noisy.path, noisy.reached, noisy.final[:2], title="t")
    plt.close("all")


# ---------------------------------------------------------------- what each figure says
#
# Every figure describes itself in one sentence (its alt text), computed from what it drew: the
# tests read the numbers off the results and check the sentence states them.

MY_BUILDERS = ["surface", "slices", "field", "steps", "directions", "descent", "panels",
               "outcomes", "basin", "basins"]


@pytest.mark.parametrize("name", MY_BUILDERS)
def test_every_figure_is_described_in_one_short_sentence_without_colour_words(name):
    fig = builders()[name]()
    sentence = plots.description(fig)
    assert sentence and len(sentence) <= 300 and sentence.endswith(".")
    for colour in ("blue", "orange", "green", "red", "vermillion", "purple", "grey", "black"):
        assert colour not in sentence.lower()
    plt.close(fig)


def said(fig) -> str:
    sentence = plots.description(fig)
    plt.close(fig)
    return sentence


def test_a_descent_map_says_where_the_run_settles_and_after_how_many_steps():
    points = {"M": (2.0, 1.5), "C": (1.0, 0.0)}
    trapped = gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=1000)
    assert trapped.converged and np.allclose(trapped.final, (1.0, 0.0), atol=1e-3)
    assert said(plots.plot_descent_2d(trap, {"descent path": trapped}, points=points)) == (
        f"From M (2, 1.5) on the trap, descent settles at the local minimum C (1, 0) after "
        f"{trapped.steps} steps, not at the global minimum (-2, 0).")
    # another start: another minimum, another count, and no name for an unnamed start
    free = gradient_descent(trap.grad, (-1.0, 0.5), 0.1, steps=1000)
    assert free.converged and free.steps != trapped.steps
    assert said(plots.plot_descent_2d(trap, {"descent path": free}, points=points)) == (
        f"From (-1, 0.5) on the trap, descent settles at the global minimum (-2, 0) after "
        f"{free.steps} steps.")


def test_a_descent_map_says_when_a_run_diverges_or_is_still_moving():
    wild = gradient_descent(bowl.grad, (1.5, 1.2), 1.5, steps=100)
    assert wild.diverged
    assert f"diverges after {wild.steps} steps" in said(
        plots.plot_descent_2d(bowl, {"descent path": wild}))
    short = gradient_descent(bowl.grad, (1.5, 1.2), 0.01, steps=3)
    assert not short.converged and not short.diverged
    x, y = np.round(short.final, 3)
    assert f"is still moving after 3 steps, at ({x:.3g}, {y:.3g})" in said(
        plots.plot_descent_2d(bowl, {"descent path": short}))


def test_a_descent_map_of_several_runs_names_each_and_a_swing_past_another_minimum():
    runs = {f"momentum {m}" if m else "plain descent": gradient_descent(
        trap.grad, (2.0, 1.5), 0.1, steps=1000, momentum=m) for m in (0.0, 0.8, 0.97)}
    closest = np.linalg.norm(runs["momentum 0.97"].path - (-2.0, 0.0), axis=1).min()
    sentence = said(plots.plot_descent_2d(trap, runs, points={"M": (2.0, 1.5), "C": (1, 0)},
                                          panels=[["plain descent", "momentum 0.8"],
                                                  ["momentum 0.97"]]))
    assert sentence.startswith("From M (2, 1.5) on the trap, plain descent settles at the local "
                               f"minimum C (1, 0) after {runs['plain descent'].steps} steps; ")
    assert (f"momentum 0.8 settles at the global minimum (-2, 0) after "
            f"{runs['momentum 0.8'].steps} steps" in sentence)
    assert (f"momentum 0.97 passes {closest:.1g} from the global minimum but settles at C after "
            f"{runs['momentum 0.97'].steps} steps" in sentence)
    # drawn on the caller's axes, the caller describes the figure
    fig, ax = plt.subplots()
    plots.plot_descent_2d(trap, runs, ax=ax)
    assert plots.description(fig) is None
    plt.close("all")


def test_descent_panels_say_the_steps_on_each_map_and_which_path_zig_zags():
    elongated = functions.elongated_bowl(10)
    round_run = gradient_descent(bowl.grad, (1.5, 1.2), 0.18, steps=100)
    long_run = gradient_descent(elongated.grad, (1.5, 1.2), 0.18, steps=100)
    sentence = said(plots.plot_descent_panels(
        [(bowl, round_run, "a"), (elongated, long_run, "b")]))
    # the round bowl's steps all point the same way; the long valley's each turn back, shorter
    headings = np.degrees(np.arctan2(*np.diff(round_run.path, axis=0).T[::-1]))
    assert np.ptp(headings) < 1
    lengths = np.linalg.norm(np.diff(long_run.path, axis=0), axis=1)
    assert np.all(np.diff(lengths) < 0)
    assert sentence == (
        f"Left to right, from (1.5, 1.2): on the round bowl, descent settles at the minimum "
        f"(0, 0) after {round_run.steps} steps, walking straight in; on the elongated bowl, its "
        f"valley stretched along x, descent settles at the minimum (0, 0) after "
        f"{long_run.steps} steps, zig-zagging, each step turning back and shorter than the last.")
    slower = gradient_descent(bowl.grad, (1.5, 1.2), 0.05, steps=300)
    assert f"after {slower.steps} steps" in said(plots.plot_descent_panels([(bowl, slower, "a")]))
    assert slower.steps != round_run.steps
    # a round valley is not stretched; a path that bends is not straight
    assert plots.two_d.stretch_text(bowl) == ""
    assert plots.two_d.stretch_text(functions.elongated_bowl(1.5)) == ""
    assert plots.two_d.stretch_text(elongated) == ", its valley stretched along x"
    bent = gradient_descent(himmelblau.grad, (0.0, 0.0), 0.01, steps=200)
    assert plots.two_d._way_in(bent.path) == "never turning back"


def test_a_map_of_many_paths_counts_where_they_end():
    starts = [(4.5, 0.0), (3.2, 3.2), (0.0, 4.5), (-4.5, 0.0), (-3.2, -3.2), (0.0, -0.6)]
    runs = [gradient_descent(himmelblau.grad, s, 0.01, steps=500) for s in starts]
    reached = basins.which_minimum(himmelblau, [r.final for r in runs])
    counts = [int(np.sum(reached == i)) for i in range(4)]
    sentence = said(plots.plot_paths_by_outcome(himmelblau, [r.path for r in runs], reached,
                                                title="t"))
    assert sentence.startswith(f"Of 6 paths on the {himmelblau.name}, ")
    for i, count in enumerate(counts):
        x, y = himmelblau.minima[i]
        if count:
            assert f"{count} " in sentence and f"the minimum ({x:.3g}, {y:.3g})" in sentence
    # a run that diverged and one that settled nowhere are counted as such
    odd = said(plots.plot_paths_by_outcome(himmelblau, [r.path for r in runs[:3]],
                                           [basins.DIVERGED, basins.NOT_SETTLED, reached[2]],
                                           title="t"))
    assert "1 diverges" in odd and "1 ends near no minimum" in odd


def test_noisy_runs_drawn_by_outcome_or_one_map_each_say_which_runs_escape():
    noisy = basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=2.0, seeds=range(6))
    escaped = np.flatnonzero(noisy.reached == 0)
    options = {"title": "t", "points": {"M": (2.0, 1.5)}, "settled": noisy.final}
    by_outcome = said(plots.plot_paths_by_outcome(trap, noisy.path, noisy.reached,
                                                  by_outcome=True, **options))
    assert by_outcome.startswith("Of 6 paths on the trap, all from M (2, 1.5), "
                                 f"{len(escaped)} settle at the global minimum (-2, 0)")
    each = said(plots.plot_paths_by_outcome(trap, noisy.path, noisy.reached, each=True,
                                            **options))
    assert f"in {plots.two_d.maps_text(escaped)} the run settles at the global minimum" in each
    assert plots.two_d.maps_text([0, 1]) == "maps 1 and 2"
    assert plots.two_d.maps_text([2, 3, 4, 5]) == "maps 3 to 6"
    assert plots.two_d.maps_text([0, 2, 3, 4, 6, 7]) == "maps 1, 3 to 5, 7 and 8"
    assert plots.two_d.maps_text([4]) == "map 5"


def test_starts_close_together_that_end_apart_are_said():
    """Lecture 02: four starts in a row on y = -0.6, 0.4 apart, each reach another minimum."""
    row = [(-0.8, -0.6), (-0.4, -0.6), (0.0, -0.6), (0.4, -0.6)]
    edge = [(4.5, 0.0), (3.2, 3.2), (0.0, 4.5), (-4.5, 4.5)]
    runs = [gradient_descent(himmelblau.grad, s, lr=0.01, steps=500) for s in edge + row]
    reached = basins.which_minimum(himmelblau, [r.final for r in runs])
    assert len(set(reached[4:].tolist())) == 4
    sentence = said(plots.plot_paths_by_outcome(himmelblau, [r.path for r in runs], reached,
                                                title="t"))
    assert ("; the 4 starts in a row 0.4 apart from (-0.8, -0.6) to (0.4, -0.6) end at 4 "
            "different minima") in sentence
    close = plots.two_d._close_starts
    # two close starts, not in a row of more
    pair = [runs[0].path, runs[4].path, runs[5].path]
    assert close(himmelblau, pair, reached[[0, 4, 5]]) == (
        "the starts (-0.8, -0.6) and (-0.4, -0.6), only 0.4 apart, end at different minima")
    # starts far apart (the edge ones, 3 or more apart) are no point to make
    assert close(himmelblau, [r.path for r in runs[:4]], reached[:4]) == ""
    # one outcome only: nothing ends apart
    same = [r.path for r, label in zip(runs, reached, strict=True) if label == reached[4]]
    assert close(himmelblau, same, [reached[4]] * len(same)) == ""


def test_paths_that_meet_and_run_on_together_are_said():
    """Lecture 02: the paths from (4.5, 0) and (0.4, -0.6) join on their way to (3.58, -1.85)
    and run on one on top of the other; paths that only meet at their minimum do not count."""
    starts = [(4.5, 0.0), (3.2, 3.2), (0.0, 4.5), (-4.5, 4.5), (-4.5, 0.0), (-3.2, -3.2),
              (0.0, -4.5), (3.2, -3.2), (-0.8, -0.6), (-0.4, -0.6), (0.0, -0.6), (0.4, -0.6)]
    runs = [gradient_descent(himmelblau.grad, s, lr=0.01, steps=500) for s in starts]
    paths = [r.path for r in runs]
    reached = basins.which_minimum(himmelblau, [r.final for r in runs])
    meetings = plots.two_d.meeting_paths(himmelblau, paths, reached)
    pairs = [(i, j) for i, j, _ in meetings]
    assert pairs == [(0, 11), (4, 8)]
    for i, j, where in meetings:
        end = himmelblau.minima[reached[i]]
        assert np.linalg.norm(where - end) >= 1.0  # far from the minimum they end at
        # from there on, each of the two paths stays within 2 % of the map (0.2) of the other's
        for a, b in ((i, j), (j, i)):
            k = int(np.argmin(np.linalg.norm(paths[a] - where, axis=1)))
            late = paths[a][k + 1:]
            assert np.all(plots.two_d._to_polyline(late, paths[b]) <= 0.2)
    sentence = said(plots.plot_paths_by_outcome(himmelblau, paths, reached, title="t"))
    x, y = np.round(meetings[0][2], 1)
    assert sentence.endswith(f"; the paths from (4.5, 0) and (0.4, -0.6) meet near ({x:.2g}, "
                             f"{y:.2g}) and run on together.")
    # to make room, the minima are named by their point alone
    assert sentence.startswith("12 paths on the Himmelblau function: 2 end at (3, 2), ")
    # the two paths from (3.2, 3.2) and (0.0, 4.5) end at different minima: they never meet
    assert plots.two_d.meeting_paths(himmelblau, paths[1:3], reached[1:3]) == []
    # paths that only come together at their minimum do not count
    assert (5, 6) not in pairs and reached[5] == reached[6]
    # paths from one start start together: they do not meet
    noisy = basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=2.0, seeds=range(6), steps=200)
    assert plots.two_d.meeting_paths(trap, noisy.path, noisy.reached) == []
    assert "meet" not in said(plots.plot_paths_by_outcome(trap, noisy.path, noisy.reached,
                                                          title="t"))


def test_two_groups_of_starts_parted_by_a_line_are_said():
    """Lecture 03's restarts: every start left of x = 0 reaches the global minimum, every one
    right of it ends at C."""
    restarts = basins.random_restarts(trap, 10, lr=0.1, seed=0)
    paths = [restarts.many.path[:, i] for i in range(10)]
    sentence = said(plots.plot_paths_by_outcome(trap, paths, restarts.reached, title="t"))
    xs = restarts.starts[:, 0]
    won, lost = xs[restarts.reached == 0], xs[restarts.reached == 1]
    assert won.max() < 0 < lost.min()
    assert sentence.endswith(f"the {len(won)} starts left of x = 0 end at the global minimum, "
                             f"the {len(lost)} starts right of it at the local minimum.")
    # the rightmost start counted with the winners: no x parts the two groups, none is claimed
    flipped = np.array(restarts.reached)
    flipped[np.argmax(xs)] = 0
    assert plots.two_d._starts_apart(trap, paths, flipped) == ""


def test_one_map_each_names_the_maps_by_the_titles_the_caller_gave():
    """Lecture 03 titles its maps "seed 0: stayed at C" ... "seed 5"; the sentence says "seeds 0
    and 1", never "maps 1 and 2" (which a reader of the titles would take for seeds 1 and 2)."""
    noisy = basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=2.0, seeds=range(6), steps=200)
    titles = [f"seed {k}: " + ("escaped" if where == 0 else "stayed") for k, where in
              enumerate(noisy.reached)]
    each = said(plots.plot_paths_by_outcome(trap, noisy.path, noisy.reached, each=True,
                                            title="t", settled=noisy.final, titles=titles))
    ends = said(plots.plot_run_ends(trap, noisy.path, noisy.reached, noisy.final, title="t",
                                    titles=[f"seed {k}" for k in range(6)]))
    for label, minimum in ((0, "the global minimum (-2, 0)"), (1, "the local minimum (1, 0)")):
        seeds = np.flatnonzero(noisy.reached == label)
        if not len(seeds):
            continue
        who = plots.two_d.panels_text(seeds, titles)[0]
        assert who.startswith("seeds " if len(seeds) > 1 else "seed ")
        verb = "settle" if len(seeds) > 1 else "settles"
        assert f"{who} {verb} at {minimum}" in each
        assert f"for {who}" in ends
    assert "map" not in each.split(": ", 1)[1] and "maps" not in ends
    panels_text = plots.two_d.panels_text
    named = [f"seed {k}" for k in (3, 4, 5, 9)]
    assert panels_text([0, 1, 3], named) == ("seeds 3, 4 and 9", True)
    assert panels_text([2], named) == ("seed 5", False)
    assert panels_text([0, 1], ["plain", "momentum: 0.8"]) == ('"plain" and "momentum"', True)
    assert panels_text([0, 1], ["escaped", "escaped"]) == ("maps 1 and 2", True)
    assert panels_text([1]) == ("map 2", False)


def test_run_ends_say_how_far_plain_descent_carries_each_last_point():
    noisy = basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=2.0, seeds=range(6), steps=200)
    gaps = np.linalg.norm([run.final for run in noisy.runs] - noisy.final, axis=1)
    sentence = said(plots.plot_run_ends(trap, noisy.path, noisy.reached, noisy.final, title="t"))
    first = int(noisy.reached[0])
    group = noisy.reached == first
    low, high = gaps[group].min(), gaps[group].max()
    maps = plots.two_d.maps_text(np.flatnonzero(group))
    assert sentence.startswith(
        f"Zoomed in on the ends of 6 paths on the trap, one map each: in {maps} the last point "
        f"is {low:.2g} to {high:.2g} from where the run then settles at the "
        f"{'global minimum (-2, 0)' if first == 0 else 'local minimum (1, 0)'}")


def test_basin_maps_say_the_share_of_starts_each_minimum_gets():
    basin = basins.basin_map(himmelblau, 20, lr=0.01)
    sentence = said(plots.plot_basin_map(basin))
    assert sentence.startswith(f"Of a 20 by 20 grid of starts on the {himmelblau.name} "
                               "(learning rate 0.01), ")
    for share in basin.fractions:
        assert f"{100 * share:.1f}%" in sentence
    plain = basins.basin_map(trap, 30, lr=0.1)
    heavy = basins.basin_map(trap, 30, lr=0.1, momentum=0.8)
    both = said(plots.plot_basin_maps({"plain descent": plain, "momentum 0.8": heavy}))
    (p0, p1), (h0, h1) = 100 * plain.fractions, 100 * heavy.fractions
    xs = plain.starts[0, :, 0]
    k = int(np.flatnonzero(xs < 0)[-1])  # x = 0 lies between starts k and k + 1
    assert plots.basin_maps._between(xs[k], xs[k + 1]) == 0
    assert both.startswith("Two maps of ")
    assert (f"with plain descent, the {p0:.1f}% left of x = 0 reach the global minimum"
            in both)
    assert f"the {p1:.1f}% right of it the local" in both
    assert f"{h0:.1f}%" in both and f"{h1:.1f}%" in both
    # where the basins lie, when x alone decides: plain descent on the trap goes left of its
    # hill top x = 0 to the global minimum; Himmelblau's basins depend on both coordinates
    name, bands = plots.basin_maps._by_one_coordinate(plain)
    assert name == "x" and [(low, high, label) for low, high, label, _ in bands] == [
        (None, 0.0, 0), (0.0, None, 1)]
    assert plots.basin_maps._by_one_coordinate(basin) is None
    for low, high, label, starts in plots.basin_maps._by_one_coordinate(heavy)[1]:
        inside = (xs > (-np.inf if low is None else low)) & (xs < (np.inf if high is None
                                                                   else high))
        assert np.all(heavy.labels[:, inside] == label)  # every start of a band ends there
        assert np.allclose(starts, xs[inside])
    assert plots.basin_maps._between(-0.03, 0.001) == 0
    assert plots.basin_maps._between(-3.0, -2.965) == -2.98
    # starts that diverge are counted too
    wild = basins.basin_map(bowl, 10, lr=1.5)
    assert f"{100 * np.mean(wild.labels == basins.DIVERGED):.1f}% diverge" in said(
        plots.plot_basin_map(wild))


def test_a_band_one_column_wide_is_named_by_its_column_not_by_a_made_up_border():
    """Lecture 03: with momentum 0.8 the trap's leftmost column of starts ends in C. The border
    beside it is only a number between two columns of starts (-2.98), which a student would
    hear beside the exact -2.97 of the prose: the column is named instead, x = -3."""
    heavy = basins.basin_map(trap, 150, lr=0.1, steps=500, momentum=0.8)
    name, bands = plots.basin_maps._by_one_coordinate(heavy)
    thin = [band for band in bands if len(band[3]) == 1]
    assert len(thin) == 1 and thin[0][0] is None and thin[0][2] == 1  # the leftmost, to C
    text = plots.basin_maps._bands_text(heavy, points=False)
    share = {label: f"{100 * heavy.fractions[label]:.1f}%" for label in (0, 1)}
    # a sentence with its verbs: "gets ...: the starts ...; the global one gets the other ..."
    assert text == (f"the local minimum gets {share[1]}: the starts from x = 0 to 1.7 and in "
                    f"the leftmost column, x = -3; the global one gets the other {share[0]}")
    xs = heavy.starts[0, :, 0]
    to_c = heavy.labels[0] == 1
    assert to_c[0] and not to_c[1]  # the leftmost column ends in C, the next one does not
    assert np.all(to_c[(xs > 0) & (xs < 1.7)]) and not np.any(to_c[(xs > -2.9) & (xs < 0)])
    assert np.mean(heavy.labels == 1) == pytest.approx(heavy.fractions[1])
    assert "-2.98" not in text
    plain = basins.basin_map(trap, 150, lr=0.1, steps=500)
    sentence = said(plots.plot_basin_maps({"plain descent": plain, "momentum 0.8": heavy}))
    assert sentence.endswith(f"with momentum 0.8, {text}.")
    assert "-2.98" not in sentence and sentence.count("%") == 4  # every share with its minimum


def test_a_basin_map_of_four_minima_says_where_the_basins_meet():
    """Lecture 03's Himmelblau map: the borders reach the map's edges close to x = 0 and y = 0,
    but they bend, and the four basins meet near (-0.3, -0.8), beside the top of the hill: so
    starts on y = -0.6 a little apart reach three or four different minima."""
    basin = basins.basin_map(himmelblau, 200, lr=0.01, steps=500)
    labels, starts = basin.labels, basin.starts
    # every cell whose 3 by 3 neighbourhood holds a start of all four basins
    found = [(i, j) for i in range(1, 199) for j in range(1, 199)
             if len(set(labels[i - 1:i + 2, j - 1:j + 2].ravel().tolist())) == 4]
    assert found
    point = np.mean([starts[i, j] for i, j in found], axis=0)
    assert point == pytest.approx((-0.28, -0.80), abs=0.03)
    assert plots.basin_maps._meeting_point(basin) == pytest.approx(tuple(point))
    # along each edge one border, within 0.23 of the middle lines (the farther start beside it)
    borders = plots.basin_maps._edge_borders(basin)
    assert all(len(found) == 1 for found in borders.values())
    off = max(abs(v) for found in borders.values() for v in found[0])
    assert 0.2 < off <= 0.23
    sentence = said(plots.plot_basin_map(basin))
    assert sentence.endswith("; the four basins meet near (-0.3, -0.8), their borders reaching "
                             "the map's edges within 0.23 of x = 0 and y = 0.")
    for share in basin.fractions:
        assert f"{100 * share:.1f}%" in sentence
    # the row nearest y = -0.6 crosses all four basins within 1 of x = 0
    row = int(np.argmin(np.abs(starts[:, 0, 1] + 0.6)))
    near = np.abs(starts[row, :, 0]) < 1
    assert set(labels[row, near].tolist()) == {0, 1, 2, 3}
    # each quarter still drains mostly to its own minimum, as the shorter clause says
    middle = [np.mean(d) for d in himmelblau.domain]
    shares = []
    for i, m in enumerate(himmelblau.minima):
        mine = ((starts[..., 0] > middle[0]) == (m[0] > middle[0])) & (
            (starts[..., 1] > middle[1]) == (m[1] > middle[1]))
        shares.append(np.mean(labels[mine] == i))
    low, high = (f"{100 * v:.0f}%" for v in (min(shares), max(shares)))
    assert min(shares) >= 0.9
    assert plots.basin_maps._quarters_text(basin) == (
        f"each quarter of the map sends {low} to {high} of its starts to the minimum in it, "
        "the borders near x = 0 and y = 0")
    # two minima, not one in each quarter: no quarters, and no point where all basins meet
    trap_map = basins.basin_map(trap, 20, lr=0.1)
    assert plots.basin_maps._quarters_text(trap_map) == ""
    assert plots.basin_maps._meeting_point(trap_map) is None
    assert plots.basin_maps._meeting_text(trap_map) == ""


def test_the_landscape_says_its_minima_where_they_lie_and_where_descent_ends_on_it():
    sentence = said(plots.plot_surface_and_contour(himmelblau, points={"top": (-0.27, -0.92)}))
    # one minimum in each quarter of the map, each named by where it lies
    assert sentence.startswith("The Himmelblau function has four minima, all at height 0: "
                               "(3, 2) top right, (-2.81, 3.13) top left, (-3.78, -3.28) bottom "
                               "left and (3.58, -1.85) bottom right")
    f_top = himmelblau.f(np.array([-0.27, -0.92]))
    assert f"the point marked top is (-0.27, -0.92), near the middle, where f = {f_top:.4g}" \
        in sentence
    X, Y, Z = geometry.objective_grid(himmelblau)
    row, column = np.unravel_index(np.argmax(Z), Z.shape)
    assert (X[row, column], Y[row, column]) == (5.0, 5.0)
    assert sentence.endswith(f"f rises to {Z.max():.3g} in the top right corner.")
    place = plots.two_d.place_words
    assert place((0.0, 0.0), himmelblau.domain) == "near the middle"
    assert place((-4.0, 0.5), himmelblau.domain) == "left"
    # equally high corners are all said
    assert plots.landscape._peak_text(trap).endswith("in the bottom right and top right corners")
    run = gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=300)
    assert said(plots.plot_surface_and_contour(trap, run)).startswith(
        f"On the trap, descent from (2, 1.5) settles at the local minimum (1, 0) after "
        f"{run.steps} steps; the function has a global minimum at (-2, 0) and a local minimum "
        "at (1, 0)")


@pytest.mark.parametrize("point", [(1.0, 1.5), (-4.0, 0.5)])
def test_partial_slices_say_which_way_f_goes_along_each_slice(point):
    dx, dy = himmelblau.grad(np.array(point))
    trend = {True: "rises", False: "falls"}
    sentence = said(plots.plot_partial_slices(himmelblau, point))
    assert sentence.startswith(f"Slices through ({point[0]:g}, {point[1]:g}) on the "
                               f"{himmelblau.name}: along y = {point[1]:g}, f has ")
    assert f"{trend[dx > 0]} at x = {point[0]:g} (slope {dx:.3g})" in sentence
    assert f"{trend[dy > 0]} at y = {point[1]:g} (slope {dy:.3g})" in sentence
    assert "∂" not in sentence


def test_the_slices_have_the_shape_their_curves_have():
    """Along y = 1.5 through (1, 1.5): valleys near x = -2.9 and 3.1, a bump near -0.25 between;
    along x = 1 a shoulder (a nearly flat stretch) near y = -1.4 and a valley near 2.7. Each
    read off the slice as drawn, so a wrong place would fail."""
    point = np.array([1.0, 1.5])
    found = {axis: plots.landscape.slice_features(himmelblau, point, axis) for axis in (0, 1)}
    t = np.linspace(-5, 5, 20001)
    for axis, features in found.items():
        line = np.repeat(point[None, :], len(t), axis=0)
        line[:, axis] = t
        slope = np.gradient(himmelblau.f(line), t)
        for at, kind in features:
            near = np.abs(t - at) < 0.05
            if kind == "valley":
                assert np.any(slope[near][:-1] < 0) and np.any(slope[near][1:] > 0)
            elif kind == "bump":
                assert np.any(slope[near][:-1] > 0) and np.any(slope[near][1:] < 0)
            else:  # a shoulder: nearly flat, no turn
                assert np.abs(slope[near]).min() < 0.01 * np.abs(slope).max()
                assert np.all(slope[near] < 0) or np.all(slope[near] > 0)
    assert [kind for _, kind in found[0]] == ["valley", "bump", "valley"]
    assert [kind for _, kind in found[1]] == ["flat", "valley"]
    sentence = said(plots.plot_partial_slices(himmelblau, point))
    assert ("along y = 1.5, f has a valley near x = -2.9, a bump near -0.25 and a valley near "
            "3.1, and falls at x = 1 (slope -41.5) towards 3.1") in sentence
    assert ("along x = 1, a shoulder near y = -1.4 and a valley near 2.7, and falls at y = 1.5 "
            "(slope -39.5) towards 2.7") in sentence
    # a bowl: one valley each way, at 0, not at a sample beside it
    bowl_slices = said(plots.plot_partial_slices(bowl, (1.0, -0.5)))
    assert "a valley near x = 0, and rises at x = 1 (slope 2) away from 0" in bowl_slices
    assert "shoulder" not in bowl_slices and "bump" not in bowl_slices


@pytest.mark.parametrize("point, way", [((1.0, 1.5), "up and to the right"),
                                        ((-1.0, -3.0), None)])
def test_the_gradient_field_says_which_way_is_downhill_at_the_point(point, way):
    g = himmelblau.grad(np.array(point))
    angle = np.degrees(np.arctan2(-g[1], -g[0])) % 360
    sentence = said(plots.plot_gradient_field(himmelblau, point=point))
    assert f"minus the gradient points {way or plots.landscape.heading(angle)}" in sentence
    assert "∇" not in sentence and "−" not in sentence
    assert plots.landscape.heading(181.0) == "to the left"
    assert plots.landscape.heading(-80.0) == "down"
    assert said(plots.plot_gradient_field(trap)).endswith("into the valleys of its two minima.")


def test_the_gradient_field_says_what_each_piece_of_the_contour_line_goes_round():
    """Lecture 02: the contour line through (1, 1.5) comes in two pieces, the long one through
    the point round three valleys and a loop round the bottom left one."""
    pieces = plots.landscape.contour_pieces(himmelblau, np.array([1.0, 1.5]))
    assert pieces == [(True, [0, 1, 3]), (False, [2])]
    assert plots.two_d.place_words(himmelblau.minima[2], himmelblau.domain) == "bottom left"
    sentence = said(plots.plot_gradient_field(himmelblau, point=(1.0, 1.5)))
    assert sentence.endswith(f"its contour line, f = {himmelblau.f(np.array([1.0, 1.5])):.3g}, "
                             "has two pieces: one through the point around three minima and a "
                             "loop around the bottom left one.")
    # one piece: nothing about pieces
    assert "pieces" not in said(plots.plot_gradient_field(bowl, point=(1.0, 0.5)))
    assert plots.landscape._pieces_text(bowl, (1.0, 0.5)) == ""


def test_directional_slopes_say_where_f_falls_fastest_and_how_that_compares_with_the_gradient():
    point = np.array([1.0, 1.5])
    angles, slopes = slopes_at(himmelblau, point)
    gradient = himmelblau.grad(point)
    sentence = said(plots.plot_directional_slopes(angles, slopes, gradient))
    best = np.degrees(angles[np.argmin(slopes)])
    worst = np.degrees(angles[np.argmax(slopes)])
    size = np.linalg.norm(gradient)
    # the slope is a cosine wave, zero where the direction runs along the contour line: at
    # right angles to the gradient, where it crosses zero between two sampled directions;
    # highest along the gradient
    descent = np.degrees(np.arctan2(-gradient[1], -gradient[0])) % 360
    zeros = sorted([(descent + 90) % 360, (descent + 270) % 360])
    assert abs((worst - descent - 180 + 180) % 360 - 180) <= 0.5
    assert sentence == (
        f"Among 360 directions the slope of f traces a cosine wave: lowest, {slopes.min():.3g}, "
        f"at {best:.1f}°, the direction of minus the gradient; zero at {zeros[0]:.1f}° and "
        f"{zeros[1]:.1f}°, along the contour line; highest, {slopes.max():.3g}, at {worst:.1f}°, "
        f"along the gradient; no slope falls below minus the gradient's length, {-size:.3g}.")
    assert "∇" not in sentence and "−" not in sentence
    # a gradient that is not f's: the sentence says the figure disagrees with it, and the slopes
    # are no cosine wave of that gradient
    wrong = said(plots.plot_directional_slopes(angles, slopes, -gradient / 2))
    assert "not the direction of minus the gradient" in wrong and "some slope falls below" in wrong
    assert "cosine" not in wrong


def test_steps_across_contours_say_the_angles_of_leaving_and_landing():
    run = gradient_descent(himmelblau.grad, (0.0, 0.0), 0.01, steps=200)
    sentence = said(plots.plot_steps_across_contours(himmelblau, run, steps=9))
    assert sentence.startswith(f"On the {himmelblau.name}, each of the first 9 steps of descent "
                               "from (0, 0) leaves its contour line at a right angle and lands")
    # momentum carries a step off the square: the sentence no longer claims a right angle
    heavy = gradient_descent(trap.grad, (2.0, 1.5), 0.1, momentum=0.8)
    assert "(90° is a right angle)" in said(plots.plot_steps_across_contours(trap, heavy))


def test_steps_across_contours_say_how_the_path_bends_and_where_it_ends():
    """Lecture 02: the path bends steadily to the right, from heading up and to the right to
    just below level, and ends up and to the left of the minimum (3, 2)."""
    run = gradient_descent(himmelblau.grad, (0.0, 0.0), 0.01, steps=200)
    steps = np.diff(run.path[:10], axis=0)
    headings = np.degrees(np.arctan2(steps[:, 1], steps[:, 0]))
    assert np.all(np.diff(headings) < 0) and headings[0] > 0 > headings[-1]
    end = run.path[9]
    assert end[0] < 3 and end[1] > 2
    sentence = said(plots.plot_steps_across_contours(himmelblau, run, steps=9))
    assert sentence.endswith(
        f"; the path bends steadily to the right, from {headings[0]:.0f}° above level to "
        f"{-headings[-1]:.0f}° below it, and ends at ({end[0]:.3g}, {end[1]:.3g}), up and to the "
        "left of the minimum (3, 2).")
    # a path that turns both ways says so, and no angles above or below level
    heavy = gradient_descent(trap.grad, (2.0, 1.5), 0.1, momentum=0.8)
    bend = plots.landscape._bend_text(trap, heavy.path[:10])
    assert bend.startswith("the path turns both ways, first heading ") and "level" not in bend


def test_a_sentence_too_long_is_cut_at_a_word():
    long = " ".join(["word"] * 100)
    cut = plots.descriptions.fitting(long)
    assert len(cut) <= 300 and cut.endswith("word...")
    assert plots.descriptions.fitting(long, "short") == "short"
    runs = {f"a run with a very long name number {k}": gradient_descent(bowl.grad, (1.5, k / 10),
                                                                        0.1) for k in range(12)}
    assert len(said(plots.plot_descent_2d(bowl, runs))) <= 300
