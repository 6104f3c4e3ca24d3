"""The 1-D explorer, driven headlessly: every slider at both ends, the function switch."""

import numpy as np
import pytest

from helpers import functions
from helpers.solvers import gradient_descent
from helpers.widgets import DescentExplorer1D, Explorer
from helpers.widgets.descent_1d import summary_1d
from helpers.widgets.look import EDGE_GLYPHS, cut_at_view


def expected(explorer):
    c = explorer.controls
    objective = functions.ONE_D[c["function"].value]()
    result = gradient_descent(
        objective.grad, c["x0"].value, c["lr"].value, steps=c["steps"].value, tol=c["tol"].value
    )
    return objective, result


def assert_shows_the_solver(explorer):
    objective, result = expected(explorer)
    assert np.array_equal(explorer.result.path, result.path)
    x_scale, y_scale = explorer.x_scale, explorer.y_scale
    extent = (x_scale.min, x_scale.max, y_scale.min, y_scale.max)
    with np.errstate(over="ignore", invalid="ignore"):
        points = np.column_stack([result.path, objective.f(result.path)])
    shown, left_after, side = cut_at_view(points, extent)
    assert np.array_equal(explorer.path.x, shown[:, 0])
    assert np.array_equal(explorer.path.y, shown[:, 1])
    # Everything drawn is finite and in the view.
    for mark in (explorer.path, explorer.tangent, explorer.start, explorer.end, explorer.edge):
        assert np.isfinite(mark.x).all() and np.isfinite(mark.y).all()
    for mark in (explorer.path, explorer.start, explorer.end, explorer.edge):
        assert np.all((mark.x >= extent[0]) & (mark.x <= extent[1]))
        assert np.all((mark.y >= extent[2]) & (mark.y <= extent[3]))
    assert explorer.start.x.tolist() == [result.path[0]]
    if left_after is None:  # the last step is marked, and no edge marker is drawn
        assert explorer.end.x.tolist() == [result.path[-1]] and len(explorer.edge.x) == 0
    else:  # the run left the view: an edge marker where it left, no last-step diamond
        assert len(explorer.end.x) == 0 and explorer.edge.x.tolist() == [shown[-1, 0]]
        assert list(explorer.edge.text) == [EDGE_GLYPHS[side]]
    c = explorer.controls
    facts = summary_1d(
        objective,
        result,
        c["steps"].value,
        lr=c["lr"].value,
        tol=c["tol"].value,
        left_after=left_after,
    )
    for name, value in facts.items():
        assert f"{value}" in explorer.label.value, name
    assert result.message.replace("'", "&#x27;") in explorer.label.value


@pytest.fixture
def explorer():
    return DescentExplorer1D()


def test_it_is_a_displayable_explorer_with_all_controls(explorer):
    assert isinstance(explorer, Explorer)
    assert set(explorer.controls) == {"function", "lr", "x0", "steps", "tol"}
    assert set(explorer.sliders) == {"lr", "x0", "steps", "tol"}
    assert "gd-explorer" in explorer._dom_classes
    assert Explorer.live[explorer.model_id] is explorer
    assert_shows_the_solver(explorer)


@pytest.mark.parametrize("function", ["quartic", "cubic"])
@pytest.mark.parametrize("name", ["lr", "x0", "steps", "tol"])
@pytest.mark.parametrize("end", ["min", "max"])
def test_every_slider_at_both_ends(explorer, function, name, end):
    explorer.controls["function"].value = function
    slider = explorer.controls[name]
    slider.value = getattr(slider, end)
    assert_shows_the_solver(explorer)


def test_the_figure_is_updated_not_rebuilt(explorer):
    figure, marks = explorer.figure, list(explorer.figure.marks)
    explorer.controls["lr"].value = 0.5
    explorer.controls["function"].value = "cubic"
    assert explorer.figure is figure and list(explorer.figure.marks) == marks
    assert explorer.children[-3] is explorer.view and figure in explorer.view.children


def test_switching_function_moves_view_and_start_range(explorer):
    explorer.controls["x0"].value = -2.9  # inside the quartic's domain, outside the cubic's
    explorer.controls["function"].value = "cubic"
    assert (explorer.x_scale.min, explorer.x_scale.max) == functions.cubic().domain
    x0 = explorer.controls["x0"]
    assert (x0.min, x0.max) == functions.cubic().domain and x0.value == -2.5
    assert explorer.curve.y.max() == pytest.approx(functions.cubic().f(2.5))
    assert_shows_the_solver(explorer)


def test_a_diverging_run_ends_where_it_leaves_the_view_and_says_so(explorer):
    explorer.controls["lr"].value = 1.0
    assert explorer.result.diverged
    assert "Diverged" in explorer.label.value
    assert "<b>off the chart</b> from step 1 on" in explorer.label.value
    assert explorer.path.x.min() >= -3 and explorer.path.x.max() <= 2.2
    # The path stops at the frame, where the edge marker (in the legend) points the way it went.
    assert len(explorer.path.x) == 2 and len(explorer.end.x) == 0
    assert explorer.path.y[-1] == pytest.approx(explorer.y_scale.max, rel=0.05)
    assert list(explorer.edge.text) == [EDGE_GLYPHS["top"]]
    assert "leaves the view" in explorer.figure.legend_box.value
    assert "</svg>last step<" not in explorer.figure.legend_box.value
    explorer.controls["lr"].value = 0.1
    assert "leaves the view" not in explorer.figure.legend_box.value
    assert "</svg>last step<" in explorer.figure.legend_box.value


def test_a_flat_spot_at_the_top_is_called_a_maximum(explorer):
    explorer.controls["x0"].value = 0.0
    assert explorer.result.converged and explorer.result.steps == 0
    assert "a maximum, not a minimum" in explorer.label.value
    explorer.controls["x0"].value = 1.8
    assert "a minimum" in explorer.label.value


def test_moving_several_controls_updates_once(explorer, monkeypatch):
    calls = []
    original = explorer.update
    monkeypatch.setattr(explorer, "update", lambda: (calls.append(1), original()))
    with explorer.hold_updates():
        explorer.controls["lr"].value = 0.2
        explorer.controls["steps"].value = 50
    assert calls == [1]


def test_unknown_function_is_rejected():
    with pytest.raises(ValueError, match="function must be one of"):
        DescentExplorer1D(function="sine")
