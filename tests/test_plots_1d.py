"""Static 1-D figures: titled, labelled, with a legend, and showing the data they are given."""

import re
from types import SimpleNamespace

import matplotlib
import matplotlib.text

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import functions, palette, plots  # noqa: E402
from helpers.calculus import numerical_derivative  # noqa: E402
from helpers.solvers import gradient_descent  # noqa: E402
from refusals import assert_refused_before_drawing  # noqa: E402

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


# ---------------------------------------------------------------- one figure for runs side by side


def test_regimes_and_runs_side_by_side_are_one_figure_with_one_wording():
    slow = gradient_descent(quartic.grad, 1.3, 0.01, steps=20)
    good = gradient_descent(quartic.grad, 1.3, 0.2, steps=20)
    runs = {"slow": slow, "good": good}
    regimes = plots.plot_lr_regimes(quartic, runs)
    side_by_side = plots.plot_runs_1d(quartic, runs)
    for fig in (regimes, side_by_side):
        assert fig.axes[0].get_title().startswith("slow\nstill moving after 20 steps")
        assert fig.axes[1].get_title().startswith(f"good\nconverged after {good.steps} steps")
    assert side_by_side.axes[0].get_xlim() == quartic.domain  # both runs stay inside it
    swinging = gradient_descent(quartic.grad, 1.3, 0.6, steps=40)  # lecture 1's oscillating run
    title = plots.plot_lr_regimes(quartic, {"oscillating": swinging}).axes[0].get_title()
    assert title == "oscillating\nstill bouncing after 40 steps"
    low, high = regimes.axes[0].get_xlim()  # the regimes zoom in on where the runs go
    assert low < 1.0 < 1.3 < high and high - low < 0.5 * np.ptp(quartic.domain)
    assert side_by_side.axes[0].get_title().endswith(f"ends at x = {slow.final:.3g}")


def test_a_diverging_run_leaves_the_view_with_an_arrow_and_gets_a_log_axis():
    """In plot_runs_1d: the view is not widened for a run that diverges, its path stops at the
    edge with an arrow (no last-step diamond), its x_k axis is logarithmic, and the panels then
    keep their own y axes."""
    good = gradient_descent(quartic.grad, 1.3, 0.2, steps=20)
    wild = gradient_descent(quartic.grad, 1.3, 1.2, steps=20)
    fig = plots.plot_runs_1d(quartic, {"good": good, "wild": wild})
    top, bottom = fig.axes[1], fig.axes[3]
    assert top.get_xlim() == quartic.domain
    assert top.get_title() == f"wild\ndiverged after {wild.steps} steps" or (
        top.get_title().startswith(f"wild\ndiverged after {wild.steps} steps, ends at"))
    arrows = [t for t in top.texts if t.get_text().startswith("off the chart at step")]
    assert len(arrows) == 1 and arrows[0].arrow_patch is not None
    assert not [line for line in top.lines if line.get_label() == "last step"]
    assert bottom.get_yscale() == "symlog" and fig.axes[2].get_yscale() == "linear"
    assert "log scale beyond ±3" in bottom.get_title()
    assert np.allclose(bottom.lines[0].get_ydata(), wild.path)  # every iterate, unclipped
    assert_well_labelled(fig)


# ---------------------------------------------------------------- the learning-rate figures

REGIMES = {"quartic": (quartic, 1.3, (0.01, 0.2, 0.6, 1.2)),
           "cubic": (functions.cubic(), 1.5, (0.01, 0.1, 0.3, 0.6))}


def regimes_figure(name):
    objective, start, rates = REGIMES[name]
    names = ("too small", "good", "oscillating", "diverging")
    runs = {f"{n}: lr = {lr:g}": gradient_descent(objective.grad, start, lr, steps=40)
            for n, lr in zip(names, rates, strict=True)}
    return plots.plot_lr_regimes(objective, runs), runs


def texts_of(fig):
    """Every piece of text a figure shows: titles, labels, tick labels, legends, annotations."""
    fig.canvas.draw()
    found = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()
             and t.get_visible()]
    return found


@pytest.mark.parametrize("name", REGIMES)
def test_regimes_fit_the_column_with_text_of_9_pt_or_more(name):
    fig, _ = regimes_figure(name)
    assert fig.get_size_inches()[0] * fig.dpi <= 1000  # JupyterLab shows it at full size
    small = [(t.get_text(), t.get_fontsize()) for t in texts_of(fig) if t.get_fontsize() < 9]
    assert not small


@pytest.mark.parametrize("name", REGIMES)
def test_regimes_legend_lists_every_mark_once_below_the_panels(name):
    fig, runs = regimes_figure(name)
    assert not any(ax.get_legend() for ax in fig.axes)  # no legend over the data
    (legend,) = fig.legends
    labels = [t.get_text() for t in legend.get_texts()]
    assert len(labels) == len(set(labels))
    for mark in ("known minima", "descent path", "start", "last step",
                 plots.one_d.EDGE_LABEL, "x of a known minimum (bottom row)"):
        assert mark in labels
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = legend.get_window_extent(renderer)
    assert all(box.y1 <= ax.get_tightbbox(renderer).y0 + 1 for ax in fig.axes[4:])


@pytest.mark.parametrize("name", REGIMES)
def test_a_diverging_regime_ends_at_an_edge_marker_with_its_steps_numbered(name):
    fig, runs = regimes_figure(name)
    wild = list(runs.values())[-1]
    assert wild.diverged
    top, bottom = fig.axes[3], fig.axes[7]
    edges = [line for line in top.lines if line.get_label() == plots.one_d.EDGE_LABEL]
    assert len(edges) == 1 and edges[0].get_marker() in "<>^v"
    assert edges[0].get_color() == palette.DIVERGED != palette.PATH  # not a step of the path
    (x,), (y,) = edges[0].get_data()
    (x_low, x_high), (y_low, y_high) = top.get_xlim(), top.get_ylim()
    on_frame = [np.isclose(x, x_low), np.isclose(x, x_high), np.isclose(y, y_low),
                np.isclose(y, y_high)]
    assert any(on_frame) and x_low <= x <= x_high and y_low <= y <= y_high
    assert all(t.arrow_patch is None for t in top.texts)  # no arrow, numbers only
    numbers = sorted(int(t.get_text()) for t in top.texts)
    path = np.ravel(wild.path)
    inside = np.flatnonzero((path < x_low) | (path > x_high))[0]
    assert numbers == list(range(inside))  # every step shown on the curve is numbered
    assert not [line for line in top.lines if line.get_label() == "last step"]
    assert bottom.get_yscale() == "symlog" and "log" in bottom.get_ylabel()
    assert np.allclose(bottom.lines[0].get_ydata(), wild.path)  # every iterate, unclipped


