"""The explorers of lectures 02 and 03, driven headlessly: every slider at both ends of its range,
every function, and the click on the map that starts a descent. The plotted data and the label
must match what the solver returns, and nothing plotted may be NaN or far off the view."""

import html

import numpy as np
import pytest

from helpers import functions
from helpers.geometry import domain_extent
from helpers.solvers import gradient_descent
from helpers.widgets import DescentExplorer2D, KinkExplorer, MomentumExplorer
from helpers.widgets.descent_2d import SUGGESTED, TWO_D, contour_data, objective_named, summary_2d
from helpers.widgets.kinks import BOLD, FAINT, KINKED, VIEW, kinked_objective, summary_kink
from helpers.widgets.look import EDGE_GLYPHS, cut_at_view, step_axis_end
from helpers.widgets.momentum import summary_momentum


def assert_label_states(explorer, facts: dict, message: str) -> None:
    label = explorer.label.value
    for name, value in facts.items():
        assert f"<b>{html.escape(name)}</b> {html.escape(str(value))}" in label
    assert html.escape(message) in label


def assert_finite_in_view(objective, *marks) -> None:
    (x_low, x_high), (y_low, y_high) = objective.domain
    mx, my = 0.05 * (x_high - x_low) + 1e-9, 0.05 * (y_high - y_low) + 1e-9
    for mark in marks:
        x, y = np.asarray(mark.x, dtype=float), np.asarray(mark.y, dtype=float)
        assert x.size and np.all(np.isfinite(x)) and np.all(np.isfinite(y))
        assert np.all((x >= x_low - mx) & (x <= x_high + mx))
        assert np.all((y >= y_low - my) & (y <= y_high + my))


def assert_path_marks(objective, result, path_mark, end_mark, edge_mark):
    """The path is drawn up to where it first leaves the map, ending there in the edge marker
    (pointing the way it went) instead of the last-step diamond. Returns the step it left at."""
    shown, left_after, side = cut_at_view(result.path, domain_extent(objective.domain))
    np.testing.assert_array_equal(path_mark.x, shown[:, 0])
    np.testing.assert_array_equal(path_mark.y, shown[:, 1])
    if left_after is None:
        np.testing.assert_array_equal(end_mark.x, shown[-1:, 0])
        np.testing.assert_array_equal(end_mark.y, shown[-1:, 1])
        assert len(edge_mark.x) == 0
    else:
        assert len(end_mark.x) == 0
        np.testing.assert_array_equal(edge_mark.x, shown[-1:, 0])
        np.testing.assert_array_equal(edge_mark.y, shown[-1:, 1])
        assert list(edge_mark.text) == [EDGE_GLYPHS[side]]
    return left_after


def click(explorer, x: float, y: float) -> None:
    """What bqplot's click-to-add does in the browser: the explorer's click-catching mark
    receives the clicked point."""
    with explorer.clicks.hold_trait_notifications():
        explorer.clicks.x = np.append(explorer.clicks.x, x)
        explorer.clicks.y = np.append(explorer.clicks.y, y)


# ---------------------------------------------------------------- the 2-D explorer


def check_descent_2d(explorer: DescentExplorer2D) -> None:
    c = explorer.controls
    objective = objective_named(c["function"].value)
    lr, start = c["lr"].value, (c["x0"].value, c["y0"].value)
    expected = gradient_descent(objective.grad, start, lr, steps=c["steps"].value)
    np.testing.assert_array_equal(explorer.result.path, expected.path)
    left = assert_path_marks(objective, expected, explorer.path, explorer.end, explorer.edge)
    np.testing.assert_array_equal(explorer.start.x, [start[0]])
    np.testing.assert_array_equal(explorer.start.y, [start[1]])
    assert_finite_in_view(objective, explorer.path, explorer.start)
    assert_label_states(
        explorer, summary_2d(objective, expected, lr, c["steps"].value, left), expected.message
    )
    (x_low, x_high), (y_low, y_high) = objective.domain
    assert (explorer.x_scale.min, explorer.x_scale.max) == (x_low, x_high)
    assert (explorer.y_scale.min, explorer.y_scale.max) == (y_low, y_high)
    xs, ys, colours = contour_data(c["function"].value)
    np.testing.assert_array_equal(explorer.contours.x, xs)
    assert len(colours) == len(xs) and np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))


