"""Static 1-D figures: titled, labelled, with a legend, and showing the data they are given."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import functions, palette, plots  # noqa: E402
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
        assert fig.axes[0].get_xlim() == quartic.domain  # both runs stay inside the domain
    assert side_by_side.axes[0].get_title().endswith(f"ends at x = {slow.final:.3g}")


@pytest.mark.parametrize("build", [plots.plot_lr_regimes, plots.plot_runs_1d])
def test_a_diverging_run_leaves_the_view_with_an_arrow_and_gets_a_log_axis(build):
    """One treatment in both builders: the view is not widened for a run that diverges, its path
    stops at the edge with an arrow (no last-step diamond), its x_k axis is logarithmic, and
    the panels then keep their own y axes."""
    good = gradient_descent(quartic.grad, 1.3, 0.2, steps=20)
    wild = gradient_descent(quartic.grad, 1.3, 1.2, steps=20)
    fig = build(quartic, {"good": good, "wild": wild})
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