@pytest.mark.parametrize("name", REGIMES)
def test_the_top_row_zooms_in_so_that_each_regimes_path_can_be_seen(name):
    """The runs that stay in view get a zoomed top row holding all their iterates, where each
    path is several markers long and the last steps of "too small" and "good" lie apart; the
    diverging panel shows the whole domain with the zoomed window shaded."""
    objective, _, _ = REGIMES[name]
    fig, runs = regimes_figure(name)
    fig.canvas.draw()
    tops = fig.axes[:4]
    window = tops[0].get_xlim()
    assert np.ptp(window) < 0.5 * np.ptp(objective.domain)
    ends = []
    for ax, run in zip(tops[:3], list(runs.values())[:3], strict=True):
        assert ax.get_xlim() == window and "zoomed in" in ax.get_xlabel()
        path = np.ravel(run.path)
        assert window[0] < path.min() and path.max() < window[1]
        (start,) = [line for line in ax.lines if line.get_label() == "start"]
        pixels = ax.transData.transform(np.column_stack([path, objective.f(path)]))
        assert np.ptp(pixels[:, 0]) > 4 * start.get_markersize()
        ends.append(pixels[-1])
    assert np.hypot(*(ends[0] - ends[1])) > 10  # too small stops visibly short of good's end
    wild = tops[3]
    assert wild.get_xlim() == objective.domain
    (band,) = [p for p in wild.patches if p.get_label() == plots.runs_1d.ZOOM_LABEL]
    assert np.allclose([band.get_x(), band.get_x() + band.get_width()], window)


@pytest.mark.parametrize("name", REGIMES)
def test_step_numbers_sit_next_to_their_points_and_cover_no_line(name):
    fig, runs = regimes_figure(name)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    top = fig.axes[3]
    boxes = []
    for label in top.texts:
        box = label.get_window_extent(renderer)
        point = top.transData.transform(label.xy)
        centre = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
        assert np.hypot(*(centre - point)) < 30  # next to its point
        for line in top.lines:
            xy = np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float)
            xy = xy[np.all(np.isfinite(xy), axis=1)]
            pixels = line.get_transform().transform(xy)
            if line.get_linestyle() not in ("None", "none") and len(pixels) > 1:
                t = np.linspace(0, 1, 50)[:, None, None]
                pixels = (pixels[:-1] + t * (pixels[1:] - pixels[:-1])).reshape(-1, 2)
            inner = box.padded(-1)
            assert not np.any((pixels[:, 0] > inner.x0) & (pixels[:, 0] < inner.x1)
                              & (pixels[:, 1] > inner.y0) & (pixels[:, 1] < inner.y1)), \
                (label.get_text(), line.get_label())
        assert all(not box.overlaps(other) for other in boxes)
        boxes.append(box)


def test_the_first_step_numbers_of_a_descent_do_not_crowd_and_the_minimum_shows():
    """Steps 1 and 2 of the quartic from 1.8 lie 10 px apart: their numbers must not meet or
    cover the path, and the last-step diamond at the minimum x = 1 sits on the minimum's larger
    hollow triangle, drawn under the path, so the triangle's corners show round the diamond."""
    fig = plots.plot_descent_1d(quartic, gradient_descent(quartic.grad, 1.8, 0.1, tol=1e-6))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    (ax,) = fig.axes
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert sorted(t.get_text() for t in ax.texts) == ["0", "1", "2"]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    (path,) = [line for line in ax.lines if line.get_label() == "descent path"]
    pixels = ax.transData.transform(path.get_xydata())
    for box in boxes:
        inner = box.padded(-1)
        assert not np.any((pixels[:, 0] > inner.x0) & (pixels[:, 0] < inner.x1)
                          & (pixels[:, 1] > inner.y0) & (pixels[:, 1] < inner.y1))
    (minima,) = [line for line in ax.lines if line.get_label() == "known minima"]
    (diamond,) = [line for line in ax.lines if line.get_label() == "last step"]
    assert minima.get_marker() == "^" and minima.get_markerfacecolor() == "none"
    assert minima.get_zorder() < path.get_zorder() < diamond.get_zorder()
    assert minima.get_markersize() > 2 * diamond.get_markersize()


@pytest.mark.parametrize("name", REGIMES)
def test_log_axis_tick_labels_never_meet(name):
    fig, _ = regimes_figure(name)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes[4:]:
        boxes = [t.get_window_extent(renderer) for t in ax.get_yticklabels()
                 if t.get_text() and t.get_visible()]
        boxes = [b for b in boxes if ax.bbox.y0 - 5 <= (b.y0 + b.y1) / 2 <= ax.bbox.y1 + 5]
        boxes.sort(key=lambda b: b.y0)
        assert all(low.y1 <= high.y0 for low, high in zip(boxes, boxes[1:], strict=False)), \
            ax.get_title()


def test_the_arrow_of_the_hill_puzzle_is_in_the_legend():
    fig = plots.plot_direction_cases(quartic)
    assert fig.get_size_inches()[0] * fig.dpi <= 1000
    for ax in fig.axes:
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "the step: against the slope" in labels and "you are here" in labels
    assert not [t for t in texts_of(fig) if t.get_fontsize() < 9]


@pytest.mark.parametrize("build", [
    lambda: plots.plot_descent_1d(quartic, gradient_descent(quartic.grad, 1.8, 0.1)),
    lambda: plots.plot_difference_errors(quartic.f, quartic.grad, 0.7),
    lambda: plots.plot_tangent(quartic, 0.5),
])
def test_one_panel_figures_of_lecture_01_have_text_of_9_pt_or_more(build):
    fig = build()
    assert fig.get_size_inches()[0] * fig.dpi <= 1000
    assert not [(t.get_text(), t.get_fontsize()) for t in texts_of(fig) if t.get_fontsize() < 9]


# ---------------------------------------------------------------- bad arguments

NAN = float("nan")
STRANGERS = ("a", None, True)  # the wrong type for a number
COUNTS = STRANGERS + (NAN, 2.5, -1, 0, 1)  # none of them a number of points (>= 2)


def run():
    return gradient_descent(quartic.grad, 1.3, 0.2, steps=5)