@pytest.mark.parametrize("function", list(TWO_D))
def test_descent_2d_every_slider_at_both_ends(function):
    explorer = DescentExplorer2D(function=function)
    check_descent_2d(explorer)
    for slider in explorer.sliders.values():
        for value in (slider.min, slider.max):
            slider.value = value
            check_descent_2d(explorer)


def test_descent_2d_largest_learning_rate_diverges_with_a_message_and_a_pinned_path():
    explorer = DescentExplorer2D(function="elongated bowl", lr=1.0)
    assert explorer.result.diverged
    assert "Diverged" in explorer.label.value
    assert "stable below 2/L</b> 0.2" in explorer.label.value
    assert "<b>off the map</b> from step 1 on" in explorer.label.value
    assert list(explorer.edge.text) == [EDGE_GLYPHS["bottom"]]
    assert "leaves the view" in explorer.figure.legend_box.value
    check_descent_2d(explorer)


def test_descent_2d_switching_function_moves_to_its_suggested_start_and_rate():
    explorer = DescentExplorer2D(function="Himmelblau")
    for name in TWO_D:
        explorer.controls["function"].value = name
        lr, start = SUGGESTED[name]
        assert explorer.controls["lr"].value == pytest.approx(lr)
        assert (explorer.controls["x0"].value, explorer.controls["y0"].value) == pytest.approx(
            start
        )
        (x_low, x_high), (y_low, y_high) = objective_named(name).domain
        assert (explorer.controls["x0"].min, explorer.controls["x0"].max) == (x_low, x_high)
        assert (explorer.controls["y0"].min, explorer.controls["y0"].max) == (y_low, y_high)
        check_descent_2d(explorer)


@pytest.mark.parametrize("function", list(TWO_D))
def test_descent_2d_click_starts_a_descent_there_even_at_the_corners(function):
    explorer = DescentExplorer2D(function=function)
    (x_low, x_high), (y_low, y_high) = objective_named(function).domain
    for x, y in [(x_low, y_low), (x_high, y_high), (x_low, y_high), (0.37, -0.21)]:
        click(explorer, x, y)
        assert (explorer.controls["x0"].value, explorer.controls["y0"].value) == (x, y)
        check_descent_2d(explorer)
    click(explorer, x_high + 3.0, y_low - 3.0)  # outside the map: clipped to its corner
    assert (explorer.controls["x0"].value, explorer.controls["y0"].value) == (x_high, y_low)
    check_descent_2d(explorer)
    explorer.start_at(x_low - 1.0, y_high + 1.0)
    assert (explorer.controls["x0"].value, explorer.controls["y0"].value) == (x_low, y_high)
    check_descent_2d(explorer)


def test_descent_2d_rejects_unknown_functions():
    with pytest.raises(ValueError, match="function must be one of"):
        DescentExplorer2D(function="rosenbrock")


def test_descent_2d_keeps_x_and_y_at_the_same_scale():
    explorer = DescentExplorer2D(function="trap")
    layout = explorer.figure.layout
    width, height = int(layout.width[:-2]), int(layout.height[:-2])
    margin = explorer.figure.fig_margin
    plot_w, plot_h = (
        width - margin["left"] - margin["right"],
        height - margin["top"] - margin["bottom"],
    )
    (x_low, x_high), (y_low, y_high) = functions.trap().domain
    assert plot_w / plot_h == pytest.approx((x_high - x_low) / (y_high - y_low), rel=0.01)
    assert (
        explorer.figure.min_aspect_ratio
        == explorer.figure.max_aspect_ratio
        == pytest.approx(width / height)
    )


# ---------------------------------------------------------------- the momentum explorer


