"""Figures of lectures 05 and 06: decision boundaries, training as it learns, the computation
graph (its numbers are tested in test_graph.py), and the cross-check figures; each figure's
one-sentence description states what the data it was given shows."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import QuadMesh

from helpers import data, graph, mlp, palette, plots
from helpers.geometry import data_extent, probability_grid
from helpers.plots import crosscheck as crosscheck_plots
from helpers.plots import networks
from helpers.plots.descriptions import LIMIT, fitting
from helpers.results import plural
from refusals import assert_refused_before_drawing


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def moons():
    return data.make_moons(120, noise=0.2, seed=0)


@pytest.fixture(scope="module")
def trained(moons):
    X, y = moons
    params = mlp.init_params([2, 8, 8, 1], seed=0, bias=0.1)
    return mlp.train(params, X, y, lr=0.2, steps=100, momentum=0.9, record_every=10)


def assert_well_labelled(fig):
    for ax in fig.axes:
        if ax.get_label() == "<colorbar>":
            assert ax.get_ylabel()
            continue
        if ax.lines or ax.collections or ax.patches:
            assert ax.get_title() or fig._suptitle is not None
            assert ax.get_xlabel() and ax.get_ylabel()


# --------------------------------------------------------------------- decision boundaries


def test_decision_boundaries_one_panel_per_model(moons, trained):
    X, y = moons
    linear = mlp.init_params([2, 1], seed=0)
    fig = plots.plot_decision_boundaries({"linear": linear, "ReLU": trained.params}, X, y)
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert len(panels) == 2
    assert f"{mlp.accuracy(trained.params, X, y):.1%}" in panels[1].get_title()
    assert any(isinstance(c, QuadMesh) for c in panels[0].collections)
    # one legend, under the panels, where it covers no point of the data
    assert all(ax.get_legend() is None for ax in panels)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["class 0", "class 1",
                                                          networks.BOUNDARY_LABEL]
    assert_legend_under_the_panels(fig, legend, panels)
    # the classes are drawn in the house colours, class 0 blue
    scatter = [c for c in panels[0].collections if not isinstance(c, QuadMesh)]
    assert np.allclose(scatter[0].get_facecolor()[0][:3], matplotlib.colors.to_rgb(palette.BLUE))
    assert_well_labelled(fig)
    with pytest.raises(ValueError, match="models"):
        plots.plot_decision_boundaries({}, X, y)


def assert_legend_under_the_panels(fig, legend, panels):
    fig.canvas.draw()
    box = legend.get_window_extent()
    assert all(box.y1 <= ax.get_window_extent().y0 for ax in panels if ax.get_visible())


def test_learning_shows_the_chosen_snapshots_and_the_loss(moons, trained):
    X, y = moons
    fig = plots.plot_learning(trained, X, y, steps=(0, 25, None))
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("after 0 steps") and titles[1].startswith("after 20 steps")
    assert titles[2].startswith("after 100 steps")
    loss_ax = next(ax for ax in fig.axes if ax.get_title() == "The loss while training")
    assert np.allclose(loss_ax.lines[0].get_ydata(), trained.losses)
    marked = loss_ax.collections[0].get_offsets()
    assert np.allclose(marked[:, 0], [0, 20, 100])
    assert loss_ax.get_yscale() == "log"
    assert_well_labelled(fig)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [
        "class 0", "class 1", networks.BOUNDARY_LABEL, "loss on the training data",
        "the moments shown above"]
    assert_legend_under_the_panels(fig, legend, fig.axes)


@pytest.mark.parametrize("count, rows", [(1, 1), (2, 1), (3, 1), (4, 2), (5, 2), (6, 2)])
def test_learning_fits_the_column_however_many_moments(moons, trained, count, rows):
    X, y = moons
    fig = plots.plot_learning(trained, X, y, steps=list(range(0, 10 * count, 10)))
    assert fig.get_size_inches()[0] <= 10.0
    maps = [ax for ax in fig.axes if ax.get_visible() and ax.get_title().startswith("after")]
    assert len(maps) == count
    assert len({round(ax.get_position().y0, 3) for ax in maps}) == rows


def test_a_map_alone_puts_its_legend_under_its_axes(moons, trained):
    X, y = moons
    fig, ax = plt.subplots(layout="constrained")
    plots.draw_decision_boundary(ax, trained.params, X, y)
    assert_legend_under_the_panels(fig, ax.get_legend(), [ax])


def test_decision_boundaries_are_described_panel_by_panel(moons, trained):
    X, y = moons
    linear = mlp.train(mlp.init_params([2, 1], seed=0), X, y, lr=0.2, steps=100).params
    ours, theirs = mlp.accuracy(trained.params, X, y), mlp.accuracy(linear, X, y)
    assert ours > theirs
    fig = plots.plot_decision_boundaries({"linear": linear, "ReLU": trained.params}, X, y)
    sentence = plots.description(fig)
    assert sentence.startswith(
        f"Of the {len(X)} training points, left to right: linear gets {theirs:.1%} right with a "
        "straight line, missing ")
    assert f". ReLU gets {ours:.1%} right with straight pieces meeting at kinks" in sentence
    # the line cuts off the ends of the moons that reach past it
    wrong = (mlp.predict_proba(linear, X).ravel() > 0.5) != (y > 0.5)
    missed = [int(np.sum(wrong & (y == k))) for k in (0, 1)]
    assert (f"missing {missed[0]} points of class 0, at its right end, and {missed[1]} of class "
            "1, at its left end.") in sentence
    # other models, other numbers: the sentence follows them, panel by panel
    fig = plots.plot_decision_boundaries({"first": trained.params, "again": trained.params},
                                         X, y)
    sentence = plots.description(fig)
    assert sentence.count(f"gets {ours:.1%} right with straight pieces meeting at kinks") == 2


def test_the_shape_of_a_boundary_is_said_from_the_network_that_draws_it():
    extent = (-1.0, 1.0, -1.0, 1.0)
    shape = networks._boundary_shape

    def network(W1, b1, W2, b2):
        return [(np.array(W1, float), np.array(b1, float)), (np.array(W2, float),
                                                             np.array(b2, float))]

    # relu(x1) + relu(-x1) - relu(x2 + 5) + 4.5 = |x1| - x2 - 0.5 on the map: a V, two
    # straight pieces meeting at a kink
    vee = network([[1, -1, 0], [0, 0, 1]], [0, 0, 5], [[1], [1], [-1]], [4.5])
    assert shape(vee, extent, 100) == "straight pieces meeting at kinks"
    # |x1| - 0.1 below the x1 axis, |x1| - x2 - 0.1 above: two lines, each bent once
    bent = network([[1, -1, 0], [0, 0, 1]], [0, 0, 0], [[1], [1], [-1]], [-0.1])
    assert shape(bent, extent, 100) == "2 lines of straight pieces"
    # the same ReLU units all on everywhere: one linear function, a straight line
    on = network([[1, 0], [0, 1]], [5, 5], [[1], [-1]], [0.0])
    assert shape(on, extent, 100) == "a straight line"
    # |x1| - 0.5: two straight lines; a constant: no boundary
    two = network([[1, -1], [0, 0]], [0, 0], [[1], [1]], [-0.5])
    assert shape(two, extent, 100) == "2 lines"
    flat = network([[0, 0], [0, 0]], [0, 0], [[0], [0]], [1.0])
    assert shape(flat, extent, 100) == "no boundary on the map"
    assert shape([(np.array([[1.0], [1.0]]), np.array([0.0]))], extent, 100) == "a straight line"


def test_misses_are_placed_at_the_end_of_their_class_when_they_gather_there():
    thirds = networks._thirds
    assert thirds(np.array([0.7, 0.9]), 0.0, 1.0) == "right end"
    assert thirds(np.array([0.1, 0.3]), 0.0, 1.0) == "left end"
    assert thirds(np.array([0.1, 0.9]), 0.0, 1.0) == ""  # spread out: no place
    X = np.column_stack([np.arange(7.0), np.zeros(7)])  # class 0 at x1 = 0 to 5, class 1 at 6
    y = np.array([0.0] * 6 + [1.0])
    says_one = [(np.array([[1.0], [0.0]]), np.array([-3.5]))]  # class 1 from x1 = 3.5 on
    assert networks._misses(says_one, X, y) == ", missing 2 points of class 0, at its right end"
    assert networks._misses([(np.array([[1.0], [0.0]]), np.array([-1.5]))], X, y) == (
        ", missing 4 points of class 0")  # from x1 = 2 to 5: not gathered at an end
    assert networks._misses([(np.array([[1.0], [0.0]]), np.array([-5.5]))], X, y) == (
        ", missing none")


def test_learning_is_described_map_by_map(moons, trained):
    X, y = moons
    fig = plots.plot_learning(trained, X, y, steps=(0, 25, None))
    accuracy = [mlp.accuracy(trained.path[i], X, y) for i in (0, 2, -1)]
    losses = trained.losses
    extent = data_extent(X)
    classes = [probability_grid(trained.path[i], extent, networks.LEARNING_POINTS)[2] > 0.5
               for i in (0, 2, -1)]
    changed = [np.mean(a != b) for a, b in zip(classes[:-1], classes[1:], strict=True)]
    shapes = [networks._boundary_shape(trained.path[i], extent, networks.LEARNING_POINTS)
              for i in (0, 2, -1)]
    assert shapes[1] == shapes[2] == "straight pieces meeting at kinks"
    assert plots.description(fig) == (
        f"Maps after 0, 20 and 100 steps above the loss curve. At 0: {shapes[0]}, loss "
        f"{losses[0]:.3g}, {accuracy[0]:.0%} right. At 20: {shapes[1]}, {changed[0]:.0%} of the "
        f"map changed class, loss {losses[20]:.3g}, {accuracy[1]:.0%} right. At 100: "
        f"{changed[1]:.0%} changed, loss {losses[100]:.3g}, {accuracy[2]:.0%} right. 100 "
        "full-batch steps, learning rate 0.2, momentum 0.9.")
    one = plots.description(plots.plot_learning(trained, X, y, steps=(0,)))
    assert one.startswith(f"A map after 0 steps above the loss curve. At 0: {shapes[0]}")
    assert "changed" not in one


def test_a_diverging_run_is_described_as_diverging(moons):
    X, y = moons
    run = mlp.train(mlp.init_params([2, 8, 1], seed=0), X, y, lr=1e300, steps=50)
    assert run.diverged
    sentence = plots.description(plots.plot_learning(run, X, y, steps=(0, None)))
    assert f"The run diverged and stopped after {plural(run.steps, 'step')}" in sentence
    assert "loss not finite" in sentence


# --------------------------------------------------------------------- the computation graph


def test_graph_drawing_shows_every_value_and_gradient():
    g = graph.tiny_network_graph()
    fig = plots.plot_computation_graph(g)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for node in g.nodes.values():
        assert node.formula in texts
        assert f"partial {node.symbol}$ = {networks._number(node.grad)}" in texts
    assert "value \u22121" in texts  # y = -1, printed with a real minus sign
    assert fig.axes[0].get_title()
    assert len(fig.axes[0].get_legend().get_texts()) == 2


def test_the_graph_is_described_in_outline_with_its_loss_and_gradients():
    fig = plots.plot_computation_graph(graph.tiny_network_graph())
    assert plots.description(fig) == (
        "Left to right: input x, z = w0 x + b0, h = relu(z), y = w1 h + b1, the loss L = (y - t) "
        "squared; from above, w0 and b0 feed z, w1 and b1 feed y, and target t feeds L. "
        "Forward, L = 4; backward, the gradients are 2 for w0, 4 for b0, -6 for w1, -4 for b1, "
        "8 for x and 4 for t.")
    # ReLU off (z < 0): no gradient reaches w0, b0 or w1, and the sentence says so
    g = graph.tiny_network_graph(w0=-2.0)
    sentence = plots.description(plots.plot_computation_graph(g))
    assert f"Forward, L = {g.value('L'):.4g}; " in sentence
    assert "the gradients are 0 for w0, 0 for b0, 0 for w1, -1 for b1, 0 for x and 1 for t." \
        in sentence
    assert networks._spoken_formula("$h = \\mathrm{relu}(z)$") == "h = relu(z)"
    assert networks._spoken_formula("$L = (y - t)^2$") == "L = (y - t) squared"


def test_the_graph_sentence_drops_the_inputs_gradients_before_the_outline():
    long = graph.tiny_network_graph(x=0.123456, target=1.234567, w0=2.345678, b0=0.456789,
                                    w1=-1.567891, b1=0.678912)
    sentence = networks._graph_sentence(long)
    assert len(sentence) <= plots.descriptions.LIMIT
    assert sentence.startswith("Left to right: input x, z = w0 x + b0")
    assert f"{long.grad('w1'):.4g} for w1" in sentence
    assert " for x" not in sentence  # no room for the inputs' gradients


def test_layer_sizes_are_said_in_words_not_arrows_or_brackets(moons):
    layer_words = networks.layer_words
    assert layer_words("ReLU network 2 → 16 → 16 → 1") == (
        "ReLU network (2 inputs, two hidden layers of 16, 1 output)")
    assert layer_words("[2, 16, 8, 1]") == (
        "the network (2 inputs, hidden layers of 16 and 8, 1 output)")
    assert layer_words("[1, 1]") == "the network (1 input, 1 output)"
    assert layer_words("one linear layer") == "one linear layer"
    fig = plots.plot_decision_boundaries(
        {"linear": mlp.init_params([2, 1], seed=0),
         "ReLU network 2 → 8 → 1": mlp.init_params([2, 8, 1], seed=0)}, *moons)
    sentence = plots.description(fig)
    assert "→" not in sentence and "ReLU network (2 inputs, one hidden layer of 8, 1 output)" \
        in sentence


def test_a_builder_drawing_on_a_given_axes_leaves_the_description_to_its_caller():
    fig, axes = plt.subplots(2, 2)
    plots.plot_computation_graph(graph.tiny_network_graph(), ax=axes[0, 0])
    plots.plot_loss_histories({"a": [0.7, 0.5]}, ax=axes[0, 1])
    plots.plot_step_times({"net": FakeTiming(1e-4, 3e-4)}, ax=axes[1, 0])
    plots.plot_data_parallel(2, ax=axes[1, 1])
    assert plots.description(fig) is None


def test_a_description_too_long_is_cut_after_a_whole_clause():
    assert fitting("short  and\nplain") == "short and plain"
    clauses = "; ".join(f"clause {k} says something true" for k in range(20))
    cut = fitting(clauses)
    assert len(cut) <= LIMIT and cut.endswith("true...")
    assert clauses.startswith(cut.removesuffix("..."))


# --------------------------------------------------------------------- the cross-check figures


def test_relative_errors_one_panel_per_comparison_each_with_its_own_pass_mark():
    fig = plots.plot_relative_errors(
        {"a": {"W1": 1e-9, "b1": 0.0}, "b": {"W1": 1e-16, "b1": 2e-15}},
        pass_marks={"a": (1e-5, "right below 1e-5"), "b": (1e-12, "rounding below 1e-12")})
    first, second = fig.axes
    assert [p.get_height() for p in first.patches] == pytest.approx([1e-9, 1e-18])
    assert [p.get_height() for p in second.patches] == pytest.approx([1e-16, 2e-15])
    assert "0" in [t.get_text() for t in first.texts]
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]
    # each pass mark is drawn in its own panel only, and named by its meaning
    for ax, value, meaning in ((first, 1e-5, "right below 1e-5"),
                               (second, 1e-12, "rounding below 1e-12")):
        dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
        assert len(dashed) == 1 and dashed[0].get_ydata()[0] == value
        assert meaning in [t.get_text() for t in ax.get_legend().get_texts()]
        assert ax.get_yscale() == "log"
    assert first.get_ylim() == second.get_ylim()
    assert_well_labelled(fig)
    without = plots.plot_relative_errors({"a": {"W1": 1e-9}})
    assert not [line for line in without.axes[0].lines if line.get_linestyle() == "--"]
    with pytest.raises(ValueError, match="series"):
        plots.plot_relative_errors({})


def test_a_nan_relative_error_is_drawn_as_a_failure_at_the_top_and_named():
    fig = plots.plot_relative_errors({"a": {"W1": 1e-12, "b1": float("nan")}})
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights[0] == pytest.approx(1e-12) and heights[1] == fig.axes[0].get_ylim()[1]
    assert "NaN" in [t.get_text() for t in fig.axes[0].texts]


class FakeSideBySide:
    def __init__(self, offset):
        self.our_losses = np.array([0.7, 0.5, 0.3]) + offset
        self.torch_losses = self.our_losses.copy()
        self.max_abs_diff = np.array([0.0, 1e-17, 4e-17])
        self.diverged = False


def test_side_by_side_draws_both_losses_and_the_differences():
    runs = {"momentum 0": FakeSideBySide(0.0), "momentum 0.9": FakeSideBySide(0.1)}
    fig = plots.plot_side_by_side(runs)
    left, right = fig.axes
    assert len(left.lines) == 4
    assert np.allclose(left.lines[1].get_ydata(), runs["momentum 0"].torch_losses)
    assert np.allclose(right.lines[0].get_ydata(), [1e-18, 1e-17, 4e-17])
    assert_well_labelled(fig)


class FakeTiming:
    def __init__(self, ours, theirs):
        self.numpy_seconds, self.torch_seconds = ours, theirs


def test_step_times_bars_and_ratios():
    fig = plots.plot_step_times({"[2, 16, 16, 1]": FakeTiming(1e-4, 3e-4),
                                 "big": FakeTiming(2e-3, 1e-3)})
    ax = fig.axes[0]
    assert [p.get_height() for p in ax.patches] == pytest.approx([100, 2000, 300, 1000])
    assert "ours / torch = 0.33" in [t.get_text() for t in ax.texts]
    assert_well_labelled(fig)


@pytest.mark.parametrize("world_size", [1, 2, 4])
def test_data_parallel_picture_has_one_row_per_worker(world_size):
    fig = plots.plot_data_parallel(world_size)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert sum(t.startswith("worker ") for t in texts) == world_size
    assert f"{world_size} workers" in fig.axes[0].get_title()


@pytest.mark.parametrize("bad, error", [(0, ValueError), (7, ValueError), (2.0, TypeError),
                                        (True, TypeError)])
def test_data_parallel_rejects_bad_world_sizes(bad, error):
    with pytest.raises(error, match="world_size must be an integer from 1 to 6"):
        plots.plot_data_parallel(bad)


def test_loss_histories_one_line_per_run():
    fig = plots.plot_loss_histories({"a": [0.7, 0.5, 0.4], "b": [0.7, 0.3, 0.9]}, title="two runs")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["a", "b"]
    assert np.allclose(ax.lines[1].get_ydata(), [0.7, 0.3, 0.9])
    assert ax.get_title() == "two runs" and ax.get_yscale() == "log"
    assert_well_labelled(fig)
    with pytest.raises(ValueError, match="histories"):
        plots.plot_loss_histories({})


def test_relative_errors_are_described_by_their_pass_marks_ranges_and_rounding():
    fig = plots.plot_relative_errors(
        {"ours against differences": {"W1": 3e-9, "b1": 0.0, "W2": 2e-7},
         "ours against autograd": {"W1": 1e-15, "b1": 2e-15, "W2": 4e-14}},
        pass_marks={"ours against differences": (1e-5, "right"),
                    "ours against autograd": (1e-12, "rounding")})
    assert plots.description(fig) == (
        "Two panels of bars on a log scale. In \u201cours against differences\u201d all 3 "
        "errors are below the 1e-5 mark, from 0 to 2e-7 (W2); in \u201cours against "
        "autograd\u201d all 3 errors are below the 1e-12 mark, from 1e-15 to 4e-14 (W2), 4.5 to "
        "180 times float64's machine epsilon, 2.2e-16, the line just below them.")
    # errors far above rounding size are not counted in machine epsilons; nor is a line said
    # to lie below errors that reach down to it
    far = plots.description(plots.plot_relative_errors({"a": {"W1": 1e-9, "b1": 1e-7}}))
    assert "epsilon" not in far and far.endswith("errors from 1e-9 to 1e-7 (b1).")
    low = plots.description(plots.plot_relative_errors({"a": {"W1": 1e-16, "b1": 1e-14}}))
    assert "times float64's machine epsilon, 2.2e-16." in low and "the line" not in low
    above = plots.description(plots.plot_relative_errors({"a": {"W1": 3e-15, "b1": 1e-14}}))
    assert above.endswith("the line below them.")
    # a bug (an error of 1.5) and a gradient that is not finite: both fail the mark
    fig = plots.plot_relative_errors({"buggy": {"W1": 1.5, "b1": 1e-9, "W2": float("nan")}},
                                     pass_marks={"buggy": (1e-5, "right")})
    assert plots.description(fig) == ("One panel of bars on a log scale. In \u201cbuggy\u201d 1 "
                                      "of 3 errors is below the 1e-5 mark, from 1e-9 to 1.5 "
                                      "(W1), W2 is NaN.")
    fig = plots.plot_relative_errors({"a": {"W1": 0.0, "b1": 0.0}})
    assert plots.description(fig) == ("One panel of bars on a log scale. In \u201ca\u201d every "
                                      "error is exactly 0.")


def test_side_by_side_is_described_panel_by_panel():
    runs = {"momentum 0": FakeSideBySide(0.0), "momentum 0.9": FakeSideBySide(0.1)}
    assert plots.description(plots.plot_side_by_side(runs)) == (
        "Left, torch.optim.SGD's losses lie exactly on ours; after 3 steps momentum 0 ends at "
        "loss 0.3 and momentum 0.9 at 0.4. Right, the weight differences stay between 0 and "
        "4e-17 over all 3 steps, never above one float64 rounding step at the weight 1, "
        "2.2e-16.")
    drifting = FakeSideBySide(0.0)
    drifting.torch_losses = drifting.our_losses + [0.0, 0.0, 0.01]
    drifting.max_abs_diff = np.array([0.0, 1e-6, 2e-3])
    stopped = FakeSideBySide(0.0)
    stopped.diverged = True
    sentence = plots.description(plots.plot_side_by_side({"drift": drifting, "lr 9": stopped}))
    # bounds rounded up: 0.002 / 2.2e-16 is 9.007e12, so "up to 9.1e12 times" (9e12 is less);
    # 0.01 stays 0.01 (0.3 + 0.01 - 0.3 is above it by float64 noise only)
    assert 2e-3 / np.spacing(1.0) > 9e12
    assert sentence.startswith("Left, torch.optim.SGD's losses lie at most 0.01 from ours; drift "
                               "ends at loss 0.3 at step 3 and lr 9 ends at loss 0.3 at step 3 "
                               "and then diverges. Right, the weight differences stay between 0 "
                               "and 0.002 over all 3 steps, up to 9.1e12 times one float64 "
                               "rounding step")
    # a lower bound rounded down, an upper one up; a largest difference of exactly one rounding
    # step is said to reach it
    exact = FakeSideBySide(0.0)
    exact.max_abs_diff = np.array([5.55e-17, 1.2e-16, np.spacing(1.0)])
    reached = plots.description(plots.plot_side_by_side({"a": exact}))
    assert reached.endswith("Right, the weight differences stay between 5.5e-17 and one float64 "
                            "rounding step at the weight 1, 2.2e-16, over all 3 steps, reaching "
                            "it.")
    below = FakeSideBySide(0.0)
    below.max_abs_diff = np.array([5.55e-17, 1.23e-16, 1.2e-16])
    assert plots.description(plots.plot_side_by_side({"a": below})).endswith(
        "stay between 5.5e-17 and 1.3e-16 over all 3 steps, never above one float64 rounding "
        "step at the weight 1, 2.2e-16.")
    same = FakeSideBySide(0.0)
    same.max_abs_diff = np.zeros(3)
    assert plots.description(plots.plot_side_by_side({"a": same})).endswith(
        "Right, the weight differences are all exactly 0.")


def test_loss_histories_are_described_by_which_ends_lowest_and_how_each_moves():
    fig = plots.plot_loss_histories({"with": [0.7, 0.5, 0.4], "without": [0.7, 30.0, 9.0]})
    assert plots.description(fig) == (
        "\u201cwith\u201d ends lowest: its loss falls from 0.7 to 0.4 over 3 steps; "
        "\u201cwithout\u201d goes from 0.7 up to 30 at step 2 and ends at 9 at step 3.")
    fig = plots.plot_loss_histories({"alone": [0.7, 0.9, float("inf"), 0.1]})
    assert plots.description(fig) == ("The loss \u201calone\u201d rises from 0.7 to 0.9 over 2 "
                                      "steps, then stops being finite at step 3.")
    # curves that start alike, and a curve that swings by ten times and more
    swinging = [0.7, 0.6, 0.5, 9.0, 80.0, 40.0, 3.0, 1.0, 2.0, 30.0, 25.0]
    fig = plots.plot_loss_histories({"with": [0.7, 0.6, 0.4, 0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1,
                                              0.05], "without": swinging})
    assert plots.description(fig) == (
        "The curves coincide for 2 steps. \u201cwith\u201d ends lowest: its loss falls from 0.7 "
        "to 0.05 over 11 steps; \u201cwithout\u201d goes from 0.7 up to 80 at step 5, down to 1 "
        "at 8, up to 30 at 10, and ends at 25 at step 11.")
    assert crosscheck_plots._turning_points(np.array(swinging)) == [4, 7, 9]
    assert crosscheck_plots._turning_points(np.array([0.7, 0.5, 3.0, 0.4])) == []
    # big swings with smaller ones between them (lecture 06 without zero_grad): the stretch is
    # said as a whole, every change of direction counted, then how the curve ends
    wild = np.array([0.7, 0.6, 0.5, 9.0, 80.0, 40.0, 60.0, 3.0, 5.0, 1.0, 2.0, 30.0, 1.5, 2.0,
                     3.0, 4.0])
    turns = crosscheck_plots._turning_points(wild)
    assert turns == [4, 9, 11, 12]  # the big ones: 80, 1, 30, 1.5
    steps = np.sign(np.diff(wild))
    changes = [k + 1 for k in range(len(steps) - 1) if steps[k] * steps[k + 1] < 0]
    assert [k for k in changes if 4 <= k <= 12] == [4, 5, 6, 7, 8, 9, 11, 12]
    assert np.all(np.diff(wild[12:]) > 0)
    assert crosscheck_plots._curve_phrase(wild) == (  # down first, then up: it swings there
        "swings from 0.7 up to 80 at step 5, swings between 1 and 80 up to step 13, changing "
        "direction 8 times, then rises at every step to 4 at step 16")
    straight = np.concatenate([[0.7, 2.0, 5.0, 9.0], wild[4:]])  # up at every step to 80
    assert crosscheck_plots._curve_phrase(straight).startswith("goes from 0.7 up to 80 at step 5")
    assert crosscheck_plots._curve_phrase(np.append(wild, 3.0)).endswith(
        "changing direction 8 times, and ends at 3 at step 17")
    many = np.tile([1.0, 20.0], 6)
    assert "up and down 10 times by ten times or more, between 1 and 20" in (
        crosscheck_plots._curve_phrase(many))


def test_step_times_are_described_by_which_is_faster_on_each_network():
    fig = plots.plot_step_times({"[2, 16, 16, 1]": FakeTiming(1e-4, 3e-4),
                                 "big": FakeTiming(2.5e-2, 1e-3)})
    assert plots.description(fig) == (
        "Median time per training step, ours against torch: the network (2 inputs, two hidden "
        "layers of 16, 1 output): 100 against 300 \u00b5s, ours faster (ours / torch = 0.33); "
        "big: 25,000 against 1,000 \u00b5s, torch faster (ours / torch = 25.00).")
    # lecture 06's two networks over 5 rounds: the verdict counted round by round, the ratio's
    # range said where the rounds disagree (as the figure writes it above the bars)
    small = [FakeTiming(a * 1e-6, b * 1e-6) for a, b in
             [(136, 291), (130, 280), (140, 280), (136, 260), (150, 290)]]
    big = [FakeTiming(a * 1e-6, b * 1e-6) for a, b in
           [(2360, 3710), (2000, 3800), (4500, 3600), (2400, 4000), (2300, 3700)]]
    fig = plots.plot_step_times({"[2, 16, 16, 1], n = 200": small,
                                 "[2, 128, 128, 1], n = 1000": big})
    sentence = plots.description(fig)
    ratios = np.array([t.numpy_seconds / t.torch_seconds for t in big])
    assert (np.sum(ratios < 1), np.sum(ratios > 1)) == (4, 1)
    assert f"ours / torch: {ratios.min():.2f} to {ratios.max():.2f}\nover 5 rounds" in [
        t.get_text() for t in fig.axes[0].texts]
    assert sentence == (
        "Median time per step over 5 rounds, ours against torch: the network with two hidden "
        "layers of 16, n = 200: 136 against 280 \u00b5s, ours faster in every round; the network "
        "with two hidden layers of 128, n = 1000: 2,360 against 3,710 \u00b5s, ours faster in 4 "
        f"rounds, torch in 1 (ours / torch {ratios.min():.2f} to {ratios.max():.2f}).")
    five = [FakeTiming(1.5e-4, 3.4e-4)] * 5
    assert plots.description(plots.plot_step_times({"net": five})) == (
        "Median time per training step over 5 rounds, ours against torch: net: 150 against "
        "340 \u00b5s, ours faster in every round (ours / torch 0.44 to 0.44).")
    close = plots.description(plots.plot_step_times({"net": FakeTiming(3.77e-3, 3.79e-3)}))
    assert "3,770 against 3,790 \u00b5s, about as fast" in close  # 0.5 % apart is no win
    rounds = [FakeTiming(1e-4, 3e-4), FakeTiming(4e-4, 3e-4), FakeTiming(2e-4, 2e-4)]
    assert plots.description(plots.plot_step_times({"net": rounds})) == (
        "Median time per training step over 3 rounds, ours against torch: net: 200 against "
        "300 \u00b5s, ours faster in 1 round, torch in 1, the same in 1 (ours / torch 0.33 to "
        "1.33).")
    # rounds of different counts: each network says how many
    mixed = plots.description(plots.plot_step_times({"a": small, "b": rounds}))
    assert mixed.startswith("Median time per training step, ours against torch: a: ")
    few = np.array([t.numpy_seconds / t.torch_seconds for t in small])
    assert (f"ours faster in every round (ours / torch {few.min():.2f} to {few.max():.2f} over "
            "5 rounds)") in mixed
    assert "ours faster in 1 of 3 rounds, torch in 1, the same in 1" in mixed
    assert plots.networks.layer_words("[2, 16, 8, 1], n = 10", short=True) == (
        "the network with hidden layers of 16 and 8, n = 10")


def test_data_parallel_is_described_left_to_right_with_its_number_of_workers():
    sentences = {k: plots.description(plots.plot_data_parallel(k)) for k in (1, 2, 4)}
    assert sentences[1].startswith("Left to right: a batch of n rows; one worker computes the "
                                   "mean gradient on all of it")
    assert sentences[4].startswith("Left to right: a batch of n rows, split in 4; one row per "
                                   "worker, each computing the mean gradient on its quarter of "
                                   "the rows")
    assert "each worker divides by 4" in sentences[4] and "/" not in sentences[4]
    assert len(set(sentences.values())) == 3


# --------------------------------------------------------------------- bad arguments

NAN = float("nan")
STRANGERS = ("a", None, True)  # the wrong type for a number
LEARNING_STEPS = STRANGERS + (NAN, 5, (), ["a"], [None, NAN], [0, 2.5], [0, True])
EXTENTS = ("a", True, NAN, (0.0, 1.0, 0.0), (0.0, NAN, 0.0, 1.0), (1.0, 0.0, 0.0, 1.0))


# (the call with the bad value in the argument's place, the argument's name, bad values)
REFUSALS = {
    "plot_learning steps": (lambda X, y, run, v: plots.plot_learning(run, X, y, steps=v),
                            "steps", LEARNING_STEPS),
    "draw_decision_boundary points": (lambda X, y, run, v: plots.draw_decision_boundary(
        plt.gca(), run.params, X, y, points=v), "points", STRANGERS + (NAN, 2.5, -1, 0, 1)),
    "draw_decision_boundary extent": (lambda X, y, run, v: plots.draw_decision_boundary(
        plt.gca(), run.params, X, y, extent=v), "extent", EXTENTS),
    "draw_decision_boundary legend": (lambda X, y, run, v: plots.draw_decision_boundary(
        plt.gca(), run.params, X, y, legend=v), "legend", ("a", None, NAN, 1)),
    "plot_decision_boundaries models": (lambda X, y, run, v: plots.plot_decision_boundaries(
        v, X, y), "models", STRANGERS + (NAN, {})),
    "plot_relative_errors pass_marks": (lambda X, y, run, v: plots.plot_relative_errors(
        {"a": {"W1": 1e-9}}, pass_marks={"a": (v, "pass")}), "pass_marks",
        ("a", True, NAN, -1, 0)),
    "plot_relative_errors pass_marks name": (lambda X, y, run, v: plots.plot_relative_errors(
        {"a": {"W1": 1e-9}}, pass_marks={v: (1e-5, "pass")}), "pass_marks", ("b",)),
}


def expected_error(case: str, bad) -> type[Exception]:
    """A TypeError when the type is wrong, else a ValueError. For plot_learning's steps: a list
    that is empty is a ValueError; anything but a list, or an entry that is not a whole number
    or None, is a TypeError."""
    if case == "plot_learning steps":
        return ValueError if isinstance(bad, tuple) and not bad else TypeError
    if case == "plot_relative_errors pass_marks name":
        return ValueError
    if case == "draw_decision_boundary legend" or isinstance(bad, (str, bool)) or bad is None:
        return TypeError
    if case == "plot_decision_boundaries models" and not isinstance(bad, dict):
        return TypeError
    if case.endswith("points") and isinstance(bad, float) and not float(bad).is_integer():
        return TypeError
    return ValueError


@pytest.mark.parametrize("case, bad", [(case, bad) for case, (_, _, bads) in REFUSALS.items()
                                       for bad in bads])
def test_every_builder_names_the_argument_it_refuses_and_leaves_no_figure(moons, trained, case,
                                                                          bad):
    call, name, _ = REFUSALS[case]
    plt.figure()  # the axes draw_decision_boundary gets
    assert_refused_before_drawing(
        lambda: call(*moons, trained, bad), name, expected_error(case, bad)
    )