REFUSALS = {
    "plot_function_1d points": (lambda v: plots.plot_function_1d(quartic, points=v), "points",
                                COUNTS),
    "plot_function_1d show_minima": (lambda v: plots.plot_function_1d(quartic, show_minima=v),
                                     "show_minima", ("a", None, NAN, 1)),
    "draw_curve view": (lambda v: plots.draw_curve(plt.gca(), quartic, v), "view",
                        ("a", True, NAN, (1.0, 0.0), (0.0, NAN), (0.0,))),
    "plot_tangent x": (lambda v: plots.plot_tangent(quartic, v), "x", STRANGERS + (NAN,)),
    "plot_tangent half_width": (lambda v: plots.plot_tangent(quartic, 0.5, half_width=v),
                                "half_width", STRANGERS + (NAN, -1, 0)),
    "plot_descent_1d numbered": (lambda v: plots.plot_descent_1d(quartic, run(), numbered=v),
                                 "numbered", STRANGERS + (NAN, 2.5, -1)),
    "plot_direction_cases step": (lambda v: plots.plot_direction_cases(quartic, step=v), "step",
                                  STRANGERS + (NAN, -1, 0)),
    "plot_direction_cases starts": (lambda v: plots.plot_direction_cases(quartic, v), "starts",
                                    STRANGERS + (NAN, (), (0.5, NAN))),
    "plot_difference_errors x": (lambda v: plots.plot_difference_errors(
        quartic.f, quartic.grad, v), "x", STRANGERS + (NAN,)),
    "plot_difference_errors hs": (lambda v: plots.plot_difference_errors(
        quartic.f, quartic.grad, 0.7, v), "hs", ("a", True, NAN, (), (1e-3, -1e-3), (0, 1e-3))),
    "plot_lr_regimes runs": (lambda v: plots.plot_lr_regimes(quartic, v), "runs",
                             STRANGERS + (NAN, {})),
    "plot_runs_1d runs": (lambda v: plots.plot_runs_1d(quartic, v), "runs", STRANGERS + (NAN, {})),
    "plot_runs_1d width": (lambda v: plots.plot_runs_1d(quartic, {"a": run()}, width=v), "width",
                           STRANGERS + (NAN, -1, 0)),
    "plot_runs_1d height": (lambda v: plots.plot_runs_1d(quartic, {"a": run()}, height=v),
                            "height", STRANGERS + (NAN, -1, 0)),
    "plot_runs_1d log_distance": (lambda v: plots.plot_runs_1d(quartic, {"a": run()},
                                                               log_distance=v),
                                  "log_distance", ("a", None, NAN, 1)),
    "plot_runs_1d points": (lambda v: plots.plot_runs_1d(quartic, {"a": run()},
                                                         points={"M": v}),
                            "points", STRANGERS + (NAN,)),
}
FLAGS = {"show_minima", "log_distance"}  # True or False: any other value is the wrong type
INTEGERS = {"plot_function_1d points", "plot_descent_1d numbered"}


def expected_error(case: str, name: str, bad) -> type[Exception]:
    """A TypeError when the type is wrong (a string, None, a bool where a number belongs, a
    fraction for an integer, anything but a dict for runs), else a ValueError."""
    if name in FLAGS or isinstance(bad, (str, bool)) or bad is None:
        return TypeError
    if name == "runs" and not isinstance(bad, dict):
        return TypeError
    if case in INTEGERS and isinstance(bad, float) and not float(bad).is_integer():
        return TypeError
    return ValueError


@pytest.mark.parametrize("case, bad", [(case, bad) for case, (_, _, bads) in REFUSALS.items()
                                       for bad in bads])
def test_every_builder_names_the_argument_it_refuses_and_leaves_no_figure(case, bad):
    call, name, _ = REFUSALS[case]
    plt.figure()  # the axes draw_curve gets
    assert_refused_before_drawing(lambda: call(bad), name, expected_error(case, name, bad))


def test_runs_on_a_kink_show_the_first_steps_and_the_distance_that_the_title_quotes():
    """Lecture 03's |x| figure: on a V the path on the curve shows nothing, so the top row is x_k
    for the first steps; the bottom row's last value is the one the title quotes, on an axis that
    says it is logarithmic."""
    absolute = functions.absolute()
    decaying = gradient_descent(absolute.grad, 0.75, 0.2, steps=1000, lr_decay=0.5)
    fig = plots.plot_runs_1d(absolute, {"fixed": gradient_descent(absolute.grad, 0.75, 0.2,
                                                                  steps=1000),
                                        "decaying": decaying}, log_distance=True)
    top, bottom = fig.axes[1], fig.axes[3]
    first = top.lines[0]
    np.testing.assert_allclose(first.get_ydata(), decaying.path[:41])
    envelope = bottom.lines[0].get_ydata()
    assert envelope[-1] == pytest.approx(np.abs(decaying.path[-10:]).max())
    bound = plots.one_d.bound_words(envelope[-1])  # rounded up: a bound that holds
    assert float(bound) >= envelope[-1]
    assert f"last 10 iterates within {bound} of x* = 0" in top.get_title()
    assert "log scale" in bottom.get_ylabel() and "log scale" in fig.axes[2].get_ylabel()


# ---------------------------------------------------------------- one sentence per figure
# Each builder describes its figure (plots.description, the image's alt text) from the numbers it
# drew: these tests recompute the outcome from the data and find it in the sentence, so a
# sentence that lied would fail them.

cubic = functions.cubic()
absolute = functions.absolute()
COLOUR_WORDS = ("blue", "orange", "green", "red", "vermillion", "pink", "purple", "yellow",
                "sky", "grey", "gray", "olive", "black")


def described(fig):
    sentence = plots.description(fig)
    assert sentence is not None and len(sentence) <= 300, sentence
    assert not [word for word in COLOUR_WORDS if word in sentence.lower().split()], sentence
    return sentence


def clause_of(sentence, name):
    """The part of a runs sentence about the run ``name``: from its name (after the lead's ": "
    or a "; ") to the next "; " or the full stop."""
    start = [m.end() for m in re.finditer(rf"(?:: |; ){re.escape(name)} ", sentence)][-1]
    start -= len(name) + 1
    end = sentence.find("; ", start)
    return (sentence[start:] if end < 0 else sentence[start:end]).removesuffix(".")


def expected_state(result):
    if result.diverged or result.converged:
        return "diverges" if result.diverged else "converges"
    return "bounces" if plots.one_d.bounce(result.path) else "is still moving"


def test_the_curve_says_its_range_and_which_minima_are_marked():
    sentence = described(plots.plot_function_1d(quartic))
    assert sentence.startswith("Over x from -3 to 2.2, the quartic runs between f = -2.67 and")
    assert "the global minimum x = -2 (f = -2.67)" in sentence
    assert "the local minimum x = 1 (f = -0.417)" in sentence
    relu = described(plots.plot_function_1d(functions.relu()))
    assert relu == "Over x from -2 to 2, f(x) = max(0, x) runs between f = 0 and f = 2."
    assert "marked" not in described(plots.plot_function_1d(quartic, show_minima=False))