def check_momentum(explorer: MomentumExplorer) -> None:
    c = explorer.controls
    objective = functions.trap()
    start, lr, steps, beta = (
        (c["x0"].value, c["y0"].value),
        c["lr"].value,
        c["steps"].value,
        c["momentum"].value,
    )
    plain = gradient_descent(objective.grad, start, lr, steps=steps)
    heavy = gradient_descent(objective.grad, start, lr, steps=steps, momentum=beta)
    np.testing.assert_array_equal(explorer.plain.path, plain.path)
    np.testing.assert_array_equal(explorer.result.path, heavy.path)
    plain_left = assert_path_marks(
        objective, plain, explorer.plain_path, explorer.plain_end, explorer.plain_edge
    )
    heavy_left = assert_path_marks(objective, heavy, explorer.path, explorer.end, explorer.edge)
    # One mark, a row per run (plain, then momentum): each row is the run's heights on the map,
    # then, to the length of the longer row, its last point again.
    traces = explorer.traces
    assert list(traces.labels) == ["plain descent", "with momentum"]
    assert np.shape(traces.x) == np.shape(traces.y) and len(traces.x) == 2
    for row, (result, left) in enumerate(((plain, plain_left), (heavy, heavy_left))):
        on_map = result.path[: left or len(result.path)]
        n = len(on_map)
        np.testing.assert_array_equal(traces.y[row][:n],
                                      np.clip(objective.f(on_map), *explorer.f_range))
        np.testing.assert_array_equal(traces.x[row][:n], np.arange(n))
        assert np.all(traces.x[row][n:] == n - 1)
        assert np.all(traces.y[row][n:] == traces.y[row][n - 1])
        assert np.all(np.isfinite(traces.y[row]))
    longest = max(len(plain.path[: plain_left or None]), len(heavy.path[: heavy_left or None]))
    assert np.shape(traces.x) == (2, max(2, longest))
    # The step axis spans the allowed steps (rounded up, so that it fills at least 3/4 of the
    # axis), ticked at whole steps; the height axis is the function's: no slider but steps (and
    # the function) moves them.
    assert (explorer.k_scale.min, explorer.k_scale.max) == (0, step_axis_end(steps))
    assert max(steps, 1) <= step_axis_end(steps) < max(steps, 1) * 4 / 3 + 1
    ticks = list(explorer.trace_figure.axes[0].tick_values)
    assert ticks[0] == 0 and all(float(t).is_integer() for t in ticks) and len(ticks) <= 8
    assert (explorer.f_scale.min, explorer.f_scale.max) == explorer.f_range
    assert_finite_in_view(objective, explorer.path, explorer.plain_path, explorer.start)
    assert_label_states(
        explorer,
        summary_momentum(objective, plain, heavy, beta, c["steps"].value, (plain_left, heavy_left)),
        "With momentum: " + heavy.message,
    )


def test_momentum_every_slider_at_both_ends():
    explorer = MomentumExplorer()
    check_momentum(explorer)
    for slider in explorer.sliders.values():
        for value in (slider.min, slider.max):
            slider.value = value
            check_momentum(explorer)


def test_momentum_default_tells_the_lesson():
    explorer = MomentumExplorer(momentum=0.8, lr=0.1, steps=300, start=(2.0, 1.5))
    assert "plain descent</b> 67 of 300 steps → local minimum (1, 0)" in explorer.label.value
    assert "momentum 0.8</b> 131 of 300 steps → global minimum (-2, 0)" in explorer.label.value
    explorer.controls["steps"].value = 1000
    explorer.controls["momentum"].value = 0.97
    assert "momentum 0.97</b> 930 of 1000 steps → local minimum (1, 0)" in explorer.label.value


def test_momentum_click_starts_both_runs_there():
    explorer = MomentumExplorer()
    (x_low, x_high), (y_low, y_high) = functions.trap().domain
    for x, y in [(x_low, y_low), (x_high, y_high), (x_high + 1, y_low - 1), (-0.5, 0.5)]:
        click(explorer, x, y)
        assert explorer.start_point == (min(max(x, x_low), x_high), min(max(y, y_low), y_high))
        check_momentum(explorer)


def test_momentum_slider_reuses_the_plain_run():
    explorer = MomentumExplorer()
    plain = explorer.plain
    explorer.controls["momentum"].value = 0.5
    assert explorer.plain is plain
    explorer.controls["lr"].value = 0.05
    assert explorer.plain is not plain
    check_momentum(explorer)


# ---------------------------------------------------------------- the kink explorer