def test_the_tangent_says_its_slope_and_which_way_the_curve_goes():
    falling = described(plots.plot_tangent(quartic, 0.5))
    assert f"f'(0.5) = {float(quartic.grad(0.5)):.3g}" in falling and "falls as x grows" in falling
    rising = described(plots.plot_tangent(quartic, -0.9))
    assert f"f'(-0.9) = {float(quartic.grad(-0.9)):.3g}" in rising and "rises" in rising
    assert "is flat" in described(plots.plot_tangent(quartic, 1.0))  # f'(1) = 0


def test_a_descent_says_where_it_ends_after_how_many_steps():
    result = gradient_descent(quartic.grad, 1.8, 0.1)
    sentence = described(plots.plot_descent_1d(quartic, result))
    steps = np.abs(np.diff(result.path))
    # it never crosses x = 1: it comes in from the right
    assert np.all(np.ravel(result.path) > 1.0)
    assert sentence == (f"Descent on the quartic from x = 1.8 comes in from the right and "
                        f"converges at the local minimum x = 1 after {result.steps} steps, not at "
                        f"the global minimum x = -2; big steps first, then tiny ones: the first "
                        f"{steps[0]:.2g} long, the last "
                        f"{plots.one_d.number_words(steps[-1])}.")
    assert steps[0] == steps.max() and steps[-1] < 1e-6
    assert "e-0" not in sentence  # a tiny step is said in words, never in e-notation
    left = gradient_descent(quartic.grad, -0.5, 0.1)
    assert left.converged
    # from -0.5 the steps first grow as the slope steepens: no "big steps first"
    assert (f"from x = -0.5 comes in from the right and converges at the global minimum x = -2 "
            f"after {left.steps} steps." in described(plots.plot_descent_1d(quartic, left)))
    # a run that lands on both sides of the minimum does not come in from one side
    swinging = gradient_descent(quartic.grad, 1.3, 0.5)
    assert swinging.converged and np.ravel(swinging.path).min() < 1 < swinging.path[0]
    assert "comes in from" not in described(plots.plot_descent_1d(quartic, swinging))
    short = gradient_descent(quartic.grad, 1.8, 0.01, steps=5)
    assert not short.converged
    assert "big steps first" not in described(plots.plot_descent_1d(quartic, short))
    assert (f"is still moving after 5 steps, at x = {short.final:.3g}, closing in on x = 1 from "
            "the right" in described(plots.plot_descent_1d(quartic, short)))


def test_small_numbers_are_said_in_words():
    words = plots.one_d.number_words
    assert [words(v) for v in (0.55, 0.0064, 1.3e-7, 1e-6, 4.2e-5, 3e-13, 0.0)] == [
        "0.55", "0.0064", "1.3 ten-millionths", "1 millionth", "4.2 hundred-thousandths",
        "3e-13", "0"]


def test_names_and_functions_are_said_without_symbols():
    """Bars are not read out ("f(x) = |x|" is heard as "f(x) = x"), nor is "lr" or "sqrt"."""
    assert plots.one_d.function_words(absolute) == "the absolute value of x"
    assert plots.one_d.function_words(cubic) == "f(x) = x cubed minus 3x"
    names = plots.one_d.name_words
    assert names("smooth |x| (sharpness 4)") == "smooth absolute value (sharpness 4)"
    assert names("huber (delta 1)") == "Huber (delta 1)"
    assert names("too small: lr = 0.01") == "too small: learning rate 0.01"
    assert names("lr 0.2 / sqrt(k + 1)") == (
        "learning rate 0.2 divided by the square root of (k + 1)")
    assert names("plain descent") == "plain descent"


def test_a_diverging_descent_says_at_which_step_it_leaves_the_chart():
    wild = gradient_descent(quartic.grad, 1.8, 1.5)
    assert wild.diverged
    leaves = int(np.flatnonzero((wild.path < -3.0) | (wild.path > 2.2))[0])
    way = "left" if wild.path[leaves] < -3.0 else "right"
    sentence = described(plots.plot_descent_1d(quartic, wild))
    assert sentence.endswith(f"diverges, leaving the chart on the {way} at step {leaves}.")
    assert "converges" not in sentence and "bump" not in sentence  # it leaves at once
    # a run that crosses the bump at x = 0 before it leaves says so
    over = gradient_descent(quartic.grad, 1.3, 1.2)
    assert np.ravel(over.path)[1] < 0 < np.ravel(over.path)[0]
    assert "diverges, crossing the bump at x = 0 at step 1 and leaving the chart on the left" \
        in described(plots.plot_descent_1d(quartic, over))


def test_a_descent_drawn_on_given_axes_leaves_the_description_to_its_caller():
    fig, ax = plt.subplots()
    plots.plot_descent_1d(quartic, gradient_descent(quartic.grad, 1.8, 0.1), ax=ax)
    assert plots.description(fig) is None


def test_the_hill_puzzle_says_which_way_each_step_goes():
    sentence = described(plots.plot_direction_cases(quartic))
    right = (f"in case 1, at x = 0.6 the slope {float(quartic.grad(0.6)):.2f} is negative, so "
             "step right")
    left = (f"in case 2, at x = -0.9 the slope {float(quartic.grad(-0.9)):.2f} is positive, so "
            "step left")
    assert sentence.startswith("Two panels on the quartic, each with a tangent and a step")
    # each step heads down into the valley beyond it: f only falls from x to that minimum
    assert right + ", down into the valley of x = 1" in sentence
    assert left + ", down into the valley of x = -2" in sentence
    flat = plots.plot_direction_cases(quartic, starts=(1.0,))  # f'(1) = 0: no way is downhill
    assert "the slope 0.00 is zero, so stay" in described(flat)
    assert "panels" not in described(flat) and "case" not in described(flat)
    assert "is zero" in flat.axes[0].get_title()
    # left of the cubic's bump the way down has no minimum: no valley is named
    lost = described(plots.plot_direction_cases(cubic, starts=(-2.0,)))
    assert "step left" in lost and "valley" not in lost
    assert plots.one_d._valley_ahead(cubic, 2.0, float(cubic.grad(2.0))) == 1.0
    assert plots.one_d._valley_ahead(cubic, -2.0, float(cubic.grad(-2.0))) is None


def _powers(values):
    return [f"1e{round(np.log10(v))}" for v in values]


def test_the_difference_errors_make_a_v_bottoming_out_where_the_data_do():
    """Read from large h to small, each error falls, bottoms out and climbs again: the V the
    lecture's prose asks the reader to see, with where each bottoms out and how low."""
    hs = np.logspace(-15, -1, 57)
    sentence = described(plots.plot_difference_errors(quartic.f, quartic.grad, 0.7))
    errors = {scheme: np.array([abs(numerical_derivative(quartic.f, 0.7, h, scheme)
                                    - quartic.grad(0.7)) for h in hs])
              for scheme in ("forward", "backward", "central")}
    best = {scheme: int(np.argmin(e)) for scheme, e in errors.items()}
    (h_one,) = set(_powers([hs[best["forward"]], hs[best["backward"]]]))
    low_f, low_b = _powers([errors["forward"].min(), errors["backward"].min()])
    (h_c,), (low_c,) = _powers([hs[best["central"]]]), _powers([errors["central"].min()])
    assert sentence.startswith("At x = 0.7 each error makes a V on the log-log axes: as h shrinks "
                               "from 0.1 the forward and backward errors fall like h and the "
                               "central like h squared, then round-off makes them climb again")
    assert (f"forward and backward bottom out near h = {h_one}, at about {low_f} and {low_b}, "
            f"central near h = {h_c}, at about {low_c}") in sentence
    assert (h_one, low_f, low_b, h_c, low_c) == ("1e-8", "1e-9", "1e-8", "1e-6", "1e-11")
    # every error grows again at the smallest h: that is the V
    assert all(e[0] > 10 * e.min() for e in errors.values())
    # no V where round-off never shows: the best scheme, its error and h
    coarse = described(plots.plot_difference_errors(quartic.f, quartic.grad, 0.7,
                                                    hs=[1e-3, 1e-2, 1e-1]))
    assert "makes a V" not in coarse and "round-off" not in coarse
    assert coarse.startswith("At x = 0.7 the central difference gets closest to the exact "
                             "derivative") and "h near 1e-3" in coarse
    assert described(plots.plot_difference_errors(quartic.f, quartic.grad, -1.2)) != sentence


def test_the_difference_errors_say_how_fast_each_falls_with_h():
    """On log-log axes the one-sided errors fall like h and the central one like h squared,
    fitted where truncation rules (h at least 100 times the best h)."""
    hs = np.logspace(-15, -1, 57)
    errors = {scheme: np.array([abs(numerical_derivative(quartic.f, 0.7, h, scheme)
                                    - quartic.grad(0.7)) for h in hs])
              for scheme in ("forward", "backward", "central")}
    slopes = plots.one_d._fitted_slopes(hs, errors)
    assert abs(slopes["forward"] - 1) < 0.1 and abs(slopes["backward"] - 1) < 0.1
    assert abs(slopes["central"] - 2) < 0.1
    candidates = plots.one_d._errors_candidates(0.7, hs, errors)
    # the V first (the figure's shape); where it does not fit, the fitted slopes
    assert "makes a V" in candidates[0]
    assert any(f"on the log-log axes the forward and backward errors fall like h (fitted slopes "
               f"{slopes['forward']:.2f} and {slopes['backward']:.2f}) and the central error "
               f"falls like h squared (fitted slope {slopes['central']:.2f}) before round-off "
               "takes over" in candidate for candidate in candidates if "V" not in candidate)
    law = plots.one_d._law
    assert (law(1.04), law(1.97), law(1.5), law(0.2)) == (
        "like h", "like h squared", "with slope 1.50", "with slope 0.20")


def regime_clause(sentence, rate):
    """The part of a regimes sentence about the run with learning rate ``rate``: from
    "0.01 (too small)" (after "learning rate " or "; ") to the next "; " or the full stop."""
    start = re.search(rf"(?:learning rate |; ){re.escape(rate)} \(", sentence).end()
    start -= len(rate) + 2
    end = sentence.find("; ", start)
    return (sentence[start:] if end < 0 else sentence[start:end]).removesuffix(".")


@pytest.mark.parametrize("name", REGIMES)
def test_the_regimes_say_how_each_run_ends(name):
    fig, runs = regimes_figure(name)
    sentence = described(fig)
    objective, start, rates = REGIMES[name]
    assert f"from x = {start:g}, learning rate {rates[0]:g} (too small) " in sentence
    assert "lr" not in sentence.split()  # "learning rate", said once, in words
    for (run_name, result), rate in zip(runs.items(), rates, strict=True):
        clause = regime_clause(sentence, f"{rate:g}")
        kind = run_name.split(":")[0]
        assert clause.startswith(f"{rate:g} ({kind}) ")
        if not result.diverged:
            assert f"{result.steps} steps" in clause or "bounces" in clause
            assert f"x = {result.final:.3g}" in clause or f"across x = {result.final:.3g}" \
                in clause
    bouncing = regime_clause(sentence, f"{rates[2]:g}")  # lr = 0.6 / 0.3: shrinking bounces
    assert bouncing.endswith("bounces ever smaller across x = 1")


@pytest.mark.parametrize("name", REGIMES)
def test_a_diverging_regime_says_where_it_leaves_and_how_it_runs_off(name):
    """The diverging run's way off the chart, read off what the figure draws: the step that
    leaves the view, the edge its marker sits on, and what x does after that (the bottom row):
    on the quartic it lands on the other side of the view at every step, each time farther out
    (it swings ever wider), on the cubic it runs off to the left; then where it is when the
    solver stops. With room for more, the bump of f it crosses (where f' turns from positive to
    negative), the bottom row and "diverged after ..." are said too."""
    fig, runs = regimes_figure(name)
    sentence = described(fig)
    objective, _, rates = REGIMES[name]
    wild = list(runs.values())[-1]
    top = fig.axes[3]
    path = np.ravel(wild.path)
    low, high = top.get_xlim()
    leaves = int(np.flatnonzero((path < low) | (path > high))[0])
    tail = path[leaves:] - (low + high) / 2
    assert np.all(np.diff(np.abs(tail)) > 0)  # farther out at every step
    swings = bool(np.all(np.sign(tail[1:]) == -np.sign(tail[:-1])))
    assert swings == (name == "quartic") and (swings or np.all(tail < 0))
    how = "swings ever wider" if swings else "runs off further left"
    assert path[leaves] < low  # both leave heading left
    assert regime_clause(sentence, f"{rates[3]:g}") == (
        f"{rates[3]:g} (diverging) exits on the left at step {leaves}, then {how}, to "
        f"x = {path[-1]:.2g} at step {wild.steps}")
    assert (leaves, wild.steps, f"{path[-1]:.2g}") == {
        "quartic": (3, 6, "5.4e+10"), "cubic": (5, 8, "-1.8e+10")}[name]
    # the longer wordings, for when there is room
    view = plots.runs_1d._view(objective, runs)
    assert (view[0], view[1]) == pytest.approx((low, high))
    longer = "swings from side to side ever wider" if swings else "runs off ever further left"
    assert plots.runs_1d._runaway(wild, view, row=True) == (
        f"then {longer} (bottom row), to x = {path[-1]:.2g}: diverged after {wild.steps} steps")
    xs = np.linspace(low, high, 20001)
    slope = objective.grad(xs)
    (bump,) = xs[:-1][(slope[:-1] > 0) & (slope[1:] <= 0)]
    landed = [k for k in range(1, leaves) if (path[k - 1] - bump) * (path[k] - bump) < 0]
    (marker,) = [line.get_marker() for line in top.lines
                 if line.get_label() == plots.one_d.EDGE_LABEL]
    side = {"<": "on the left", ">": "on the right", "v": "at the bottom left",
            "^": "at the top left"}[marker]
    way = plots.one_d.run_outcome(objective, wild, view, detail=0, terse=True, shape=True,
                                  named=True, exit_side=plots.one_d.exit_side(
                                      top, objective, wild.path, view))
    assert way == (f"crosses the bump at x = {round(bump, 2) + 0.0:g} at step {landed[0]} and "
                   f"exits the chart {side} at step {leaves}")
    assert len(landed) == 1 and (landed[0], leaves) == {"quartic": (1, 3), "cubic": (4, 5)}[name]
    # a run that stays in view has no run-off; one that comes back into view "reaches" its end
    tame = list(runs.values())[1]
    assert plots.runs_1d._runaway(tame, view) == ""
    back = SimpleNamespace(path=np.array([0.0, -9.0, 12.0, 1.0]), steps=3, diverged=True)
    assert plots.runs_1d._runaway(back, (-2.0, 2.0), short=True) == "then reaches x = 1 at step 3"
    assert plots.runs_1d._runaway(back, (-2.0, 2.0), row=True) == (
        "then reaches x = 1 (bottom row): diverged after 3 steps")
    # named otherwise, the runs are said as plot_runs_1d says them, "diverges" and all
    plain = {f"run {k}": r for k, r in enumerate(runs.values())}
    other = described(plots.plot_lr_regimes(objective, plain))
    assert f"diverges, crossing the bump at x = {round(bump, 2) + 0.0:g} " in other
    assert f"and leaving the chart {side} at step {leaves}." in other