def check_kink(explorer: KinkExplorer) -> None:
    c = explorer.controls
    objective = kinked_objective(c["function"].value, c["sharpness"].value, c["delta"].value)
    lr, lr_decay = c["lr"].value, c["lr_decay"].value
    expected = gradient_descent(
        objective.grad, c["x0"].value, lr, steps=c["steps"].value, lr_decay=lr_decay
    )
    np.testing.assert_array_equal(explorer.result.path, expected.path)
    shown = np.clip(expected.path, *VIEW)
    np.testing.assert_array_equal(explorer.path.x, shown)
    np.testing.assert_array_equal(explorer.path.y, objective.f(shown))
    np.testing.assert_array_equal(explorer.trace.y, shown)
    np.testing.assert_array_equal(explorer.end.x, shown[-1:])
    for name, curve in explorer.curves.items():  # every curve drawn, the chosen one bold
        shape = kinked_objective(name, c["sharpness"].value, c["delta"].value)
        np.testing.assert_array_equal(curve.y, shape.f(curve.x))
        assert curve.stroke_width == (BOLD if name == c["function"].value else FAINT)
    marks = [explorer.path, explorer.trace, explorer.start, explorer.end, *explorer.curves.values()]
    for mark in marks:
        assert np.all(np.isfinite(mark.x)) and np.all(np.isfinite(mark.y))
    assert_label_states(
        explorer,
        summary_kink(
            objective,
            expected,
            lr,
            lr_decay,
            c["steps"].value,
            c["sharpness"].value,
            c["delta"].value,
        ),
        expected.message,
    )


@pytest.mark.parametrize("function", KINKED)
def test_kink_every_slider_at_both_ends(function):
    explorer = KinkExplorer(function=function)
    check_kink(explorer)
    for slider in explorer.sliders.values():
        for value in (slider.min, slider.max):
            slider.value = value
            check_kink(explorer)


def test_kink_fixed_rate_bounces_and_decay_settles():
    explorer = KinkExplorer(function="|x|", lr=0.2, start=0.75, steps=300)
    assert abs(explorer.result.x) == pytest.approx(0.05) or abs(explorer.result.x) == pytest.approx(
        0.15
    )
    explorer.controls["lr_decay"].value = 0.5
    assert abs(explorer.result.x) < 0.2 / np.sqrt(299)
    check_kink(explorer)


def test_kink_rejects_unknown_functions():
    with pytest.raises(ValueError, match="function must be one of"):
        KinkExplorer(function="sign")


def test_kink_stand_in_sliders_redraw_their_curve_whichever_function_is_chosen():
    explorer = KinkExplorer(function="|x|")
    result = explorer.result
    for name, slider, value in (("Huber", "delta", 0.1), ("smooth |x|", "sharpness", 50.0)):
        before = np.array(explorer.curves[name].y)
        explorer.controls[slider].value = value
        assert not np.allclose(explorer.curves[name].y, before)
        # Descent still runs on |x|; the label states the stand-in's new shape.
        np.testing.assert_array_equal(explorer.result.path, result.path)
        check_kink(explorer)


def test_kink_legend_names_the_toggles_and_stays_put():
    explorer = KinkExplorer(function="smooth |x|")
    legend = explorer.figure.legend_box.value
    for name in KINKED:
        assert f"</svg>{html.escape(name)}<" in legend
    assert not any(mark.display_legend for fig in explorer.figures for mark in fig.marks)
    explorer.controls["sharpness"].value = 3.98107
    explorer.controls["delta"].value = 0.3
    assert explorer.figure.legend_box.value == legend  # no raw numbers in the legend
    assert [list(c.labels) for c in explorer.curves.values()] == [[n] for n in KINKED]


def test_momentum_moves_neither_axis_of_the_height_plot():
    explorer = MomentumExplorer()

    def ranges():
        return (
            explorer.k_scale.min,
            explorer.k_scale.max,
            explorer.f_scale.min,
            explorer.f_scale.max,
        )

    before = ranges()
    for beta in (0.0, 0.5, 0.97, 0.99):
        explorer.controls["momentum"].value = beta
        assert ranges() == before
    assert sorted(explorer.minimum_levels.labels) == [
        "f at the minimum (-2, 0)",
        "f at the minimum (1, 0)",
    ]


def test_a_run_growing_off_the_map_is_not_told_more_steps_may_help():
    """At lr = 0.21 on the elongated bowl (2/L = 0.2) the run leaves the map at step 6 but its
    numbers stay below the solver's bound for 100 steps: the solver says "stopped without
    converging", and the explorer says why more steps will not help."""
    explorer = DescentExplorer2D(function="elongated bowl", lr=0.18, start=(1.5, 1.2), steps=100)
    explorer.sliders["lr"].value = 0.21
    result = explorer.result
    assert not (result.converged or result.diverged)
    assert "more steps may help" in result.message
    label = explorer.label.value
    assert "more steps may help" not in label
    assert "left the map at step 6 and its steps are still growing" in label
    assert "the learning rate is too large here" in label
    explorer.sliders["lr"].value = 0.1  # a run that stays on the map keeps the solver's words
    assert explorer.result.message.replace("'", "&#x27;") in explorer.label.value