def test_a_run_bounces_when_its_last_steps_turn_back_each_time():
    one_d = plots.one_d
    assert one_d.bounce([1.3, 0.5, 1.2, 0.9, 1.05, 0.98]) == "shrinking"
    assert one_d.bounce([0.6475, 1.2573] * 6) == "not shrinking"
    assert one_d.bounce([1.0, 1.1, 0.8, 1.4, 0.2]) == "growing"
    assert one_d.bounce([1.3, 1.2, 1.1, 1.05, 1.02]) is None  # creeping one way
    assert one_d.bounce([1.3, 0.5, 1.2, 1.1, 1.0, 0.9]) is None  # turned back, then crept
    assert one_d.bounce([1.3, 0.5, 1.2]) is None  # too few steps to tell
    # in a sentence: around a known minimum, "from side to side" of it ...
    shrinking = gradient_descent(quartic.grad, 1.3, 0.6, steps=40)
    words = plots.one_d.run_outcome(quartic, shrinking, quartic.domain)
    assert words.endswith("bounces from side to side of the local minimum x = 1, the bounces "
                          "shrinking, not settled after 40 steps")
    assert "is still moving" not in words
    # ... bounces that do not shrink, between its last two values; exactly two values repeating
    # for ever; a run creeping one way is still moving
    cubic = REGIMES["cubic"][0]
    cycle = gradient_descent(cubic.grad, 1.5, 0.35, steps=2000)  # lecture 1's 2-cycle
    assert cycle.path[-1] == cycle.path[-3] and cycle.path[-2] == cycle.path[-4]
    assert plots.one_d.run_outcome(cubic, cycle, cubic.domain, detail=0) == (
        "keeps flipping between x = 0.647 and x = 1.26 for ever, not settled after 2000 steps")
    almost = np.concatenate([cycle.path[:-1], [cycle.path[-1] + 1e-9]])
    assert plots.one_d._bounce_words(cubic, almost, 1.0, "not shrinking", "2000 steps", 0, "") \
        == "bounces between x = 0.647 and x = 1.26 without shrinking, not settled after 2000 steps"
    slow = gradient_descent(quartic.grad, 1.3, 0.01, steps=40)
    assert "is still moving" in plots.one_d.run_outcome(quartic, slow, quartic.domain)
    runs = {"slow": slow, "swinging": shrinking}
    assert "1 bounces from side to side" in plots.runs_1d._counted(runs)


def test_the_regimes_of_two_functions_are_described_apart():
    assert described(regimes_figure("quartic")[0]) != described(regimes_figure("cubic")[0])


def test_runs_side_by_side_name_the_points_the_bump_crossings_and_the_overshoot():
    """Lecture 3's momentum figure: which runs end at the local minimum C, which cross the bump
    at x = 0 (how often) and how far they overshoot."""
    runs = {f"momentum {beta}" if beta else "plain descent": gradient_descent(
        quartic.grad, 2.0, lr=0.1, steps=1000, momentum=beta) for beta in (0.0, 0.8, 0.97)}
    sentence = described(plots.plot_runs_1d(quartic, runs, points={"M": 2.0, "C": 1.0}))
    assert sentence.startswith("On the quartic from M (x = 2): ")
    plain, heavy, heavier = runs.values()
    crossed = [int(np.sum(np.diff(np.sign(np.ravel(r.path))) != 0)) for r in runs.values()]
    assert crossed == [0, 1, 4]
    assert (clause_of(sentence, "plain descent")
            == f"plain descent converges to x = 1 (C) in {plain.steps} steps")
    assert clause_of(sentence, "momentum 0.8") == (
        f"momentum 0.8 crosses the bump at x = 0, overshoots to x = {heavy.path.min():.3g} and "
        f"converges to x = -2 in {heavy.steps} steps")
    assert clause_of(sentence, "momentum 0.97") == (
        f"momentum 0.97 overshoots to x = {heavier.path.min():.3g}, crosses the bump at x = 0 "
        f"four times and converges to x = 1 (C) in {heavier.steps} steps")
    alone = plots.plot_runs_1d(quartic, {"plain": plain}, points={"M": 2.0, "C": 1.0})
    one = described(alone)
    # one run leaves room for the rows: the path on the curve above, x after each step below
    top, bottom = alone.axes
    assert top.get_ylabel() == "f(x)" and bottom.get_title() == "x after each step"
    np.testing.assert_allclose(bottom.lines[0].get_ydata(), np.ravel(plain.path))
    assert one == (f"On the quartic from M (x = 2), with the path on the curve above and x after "
                   f"each step below: plain comes in from the right and converges at the local "
                   f"minimum x = 1 (C) after {plain.steps} steps, not at the global minimum "
                   "x = -2.")
    # crossings said with their steps when there is room, the last one of many
    words = plots.one_d.run_outcome(quartic, heavier, (-3.2, 2.2), detail=0, shape=True)
    last = int(np.flatnonzero(np.diff(np.sign(np.ravel(heavier.path))) != 0)[-1]) + 1
    assert words.startswith(f"crosses the bump at x = 0 four times, the last at step {last}, ")
    assert plots.one_d.bumps(quartic, (-3.2, 2.2)) == [0.0]
    assert plots.one_d.bumps(cubic, cubic.domain) == [-1.0]
    assert plots.one_d.bumps(absolute, absolute.domain) == []


def test_runs_from_different_starts_say_each_start():
    runs = {"right": gradient_descent(quartic.grad, 1.8, 0.1),
            "left": gradient_descent(quartic.grad, -2.5, 0.1)}
    sentence = described(plots.plot_runs_1d(quartic, runs))
    assert sentence.startswith("On the quartic: right from x = 1.8 comes in from the right and "
                               "converges")
    assert "left from x = -2.5 comes in from the left and converges at the global minimum" \
        in sentence


def test_many_runs_are_counted_when_naming_each_would_be_too_long():
    rates = np.linspace(0.05, 1.2, 12)
    runs = {f"run with learning rate {lr:.3f}": gradient_descent(quartic.grad, 1.3, lr, steps=40)
            for lr in rates}
    sentence = described(plots.plot_runs_1d(quartic, runs))
    states = [expected_state(r) for r in runs.values()]
    assert sentence.startswith("On the quartic from x = 1.3, of 12 runs ")
    for state, one, many in (("converges", "converges", "converge"),
                             ("diverges", "diverges", "diverge"),
                             ("is still moving", "is still moving", "are still moving")):
        count = states.count(state)
        if count:
            assert f"{count} {one if count == 1 else many}" in sentence


def test_runs_on_a_kink_say_how_close_each_one_ends():
    fixed = gradient_descent(absolute.grad, 0.75, 0.2, steps=1000)
    decaying = gradient_descent(absolute.grad, 0.75, 0.2, steps=1000, lr_decay=0.5)
    fig = plots.plot_runs_1d(absolute, {"fixed": fixed, "decaying": decaying},
                             log_distance=True)
    sentence = described(fig)
    # the rows: x for the first 40 steps above, the distance to the minimum on a log scale below
    assert sentence.startswith("On the absolute value of x from x = 0.75, x for the first 40 "
                               "steps above, its distance to the minimum x = 0 below (log "
                               "scale): ")
    top, bottom = fig.axes[0], fig.axes[2]
    assert len(top.lines[0].get_xdata()) == 41 and bottom.get_yscale() == "log"
    assert bottom.get_title() == "distance to the minimum, x* = 0"
    # the fixed rate lands on 0.15 and -0.05 in turn, exactly, for ever, from step 3 on
    path = np.ravel(fixed.path)
    assert path[-1] == path[-3] and path[-2] == path[-4]
    assert np.all(path[3:-2] == path[5:]) and path[2] != path[4]
    assert plots.one_d.flipping_since(fixed.path) == 3
    assert clause_of(sentence, "fixed") == (
        "fixed keeps flipping between x = -0.05 and x = 0.15 from step 3 on, for ever")
    # every one of the last ten iterates within the bound, rounded up so that it holds: none
    # of them at 0
    last = np.abs(decaying.path[-10:])
    bound = plots.one_d.bound_words(last.max())
    assert np.all(last <= float(bound)) and np.all(last > 0) and bound == "0.0064"
    assert clause_of(sentence, "decaying") == (
        f"decaying {expected_state(decaying)} after {decaying.steps} steps, its last 10 iterates "
        f"all within {bound} of x = 0")
    # two runs told by their distance: the closer is said; no room for the rows, so the
    # minimum is named in each clause
    slower = gradient_descent(absolute.grad, 0.75, 0.1, steps=1000, lr_decay=0.5)
    two = described(plots.plot_runs_1d(absolute, {"a": slower, "b": decaying}, log_distance=True))
    near = {name: np.abs(run.path[-10:]).max() for name, run in (("a", slower), ("b", decaying))}
    assert near["a"] < near["b"]
    assert two.startswith("On the absolute value of x from x = 0.75: a ")
    assert clause_of(two, "a").endswith(
        f"its last 10 iterates all within {plots.one_d.bound_words(near['a'])} of the minimum "
        "x = 0, the closest run")
    assert "closest" not in clause_of(two, "b")
    # each run named once, in words: no "lr", no "sqrt", the root's argument in brackets
    named = described(plots.plot_runs_1d(absolute, {"lr 0.2 / sqrt(k + 1)": decaying,
                                                    "fixed lr 0.2": fixed}, log_distance=True))
    assert named.count("learning rate 0.2 divided by the square root of (k + 1)") == 1
    assert "sqrt" not in named and "lr" not in named.split() and "x*" not in named
    assert plots.one_d.flipping(fixed.path) == (fixed.path[-1], fixed.path[-2])
    assert plots.one_d.flipping(decaying.path) is None
    assert plots.one_d.flipping_since(decaying.path) is None


def test_the_subgradients_say_which_lines_stay_under_the_kink():
    sentence = described(plots.plot_subgradients())
    assert sentence.startswith("Left panel: lines through the kink of the absolute value of x at "
                               "0 with slope g")
    assert ("stay under it for g = -1, -0.5, 0, 0.5 and 1, the lines g = -1 and 1 lying along its "
            "arms, and cross it for g = 1.5") in sentence
    assert "; right panel: its slope jumps from -1 to +1 at 0" in sentence
    assert "|" not in sentence  # bars are not read out
    other = described(plots.plot_subgradients((0.25, 2.0, -3.0)))
    assert "stay under it for g = 0.25 and cross it for g = 2 and -3" in other
    assert "along" not in other  # no line drawn lies along an arm
    one_arm = described(plots.plot_subgradients((0.5, 1.0)))
    assert "the line g = 1 lying along its right arm" in one_arm
    assert "each crosses it" in described(plots.plot_subgradients((2.0,)))


def test_the_stand_ins_say_how_close_each_stays_nearest_first_and_on_which_side():
    xs = np.linspace(-2, 2, 801)
    smooth = [functions.smooth_absolute(b) for b in (1, 4, 16)]
    huber = functions.huber(1.0)
    sentence = described(plots.plot_stand_ins(absolute, smooth + [huber]))
    gaps = {s.name: np.abs(s.f(xs) - np.abs(xs)) for s in smooth + [huber]}
    largest = {name: gap.max() for name, gap in gaps.items()}
    below = all(np.all(s.f(xs) <= np.abs(xs)) for s in smooth + [huber])
    assert below and sorted(largest, key=largest.get) == [
        "smooth |x| (sharpness 16)", "smooth |x| (sharpness 4)", "huber (delta 1)",
        "smooth |x| (sharpness 1)"]
    # each bound rounded up, never down: sharpness 1 reaches 1.13 at x = 2, so "within 1.2"
    g = {name.split("(")[1].rstrip(")"): plots.one_d.bound_words(gap)
         for name, gap in largest.items()}
    assert all(float(g[name.split("(")[1].rstrip(")")]) >= gap for name, gap in largest.items())
    assert g == {"sharpness 1": "1.2", "sharpness 4": "0.35", "sharpness 16": "0.087",
                 "delta 1": "0.5"}
    # each gap 0 at the kink and growing away from it, to its largest at both ends
    for gap in gaps.values():
        assert gap[400] == 0 and np.all(np.diff(gap[400:]) >= 0) and np.all(np.diff(gap[:401]) <= 0)
        assert gap[0] == gap[-1] == gap.max()
    assert sentence == (
        "Four stand-ins for the absolute value of x, all below it, each 0 at the kink x = 0, "
        f"farthest at x = -2 and 2: smooth absolute value (sharpness 16) within "
        f"{g['sharpness 16']}, sharpness 4 within {g['sharpness 4']}, Huber (delta 1) within "
        f"{g['delta 1']}, sharpness 1 within {g['sharpness 1']}; the kink's slope jumps from -1 "
        "to 1 at x = 0, theirs do not.")
    assert "|" not in sentence
    # f''(0) of smooth |x| is b / 2: 0.5, 2 and 8, steeper the sharper
    two = described(plots.plot_stand_ins(absolute, smooth[1:]))
    assert two.startswith("Two stand-ins for the absolute value of x, both below it, each 0 at "
                          "the kink x = 0, farthest at x = -2 and 2, nearest first: ")
    assert "never exactly 0" not in two  # |x| is flat nowhere
    assert plots.kinks._steeper(smooth[1:], 0.0) == (
        "the sharper the stand-in, the steeper its slope at the kink")
    # softplus lies above ReLU by log(1 + e^(-b|x|)) / b: largest at the kink, log 2 / b, and
    # shrinking away from it, the reverse of smooth |x|; ReLU by name
    soft = functions.softplus(4.0)
    gap = soft.f(xs) - np.maximum(xs, 0)
    assert np.argmax(gap) == 400
    assert np.all(np.diff(gap[400:]) < 0) and np.all(np.diff(gap[:401]) > 0)
    assert gap.max() == pytest.approx(np.log(2) / 4)
    relu = described(plots.plot_stand_ins(functions.relu(), [soft]))
    assert relu == (f"For f(x) = max(0, x), the ReLU, the stand-in softplus (sharpness 4), above "
                    f"it, farthest at the kink x = 0, stays within "
                    f"{plots.one_d.bound_words(np.log(2) / 4)}; the ReLU's slope jumps from 0 to "
                    "1 at x = 0, its slope does not; where it is flat the stand-in's is never "
                    "exactly 0.")
    assert plots.one_d.bound_words(np.log(2) / 4) == "0.18"  # 0.173, rounded up
    family = described(plots.plot_stand_ins(functions.relu(),
                                            [functions.softplus(b) for b in (1, 4, 16)]))
    assert family == (
        "Three stand-ins for f(x) = max(0, x), the ReLU, all above it and farthest at the kink "
        "x = 0, nearest first: softplus (sharpness 16) within 0.044, sharpness 4 within 0.18, "
        "sharpness 1 within 0.7; the ReLU's slope jumps from 0 to 1 at x = 0, theirs do not; "
        "where it is flat theirs are never exactly 0.")
    assert [plots.one_d.bound_words(np.log(2) / b) for b in (16, 4, 1)] == ["0.044", "0.18",
                                                                            "0.7"]
    assert np.log(2) / 16 > 0.043  # what "within 0.043" would have claimed
    kinks = plots.kinks
    assert kinks._gap_shape(absolute, smooth, xs, 0.0)[0] == "ends"
    assert kinks._gap_shape(functions.relu(), [soft], xs, 0.0)[0] == "kink"
    assert kinks._gap_shape(absolute, smooth + [soft], xs, 0.0) is None  # not alike
    assert kinks._gap_shape(absolute, smooth, xs, None) is None  # no single kink
    # no side where a stand-in crosses the kinked function; no x where none is farthest
    crossing = described(plots.plot_stand_ins(functions.relu(), [huber, functions.softplus(4.0)]))
    assert "lying" not in crossing
    kinks = plots.kinks
    assert kinks._side(functions.relu(), [huber], xs) == ""
    assert kinks._widest_at(absolute, smooth, xs) is None  # farthest at both ends
    assert kinks._widest_at(functions.relu(), [functions.softplus(4.0)], xs) == 0
    # no clause where it would not hold: one of each family, or a stand-in flat where the kink is
    assert kinks._steeper([functions.softplus(4.0), functions.huber(1.0)], 0.0) == ""
    assert kinks._never_flat(functions.relu(), [functions.huber(1.0)], xs) == ""


def test_a_bound_is_rounded_up_so_that_it_holds():
    """"within", "at most" and "up to" in a sentence: the number said is never below the one
    measured (1.13 is "within 1.2", not "within 1.1"); a lower bound is rounded down."""
    one_d = plots.one_d
    assert [one_d.bound_words(v) for v in (1.13, 0.5, 0.0866, np.log(2) / 16, 9.96, 1.23e-13)] \
        == ["1.2", "0.5", "0.087", "0.044", "10", "1.3e-13"]
    assert one_d.round_up(0.3 + 0.01 - 0.3) == 0.01  # float64 noise is not rounded up
    assert one_d.round_down(5.55e-17) == 5.5e-17 and one_d.round_down(0.5) == 0.5
    assert one_d.round_up(-1.13) == -1.1 and one_d.round_down(-1.13) == -1.2
    values = np.geomspace(1e-9, 1e9, 1000) * np.pi
    assert all(one_d.round_up(v) >= v and float(one_d.bound_words(v)) == one_d.round_up(v)
               for v in values)
    # a run still moving near a minimum: the distance said is at least the distance it has
    slow = gradient_descent(quartic.grad, 1.3, 0.05, steps=30)
    gap = abs(float(slow.final) - 1.0)
    assert 0.0015 < gap < 0.0016  # "within 0.0015" would be false
    words = one_d.run_outcome(quartic, slow, quartic.domain)
    assert words == "is still moving after 30 steps, within 0.0016 of the local minimum x = 1"
