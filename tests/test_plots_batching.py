"""Lecture 04's static figures: what a student reads off them (tick labels, which line is which,
the notation) is what the lecture says."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import test_figures_readable as readable
from helpers import data, palette, plots, solvers
from refusals import assert_refused_before_drawing


@pytest.fixture(scope="module")
def regression():
    X, y, _ = data.make_linear_regression(200, seed=0)
    return X, y


def run(X, y, **kwargs):
    return solvers.minibatch_sgd(data.linear_mse_grad, [-2.0, 4.5], X, y, lr=0.05, epochs=2,
                                 seed=0, **kwargs)


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def shown_tick_labels(ax, fig):
    """The y tick labels drawn inside the axis's range, major and minor."""
    fig.canvas.draw()
    low, high = ax.get_ylim()
    ticks = ax.yaxis.get_major_ticks() + ax.yaxis.get_minor_ticks()
    return {t.label1.get_text() for t in ticks
            if low <= t.get_loc() <= high and t.label1.get_text()}


def lines_by_label(ax):
    return {line.get_label(): line for line in ax.get_lines()}


def test_loss_axes_are_labelled_below_one_too(regression):
    X, y = regression
    runs = {"B = 1": run(X, y, batch_size=1), "B = 200": run(X, y, batch_size=200)}
    fig = plots.plot_batch_paths(X, y, runs)
    _, _, per_update, per_epoch = fig.axes
    for ax in (per_update, per_epoch):
        labels = shown_tick_labels(ax, fig)
        assert {"0.3", "0.5", "1", "2", "3", "5"} <= labels
        assert not any("10^" in label or "e" in label for label in labels)
    plt.close(fig)


def test_a_run_on_the_path_of_an_earlier_one_is_drawn_dashed_on_top(regression):
    X, y = regression
    runs = {"B = 10": run(X, y, batch_size=10), "B = 40": run(X, y, batch_size=40),
            "K = 4": run(X, y, batch_size=10, accumulate=4)}
    fig = plots.plot_batch_paths(X, y, runs)
    paths, _, per_update, per_epoch = fig.axes
    for ax in (paths, per_update):
        lines = lines_by_label(ax)
        assert lines["K = 4"].get_linestyle() == "--"
        assert lines["B = 40"].get_linestyle() == "-" and lines["B = 10"].get_linestyle() == "-"
        assert lines["K = 4"].get_zorder() > lines["B = 40"].get_zorder()
        assert np.allclose(lines["K = 4"].get_xydata(), lines["B = 40"].get_xydata())
        assert lines["K = 4"].get_color() != lines["B = 40"].get_color()
    lines = lines_by_label(per_epoch)
    assert lines["K = 4: every update"].get_linestyle() == "--"
    # Its epoch-end markers sit on those of B = 40, above them and smaller, so both show.
    twin, below = lines["K = 4: epoch ends"], lines["B = 40: epoch ends"]
    assert np.allclose(twin.get_xydata(), below.get_xydata())
    assert twin.get_zorder() > below.get_zorder()
    assert twin.get_markersize() < below.get_markersize()
    assert twin.get_marker() != below.get_marker()
    plt.close(fig)


def test_the_update_axis_says_how_it_is_scaled(regression):
    X, y = regression
    fig = plots.plot_loss_curves(X, y, {"B = 20": run(X, y, batch_size=20)})
    assert fig.axes[0].get_xlabel() == "update number (evenly spaced up to 10, log scale beyond)"
    assert "faint: every update" in fig.axes[1].get_title()
    for ax in fig.axes:
        assert ax.get_ylabel() == "loss on all the data (log scale)"
    plt.close(fig)


# ---------------------------------------------------------------- one colour, one meaning


def run_colours(fig, ax_index: int = 2) -> dict[str, str]:
    """Each run's colour on the per-update panel of plot_batch_paths, by label."""
    lines = lines_by_label(fig.axes[ax_index])
    return {label: line.get_color() for label, line in lines.items()
            if label not in ("start", "lowest possible loss")}


def test_full_batch_has_one_colour_wherever_it_stands(regression):
    """Full batch (one update per epoch) is palette.FULL_BATCH, the explorer's colour for it,
    whether it comes first, last, or as accumulation over the whole epoch (the slides' loop);
    no other run is drawn in it."""
    X, y = regression
    orders = [
        {"full": run(X, y, batch_size=200), "B = 20": run(X, y, batch_size=20),
         "SGD": run(X, y, batch_size=1)},
        {"B = 10": run(X, y, batch_size=10), "B = 40": run(X, y, batch_size=40),
         "slides' loop": run(X, y, batch_size=10, accumulate=20),
         "K = 4": run(X, y, batch_size=10, accumulate=4)},
    ]
    for runs in orders:
        fig = plots.plot_batch_paths(X, y, runs)
        colours = run_colours(fig)
        full = [label for label, result in runs.items() if result.updates_per_epoch == 1]
        assert len(full) == 1
        assert colours[full[0]] == palette.FULL_BATCH == palette.FUNCTION
        others = [colours[label] for label in runs if label not in full]
        assert others == list(palette.MINI_BATCH_RUNS[:len(others)])
        assert palette.FULL_BATCH not in others
        # The same colour and marker on the map, both loss panels and the legend.
        paths, key, per_update, per_epoch = fig.axes
        handles = {h.get_label().split(":")[0]: h for h in key.get_legend().legend_handles}
        for label in runs:
            marker = lines_by_label(per_epoch)[f"{label}: epoch ends"].get_marker()
            assert lines_by_label(paths)[label].get_color() == colours[label]
            assert lines_by_label(per_epoch)[f"{label}: every update"].get_color() == colours[label]
            assert handles[label].get_color() == colours[label]
            assert handles[label].get_marker() == marker
            assert lines_by_label(per_update)[label].get_marker() == marker
        markers = [lines_by_label(per_epoch)[f"{label}: epoch ends"].get_marker()
                   for label in runs]
        assert len(set(markers)) == len(markers)  # told apart without colour too
        plt.close(fig)


def test_colours_overrides_the_rule_for_the_runs_it_names(regression):
    X, y = regression
    runs = {"full": run(X, y, batch_size=200), "B = 20": run(X, y, batch_size=20)}
    fig = plots.plot_batch_paths(X, y, runs, colours={"B = 20": palette.BLACK})
    assert run_colours(fig) == {"full": palette.FULL_BATCH, "B = 20": palette.BLACK}
    plt.close(fig)
    fig = plots.plot_loss_curves(X, y, runs, colours={"full": palette.GREEN})
    assert run_colours(fig, 0)["full"] == palette.GREEN
    plt.close(fig)


def test_the_epoch_panel_joins_no_epoch_ends_with_a_line(regression):
    """Against epochs, the only lines drawn hold every update (faint) or are the floor; the
    epoch ends are markers alone, so nothing suggests losses that were never measured."""
    X, y = regression
    runs = {"full": run(X, y, batch_size=200), "SGD": run(X, y, batch_size=1)}
    fig = plots.plot_batch_paths(X, y, runs)
    per_epoch = fig.axes[3]
    for label, line in lines_by_label(per_epoch).items():
        if line.get_linestyle() in ("None", "none", ""):
            continue
        if label == "lowest possible loss":
            continue
        name = label.removesuffix(": every update")
        assert len(line.get_xdata()) == len(runs[name].path), label
        assert line.get_linewidth() < 1.0, label  # faint: a thin line
    for name in runs:
        ends = lines_by_label(per_epoch)[f"{name}: epoch ends"]
        assert ends.get_linestyle() == "None"
        assert np.allclose(ends.get_xdata(), np.arange(1, 3))
    plt.close(fig)


def test_every_marker_drawn_is_in_the_legend_and_every_figure_fits(regression):
    """The checks of test_figures_readable on every builder, with inputs the lecture does not
    use too: a twin, two full batches, a cost model, a run listed before full batch."""
    X, y = regression
    runs = {"B = 10": run(X, y, batch_size=10), "B = 40": run(X, y, batch_size=40),
            "full": run(X, y, batch_size=200), "K = 4": run(X, y, batch_size=10, accumulate=4),
            "SGD": run(X, y, batch_size=1)}
    descent = solvers.gradient_descent(lambda w: data.linear_mse_grad(w, X, y), [-2.0, 4.5],
                                       0.2, steps=40)
    figures = [
        plots.plot_batch_paths(X, y, runs),
        plots.plot_loss_curves(X, y, runs),
        plots.plot_loss_surface(X, y, descent),
        plots.plot_epoch_times(SIZES, SECONDS, n=100),
        plots.plot_epoch_times(SIZES, SECONDS, n=100, model=solvers.LECTURE_04_COST),
        plots.plot_memory_trace(np.arange(1, 11), np.zeros(10), file_mb=100, batch_mb=1,
                                batch_losses=np.geomspace(10, 0.01, 10), noise=0.1),
        plots.plot_regression_data(X, y, {"guess": (0.0, 2.5),
                                          "best": data.least_squares(X, y)}),
    ]
    for fig in figures:
        fig.canvas.draw()
        problems = [p for check in readable.CHECKS for p in check(fig)]
        assert not problems, (fig.get_suptitle() or fig.axes[0].get_title(), problems)
        for ax in fig.axes:
            if ax.axison and ax.name != "3d":
                assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        plt.close(fig)


# ---------------------------------------------------------------- time per epoch


def test_the_cost_model_is_drawn_on_both_panels_with_its_numbers():
    n, sizes = 20_000, [1, 4, 16, 64, 256, 1024, 4096, 20_000]
    model = solvers.LECTURE_04_COST
    seconds = [model.epoch_seconds(n, b) * 1.1 for b in sizes]
    fig = plots.plot_epoch_times(sizes, seconds, n=n, model=model)
    left, right = fig.axes
    label = "model: 13 µs per update + 0.027 µs per row"
    assert label in [text.get_text() for text in fig.legends[0].get_texts()]
    on_left = lines_by_label(left)[label]
    B = on_left.get_xdata()
    assert B.min() == 1 and B.max() == n
    assert np.allclose(on_left.get_ydata(), [model.epoch_seconds(n, int(b)) * 1e3 for b in B])
    on_right = [line for line in right.get_lines() if line.get_color() == on_left.get_color()]
    assert len(on_right) == 1
    assert np.allclose(on_right[0].get_ydata(), model.seconds(on_right[0].get_xdata()) * 1e6)
    for ax in (left, right):
        assert "log scale" in ax.get_xlabel() and "log scale" in ax.get_ylabel()
    plt.close(fig)
    fig = plots.plot_epoch_times(sizes, seconds, n=n)
    assert not any(text.get_text().startswith("model") for text in fig.legends[0].get_texts())
    plt.close(fig)


@pytest.mark.parametrize("per_update", [
    [12.6, 25, 20, 21, 27, 56, 205, 871],   # the lecture's machine
    [22.4, 18, 18.5, 17, 22, 42, 140, 526],  # B = 1 above the next ones
    [13, 13, 13, 13, 13, 13, 13, 13],        # all alike
])
@pytest.mark.parametrize("with_model", [False, True])
def test_the_time_labels_cover_no_marker_and_no_line(per_update, with_model):
    n, sizes = 20_000, np.array([1, 4, 16, 64, 256, 1024, 4096, 20_000])
    seconds = np.array(per_update) * 1e-6 * np.ceil(n / sizes)
    model = solvers.CostModel.fit(n, sizes, seconds) if with_model else None
    fig = plots.plot_epoch_times(sizes, seconds, n=n, model=model)
    fig.canvas.draw()
    right = fig.axes[1]
    labels = [text for text in right.texts if text.get_text().startswith("B = ")]
    assert len(labels) == 2
    for text in labels:
        box = text.get_window_extent().padded(2)
        for line in right.get_lines():
            xy = right.transData.transform(line.get_xydata())
            if line.get_linestyle() not in ("None", "none", ""):
                t = np.linspace(0, 1, 20)[:, None, None]
                xy = (xy[:-1] + t * (xy[1:] - xy[:-1])).reshape(-1, 2)
            reach = line.get_markersize() / 2 * fig.dpi / 72 if line.get_marker() else 0
            near = ((xy[:, 0] > box.x0 - reach) & (xy[:, 0] < box.x1 + reach)
                    & (xy[:, 1] > box.y0 - reach) & (xy[:, 1] < box.y1 + reach))
            assert not near.any(), (text.get_text(), line.get_label())
        assert right.get_window_extent().contains(box.x0, box.y0)
        assert right.get_window_extent().contains(box.x1, box.y1)
    plt.close(fig)


def test_the_pipeline_writes_the_learning_rate_as_eta():
    fig = plots.plot_pipeline()
    update = next(t for t in texts(fig) if t.startswith("update"))
    assert "\\eta" in update and "lr" not in update
    assert any("learning rate $\\eta$" in t for t in texts(fig))
    plt.close(fig)


def test_the_shapes_figure_says_rows_count_from_zero():
    fig = plots.plot_matrix_shapes(n=8, d=3, row=2)
    label = next(t for t in texts(fig) if t.startswith("example 2"))
    assert "counted from 0" in label
    plt.close(fig)


def test_the_memory_trace_marks_the_noise_floor():
    rows = np.arange(1, 11) * 1000
    losses = np.geomspace(10, 0.01, 10)
    fig = plots.plot_memory_trace(rows, np.zeros(10), file_mb=100, batch_mb=1,
                                  batch_losses=losses, noise=0.1)
    floor = [line for line in fig.axes[1].get_lines() if "noise floor" in line.get_label()]
    assert len(floor) == 1 and np.allclose(floor[0].get_ydata(), 0.01)
    plt.close(fig)
    fig = plots.plot_memory_trace(rows, np.zeros(10), file_mb=100, batch_mb=1, batch_losses=losses)
    assert not [line for line in fig.axes[1].get_lines() if "noise floor" in line.get_label()]
    plt.close(fig)


# ---------------------------------------------------------------- what each figure says


def said(fig) -> str:
    """The figure's description (closing the figure), checked as the lectures' figures are:
    present, at most 300 characters, no colour words."""
    problems = readable.check_described(fig)
    sentence = plots.description(fig)
    plt.close(fig)
    assert not problems, problems
    return sentence


def loss_text(value: float) -> str:
    return f"{value:.3f}"


def test_the_pipeline_says_where_each_step_of_the_loop_sits():
    sentence = said(plots.plot_pipeline())
    for step in ("input x", "prediction", "ground truth y", "gradient", "update",
                 "hyperparameters"):
        assert step in sentence
    # the figure's layout: the forward row, the training row and the knobs outside the loop
    assert "Top row, left to right: input x" in sentence
    assert "Bottom row, right to left: gradient, update" in sentence
    assert "Bottom left, outside the loop" in sentence
    fig, ax = plt.subplots()
    plots.plot_pipeline(ax=ax)
    assert plots.description(fig) is None  # the caller describes its own figure
    plt.close(fig)


def test_the_shapes_figure_says_the_shapes_and_the_row_it_marks():
    sentence = said(plots.plot_matrix_shapes(n=8, d=3, row=2))
    assert sentence.startswith("Left to right: X times w equals X w.")
    assert "@" not in sentence  # a screen reader says "at"
    assert "(8, 3)" in sentence and "(3,)" in sentence and "(8,)" in sentence
    assert "row 2 of X" in sentence and "prediction 2" in sentence
    other = said(plots.plot_matrix_shapes(n=5, d=4, row=0))
    assert "(5, 4)" in other and "(4,)" in other and "row 0 of X" in other
    assert other != sentence


def test_the_regression_lines_are_ranked_by_their_loss(regression):
    X, y = regression
    best = data.least_squares(X, y)
    lines = {"guess": (-2.0, 4.5), "better": (0.0, 2.5), "best": best}
    losses = {label: data.linear_mse(np.asarray(w), X, y) for label, w in lines.items()}
    sentence = said(plots.plot_regression_data(X, y, lines))
    assert sentence.startswith(f'Of 3 lines drawn over {len(y)} data points, "best" '
                               f"(intercept {best[0]:.2f}, slope {best[1]:.2f})")
    assert '"guess" (intercept -2.00, slope 4.50)' in sentence  # what each weight means
    assert "w0" not in sentence and "w1" not in sentence
    assert "the least-squares line" in sentence
    assert f"fits best, loss {losses['best']:.2f}" in sentence
    # lowest loss first: "better" is named before "guess"
    assert sentence.index(f"{losses['better']:.2f} for \"better\"") < sentence.index(
        f"{losses['guess']:.2f} for \"guess\"")
    # Without the least-squares line, the best of the others leads and is not called exact.
    other = said(plots.plot_regression_data(X, y, {"guess": (-2.0, 4.5), "better": (0.0, 2.5)}))
    assert '"better"' in other.split("fits best")[0]
    assert "least-squares" not in other
    one = said(plots.plot_regression_data(X, y, {"flat": (3.0, 0.0)}))
    assert f"loss {data.linear_mse(np.array([3.0, 0.0]), X, y):.2f}" in one
    fig, ax = plt.subplots()
    plots.plot_regression_data(X, y, lines, ax=ax)
    assert plots.description(fig) is None
    plt.close(fig)


def descend(X, y, lr, steps, tol=1e-8, start=(-2.0, 4.5)):
    return solvers.gradient_descent(lambda w: data.linear_mse_grad(w, X, y), list(start), lr,
                                    steps=steps, tol=tol)


def test_the_loss_surface_says_the_bowls_shape_and_how_descent_crosses_it(regression):
    X, y = regression
    best = data.least_squares(X, y)
    floor = data.linear_mse(best, X, y)
    short = descend(X, y, 0.2, 40)
    assert not short.converged and not short.diverged
    turns = plots.batching._turns(np.asarray(short.path))
    assert len(turns) >= 2 and turns[-1] < 40
    sentence = said(plots.plot_loss_surface(X, y, short))
    # the lecture's data: x and 1 correlate, so the valley trades slope against intercept
    assert "a long bowl, along whose valley higher slopes go with lower intercepts" in sentence
    assert "Descent from intercept -2, slope 4.5 zig-zags across the valley for " \
           f"{turns[-1]} steps, then runs along its floor" in sentence
    assert (f"stops after 40 steps short of the minimum at intercept {best[0]:.3g}, slope "
            f"{best[1]:.3g}: loss {loss_text(data.linear_mse(short.final, X, y))} against "
            f"{loss_text(floor)}") in sentence
    # A run that converges reaches the minimum after its own number of steps.
    done = descend(X, y, 0.2, 2000, tol=1e-6)
    assert done.converged
    assert (f"reaches the minimum at intercept 1.02, slope 1.96 after {done.steps} steps"
            in said(plots.plot_loss_surface(X, y, done)))
    # A slow run makes no zig-zag; a run with too large a step diverges.
    slow = said(plots.plot_loss_surface(X, y, descend(X, y, 0.01, 3)))
    assert "zig-zag" not in slow and "stops after 3 steps" in slow
    assert "short of the minimum" in slow
    wild = descend(X, y, 2.0, 100)
    assert wild.diverged
    assert f"diverges: after {wild.steps} steps" in said(plots.plot_loss_surface(X, y, wild))


def test_the_valley_is_said_only_for_a_long_bowl_and_which_way_it_runs():
    rng = np.random.default_rng(0)
    x = rng.uniform(0.0, 3.0, 200)
    X = np.column_stack([np.ones_like(x), x])  # x mostly positive: a long valley, tilted down
    assert plots.batching._valley_text(X) == (
        "a long bowl, along whose valley higher slopes go with lower intercepts")
    # x centred on 0 with unit spread: curvature 1 both ways, a round bowl
    centred = np.column_stack([np.ones(4), [-1.0, 1.0, -1.0, 1.0]])
    assert plots.batching._valley_text(centred) == "a round bowl"
    # x mostly negative: a higher slope goes with a higher intercept
    assert "higher intercepts" in plots.batching._valley_text(np.column_stack([np.ones(200), -x]))
    # descent that ends crosswise, still turning back, is not said to run along the floor
    X, y = np.column_stack([np.ones(200), x]), 1.0 + 2.0 * x
    zig = descend(X, y, 0.3, 6, start=(-2.0, 4.5))
    sentence = said(plots.plot_loss_surface(X, y, zig))
    assert "zig-zag" in sentence and "along its floor" not in sentence


def test_the_batch_runs_are_ranked_by_their_last_loss(regression):
    X, y = regression
    runs = {"full": run(X, y, batch_size=200), "B = 20": run(X, y, batch_size=20),
            "SGD": run(X, y, batch_size=1)}
    last = {label: data.linear_mse(r.final, X, y) for label, r in runs.items()}
    order = sorted(runs, key=last.get)
    for build in (plots.plot_batch_paths, plots.plot_loss_curves):
        sentence = said(build(X, y, runs))
        lead = order[0]
        assert (f'After 2 epochs "{lead}" ends lowest at loss {loss_text(last[lead])} in '
                f"{runs[lead].steps} updates") in sentence
        for label in order[1:]:
            assert f'"{label}" at {loss_text(last[label])}' in sentence
        assert sentence.index(f'"{order[1]}"') < sentence.index(f'"{order[2]}"')
    # The runs change, the sentence follows: one run alone, 3 epochs.
    alone = {"B = 40": solvers.minibatch_sgd(data.linear_mse_grad, [-2.0, 4.5], X, y, lr=0.05,
                                             epochs=3, batch_size=40, seed=0)}
    sentence = said(plots.plot_loss_curves(X, y, alone))
    assert (f'After 3 epochs "B = 40" ends at loss '
            f"{loss_text(data.linear_mse(alone['B = 40'].final, X, y))} in 15 updates"
            ) in sentence


def lecture_runs(epochs: int = 5):
    """Lecture 04's three runs: the same data, full batch, B = 20 and B = 1."""
    X, y, _ = data.make_linear_regression(200, w_true=(1.0, 2.0), noise=0.5, seed=0)
    runs = {name: solvers.minibatch_sgd(data.linear_mse_grad, [-2.0, 4.5], X, y, lr=0.05,
                                        batch_size=B, epochs=epochs, seed=0)
            for B, name in [(200, "full batch, B = 200"), (20, "mini-batch, B = 20"),
                            (1, "SGD, B = 1")]}
    return X, y, runs


def test_the_panels_where_paths_end_and_a_rising_epoch_are_said():
    """Lecture 04's figure: three panels; full batch is still near its start, B = 20 well on its
    way, SGD hops around the minimum and ends its last epoch higher than the one before."""
    X, y, runs = lecture_runs()
    best, _ = plots.batching._floor(X, y)
    shares = {label: plots.batching._share_of_way(r, best) for label, r in runs.items()}
    fig = plots.plot_batch_paths(X, y, runs)
    sentence = said(fig)
    assert sentence.startswith("Three panels: paths, loss per update and per epoch. ")
    # the share of the straight-line distance from the start to the minimum, on the map
    for label, run in runs.items():
        path = np.asarray(run.path)
        closed = 1 - np.linalg.norm(path[-1] - best) / np.linalg.norm(path[0] - best)
        assert shares[label] == pytest.approx(closed)
    assert (f'"mini-batch, B = 20" at 0.662, {100 * shares["mini-batch, B = 20"]:.0f}% of the '
            "distance from its start to the minimum;") in sentence
    assert f'"full batch, B = 200" at 2.613, {100 * shares["full batch, B = 200"]:.0f}%;' \
        in sentence
    assert shares["full batch, B = 200"] < 0.25 < 0.5 < shares["mini-batch, B = 20"]
    # after one epoch (the first markers of the epoch panel) SGD is far ahead, full batch last
    ends = {label: plots.batching._losses(r, X, y)[r.updates_per_epoch]
            for label, r in runs.items()}
    epoch_panel = fig.axes[-1]
    markers = [line for line in epoch_panel.lines if line.get_label().endswith(": epoch ends")]
    assert [float(line.get_xdata()[0]) for line in markers] == [1.0, 1.0, 1.0]
    assert sorted(float(line.get_ydata()[0]) for line in markers) == pytest.approx(
        sorted(ends.values()))
    assert ends["SGD, B = 1"] < 0.35 < 2 < ends["mini-batch, B = 20"] < 2.5 < 4 < \
        ends["full batch, B = 200"]
    assert sentence.endswith(f"; their epoch 1 ends at {ends['SGD, B = 1']:.3f}, "
                             f"{ends['mini-batch, B = 20']:.3f} and "
                             f"{ends['full batch, B = 200']:.3f}.")
    rising = {label: plots.batching._rising_epochs(r, plots.batching._losses(r, X, y))
              for label, r in runs.items()}
    assert rising == {"full batch, B = 200": [], "mini-batch, B = 20": [], "SGD, B = 1": [5]}
    # without the map, no places; the panels are two, and there is room for the rising epoch
    curves = said(plots.plot_loss_curves(X, y, runs))
    assert curves.startswith("Two panels: loss per update and per epoch.")
    assert "of the distance" not in curves and "hopping" not in curves
    assert "ending epoch 5 higher than epoch 4" in curves and curves.count("higher than") == 1
    assert "; their epoch 1 ends at 0.307, 2.225 and 4.195." in curves
    # a run that ends two epochs higher, and one that ends further from the minimum
    losses = np.ones(1001)
    losses[[200, 400, 600, 800, 1000]] = [3.0, 4.0, 2.0, 1.0, 1.5]  # the epoch ends
    assert plots.batching._rising_epochs(runs["SGD, B = 1"], losses) == [2, 5]


def test_runs_within_a_few_percent_after_the_fewest_updates_are_tied_not_led():
    """After 5 updates full batch is at 2.613 and B = 20 at 2.637: practically tied, not a lead;
    B = 1 (at 3.565) is not among them."""
    X, y, runs = lecture_runs()
    after = {label: data.linear_mse(r.weights[5], X, y) for label, r in runs.items()}
    assert 0 < after["mini-batch, B = 20"] / after["full batch, B = 200"] - 1 < 0.01
    short = dict(zip(("full", "B = 20", "SGD"), runs.values(), strict=True))
    sentence = said(plots.plot_loss_curves(X, y, short))
    assert ('after 5 updates "full" and "B = 20" are practically tied, within 1% of each '
            "other") in sentence
    assert "leads" not in sentence
    batching = plots.batching
    assert batching._tied([2.613, 2.637, 3.565]) == ([0, 1], 1)
    assert batching._tied([2.0, 2.06])[0] == [0, 1] and batching._tied([2.0, 2.2])[0] == [0]
    assert batching._tied([3.0, 2.0, 2.09]) == ([1, 2], 5)
    # a clear lead is still a lead
    two = {label: runs[label] for label in ("full batch, B = 200", "SGD, B = 1")}
    assert '"full batch, B = 200" leads at 2.613' in said(plots.plot_loss_curves(X, y, two))


def test_a_run_hopping_around_the_minimum_is_said_to_never_settle():
    X, y, runs = lecture_runs()
    best, _ = plots.batching._floor(X, y)
    hops = {label: plots.batching._hops(r, best) for label, r in runs.items()}
    assert hops == {"full batch, B = 200": False, "mini-batch, B = 20": False,
                    "SGD, B = 1": True}
    sentence = said(plots.plot_batch_paths(X, y, runs))
    assert '"SGD, B = 1" ends lowest at loss 0.352, hopping around the minimum;' in sentence
    assert sentence.count("hopping") == 1
    # gradient descent that creeps towards the minimum from one side does not hop
    creeping = solvers.minibatch_sgd(data.linear_mse_grad, [-2.0, 4.5], X, y, lr=0.01,
                                     batch_size=200, epochs=30)
    assert not plots.batching._hops(creeping, best)


def test_twins_diverging_runs_and_different_epochs_are_said(regression):
    X, y = regression
    wild = solvers.minibatch_sgd(data.linear_mse_grad, [-2.0, 4.5], X, y, lr=2.0, epochs=3,
                                 batch_size=20, seed=0)
    assert wild.diverged
    runs = {"B = 10": run(X, y, batch_size=10), "B = 40": run(X, y, batch_size=40),
            "K = 4 (dashed)": run(X, y, batch_size=10, accumulate=4), "wild": wild}
    sentence = said(plots.plot_batch_paths(X, y, runs))
    assert '"B = 40", retraced exactly by "K = 4",' in sentence
    assert sentence.count('"K = 4"') == 1  # named once, with the run it retraces
    assert "dashed" not in sentence  # a line style tells a listener nothing
    assert f'"wild" diverges after {wild.steps} updates' in sentence
    longer = {"B = 20": run(X, y, batch_size=20),
              "full, 3 epochs": solvers.minibatch_sgd(data.linear_mse_grad, [-2.0, 4.5], X, y,
                                                      lr=0.05, epochs=3, batch_size=200)}
    sentence = said(plots.plot_loss_curves(X, y, longer))
    assert "After" not in sentence.split(". ", 1)[1][:6]
    assert "in 20 updates (2 epochs)" in sentence and "in 3 updates (3 epochs)" in sentence


def test_long_labels_shorten_the_sentence_not_break_it(regression):
    X, y = regression
    long = "a label much longer than any lecture would ever choose for a run, " * 2
    runs = {long + "one": run(X, y, batch_size=1), long + "two": run(X, y, batch_size=200)}
    sentence = said(plots.plot_batch_paths(X, y, runs))
    assert sentence.startswith(f"Of 2 runs, the one with {runs[long + 'one'].steps} updates "
                               "ends lowest")
    lines = {long + "a": (0.0, 2.5), long + "b": data.least_squares(X, y)}
    assert "the least-squares line" in said(plots.plot_regression_data(X, y, lines))


def test_the_epoch_times_say_how_much_longer_small_batches_take():
    n = 20_000
    sentence = said(plots.plot_epoch_times([1, 20_000], [1.2, 0.0005], n=n))
    assert sentence.startswith("Time per epoch (left) and per update (right) against batch "
                               "size B. One epoch over 20,000 examples takes 1,200 ms at B = 1, "
                               "2,400 times as long as the 0.5 ms at B = 20,000")
    assert "one update costs only 60 µs at B = 1 against 500 µs" in sentence
    assert "model" not in sentence and "guide" not in sentence
    # with where the guide line is left, the times are said more briefly
    brief = said(plots.plot_epoch_times([1, 64, 20_000], [1.2, 0.008, 0.0005], n=n))
    assert ("against batch size B. An epoch takes 1,200 ms at B = 1 and 0.5 ms at B = 20,000, an "
            "update 60 µs and 500 µs. Up to B = 64 the measured times") in brief
    model = solvers.LECTURE_04_COST
    two = said(plots.plot_epoch_times([1, 20_000], [1.2, 0.0005], n=n, model=model))
    assert two.endswith("the fitted model: 13 µs per update + 0.027 µs per row.")
    # A slower epoch at the big batch: no "times as long".
    slow = said(plots.plot_epoch_times([1, 10], [0.01, 0.02], n=10))
    assert "takes 10 ms at B = 1 and 20 ms at B = 10, though" in slow
    # A cheaper update at the big batch: no "only".
    cheap = said(plots.plot_epoch_times([1, 10], [0.1, 0.001], n=10))
    assert "100 ms at B = 1, 100 times as long as the 1 ms at B = 10" in cheap
    assert "one update costs 10,000 µs at B = 1 and 1,000 µs at B = 10" in cheap
    single = said(plots.plot_epoch_times([10], [0.02], n=100))
    assert single.startswith("One epoch over 100 examples at B = 10 takes 20 ms, 2,000 µs")


def test_the_epoch_times_say_where_the_measurements_leave_the_guide_line():
    n, sizes = 20_000, [1, 4, 16, 64, 256, 1024, 4096, 20_000]
    model = solvers.CostModel(per_update=24e-6, per_example=0.03e-6)
    seconds = [model.epoch_seconds(n, b) for b in sizes]
    per_update = np.array(seconds) / np.ceil(n / np.array(sizes))
    sentence = said(plots.plot_epoch_times(sizes, seconds, n=n, model=model))
    # 24 + 0.03 B µs: under 48 µs up to B = 256 (32 µs), over from B = 1,024 (54 µs) on
    assert per_update[4] < 2 * per_update[0] < per_update[5]
    # the epoch times level off: from B = 4,096 on within 1.5 times of each other, the one
    # before (B = 1,024) above that band
    ms = np.array(seconds) * 1e3
    assert ms[6:].max() <= 1.5 * ms[6:].min() < ms[5] and ms[5:].max() > 1.5 * ms[5:].min()
    assert plots.batching._level_from(sizes, seconds) == 6
    assert sentence == (
        "Time per epoch (left) and per update (right) against batch size B, measured dots and a "
        f"fitted model line. An epoch takes {ms[0]:.0f} ms at B = 1 and levels off from B = 4,096 "
        f"on, at {ms[6:].min():.3g} to {ms[6:].max():.3g} ms. Up to B = 256 an update costs under "
        "twice as much as at B = 1, from B = 1,024 on more.")
    # the model line is drawn in both panels, and its legend gives its two costs
    fig = plots.plot_epoch_times(sizes, seconds, n=n, model=model)
    left, right = fig.axes
    assert "model: 24 µs per update + 0.03 µs per row" in [
        text.get_text() for text in fig.legends[0].get_texts()]
    assert len(left.lines) == len(right.lines) == 3  # guide, model, measured
    # nothing levels off: said as before, guide line and all
    assert plots.batching._level_from([1, 10, 100], [1.0, 0.1, 0.01]) is None
    assert plots.batching._level_from([1, 10, 100], [1.0, 0.5, 0.45]) == 1
    assert plots.batching._level_from([1, 10, 100], [0.5, 0.45, 0.4]) is None  # level throughout
    steep = said(plots.plot_epoch_times(sizes, [model.per_update * np.ceil(n / b) for b in sizes],
                                        n=n))
    assert steep.startswith("Time per epoch (left) and per update (right) against batch size "
                            "B. One epoch over 20,000 examples takes ")
    guide = plots.batching._guide_text
    assert guide([1, 10, 100], [1.0, 1.5, 3.0]).startswith(". Up to B = 10 ")
    assert guide([1, 10, 100], [1.0, 2.5, 1.5]) == ""  # cheaper again after: no such point
    assert guide([1, 10, 100], [1.0, 3.0, 4.0]) == ""  # twice as much at once
    assert guide([1, 10, 100], [1.0, 1.2, 1.5]) == ""  # never twice


def test_the_memory_trace_says_how_little_memory_grew_and_when_the_loss_reached_the_floor():
    rows = np.arange(1, 11) * 1000
    losses = np.geomspace(10, 0.01, 10)
    growth = np.linspace(0.0, 1.24, 10)
    sentence = said(plots.plot_memory_trace(rows, growth, file_mb=192, batch_mb=2.56,
                                            batch_losses=losses, noise=0.1))
    assert growth.max() > 1.2  # 1.24: "at most" rounds up
    assert sentence.startswith("Left, the process's memory grows by at most 1.3 MB while "
                               "reading 10,000 rows from disk, against 192 MB for the whole file "
                               "and 2.6 MB for one batch. Right, ")
    # the loss reaches the floor only at the last batch: no plateau to speak of
    assert "the batch loss falls from 10 to 0.01, the noise floor being 0.01" in sentence
    plateau = np.concatenate([np.geomspace(10, 0.0105, 4), 0.01 * (1 + 0.05 * np.cos(
        np.arange(6)))])
    sentence = said(plots.plot_memory_trace(rows, growth, file_mb=192, batch_mb=2.56,
                                            batch_losses=plateau, noise=0.1))
    assert sentence.endswith("Right, the batch loss falls from 10 to within 10% of the noise "
                             "floor, 0.01, by 4,000 rows and stays there, ending at "
                             f"{plateau[-1]:.3g}.")
    flat = said(plots.plot_memory_trace(rows, -growth, file_mb=50, batch_mb=1,
                                        batch_losses=losses[::-1]))
    assert "memory does not grow" in flat and "50 MB" in flat
    assert "rises from 0.01 to 10" in flat and "noise floor" not in flat
    alone = said(plots.plot_memory_trace(rows, growth, file_mb=50, batch_mb=1))
    assert "batch loss" not in alone and not alone.startswith("Left")


# ---------------------------------------------------------------- bad arguments

NAN = float("nan")
STRANGERS = ("a", None, True)  # the wrong type for a number
BAD_EXTENTS = ("a", True, NAN, -1, (0.0, 1.0, 0.0), (0.0, NAN, 0.0, 1.0), (1.0, 0.0, 0.0, 1.0))
SIZES = [1, 10, 100]
SECONDS = [0.1, 0.02, 0.01]


def small():
    X, y, _ = data.make_linear_regression(100, seed=0)
    return X, y, {"B = 10": run(X, y, batch_size=10)}


def descent():
    X, y, _ = data.make_linear_regression(100, seed=0)
    return X, y, solvers.gradient_descent(lambda w: data.linear_mse_grad(w, X, y), [0.0, 0.0],
                                          0.1, steps=3)


REFUSALS = {
    "plot_matrix_shapes n": (lambda v: plots.plot_matrix_shapes(n=v, row=0), "n",
                             STRANGERS + (NAN, 2.5, -1, 0)),
    "plot_matrix_shapes d": (lambda v: plots.plot_matrix_shapes(d=v), "d",
                             STRANGERS + (NAN, 2.5, -1, 0)),
    "plot_matrix_shapes row": (lambda v: plots.plot_matrix_shapes(n=8, row=v), "row",
                               STRANGERS + (NAN, 2.5, -1, 8)),
    "plot_epoch_times n": (lambda v: plots.plot_epoch_times(SIZES, SECONDS, n=v), "n",
                           STRANGERS + (NAN, 2.5, -1, 0)),
    "plot_epoch_times batch_sizes": (lambda v: plots.plot_epoch_times(v, SECONDS, n=100),
                                     "batch_sizes", STRANGERS + (NAN, [], [0, 10, 100],
                                                                 [1, 10, 1000], [1, 2.5, 100])),
    "plot_epoch_times seconds_per_epoch": (lambda v: plots.plot_epoch_times(SIZES, v, n=100),
                                           "seconds_per_epoch",
                                           STRANGERS + (NAN, [0.1, 0.2], [0.1, 0.0, 0.1])),
    "plot_loss_surface extent": (lambda v: plots.plot_loss_surface(*descent(), extent=v),
                                 "extent", BAD_EXTENTS),
    "plot_batch_paths extent": (lambda v: plots.plot_batch_paths(*small(), extent=v), "extent",
                                BAD_EXTENTS),
    "plot_batch_paths runs": (lambda v: plots.plot_batch_paths(*small()[:2], v), "runs",
                              STRANGERS + (NAN, {})),
    "plot_loss_curves runs": (lambda v: plots.plot_loss_curves(*small()[:2], v), "runs",
                              STRANGERS + (NAN, {})),
    "plot_batch_paths colours": (lambda v: plots.plot_batch_paths(*small(), colours=v),
                                 "colours", ("a", True, 3, {"B = 20": "#000000"},
                                             {"B = 10": "no colour"}, {"B = 10": True})),
    "plot_loss_curves colours": (lambda v: plots.plot_loss_curves(*small(), colours=v),
                                 "colours", ("a", [("B = 10", "#000000")], {"nope": "red"})),
    "plot_epoch_times model": (lambda v: plots.plot_epoch_times(SIZES, SECONDS, n=100, model=v),
                               "model", ("a", True, 13e-6, (13e-6, 0.027e-6))),
    "plot_memory_trace file_mb": (lambda v: plots.plot_memory_trace(
        [1, 2], [0, 1], file_mb=v, batch_mb=1), "file_mb", STRANGERS + (NAN, -1, 0)),
    "plot_memory_trace batch_mb": (lambda v: plots.plot_memory_trace(
        [1, 2], [0, 1], file_mb=10, batch_mb=v), "batch_mb", STRANGERS + (NAN, -1, 0)),
    "plot_memory_trace noise": (lambda v: plots.plot_memory_trace(
        [1, 2], [0, 1], file_mb=10, batch_mb=1, noise=v), "noise", ("a", True, NAN, -1)),
    "plot_memory_trace rss_growth_mb": (lambda v: plots.plot_memory_trace(
        [1, 2], v, file_mb=10, batch_mb=1), "rss_growth_mb", STRANGERS + (NAN, [0.0], [0, NAN])),
    "plot_regression_data lines": (lambda v: plots.plot_regression_data(*small()[:2], v),
                                   "lines", STRANGERS + (NAN, {}, {"a": (1.0,)},
                                                         {"a": (1.0, NAN)})),
}
INTEGERS = {"n", "d", "row"}


def expected_error(name: str, bad) -> type[Exception]:
    """A TypeError when the type is wrong (a string, None, a bool where a number belongs, a
    fraction for an integer, anything but a dict where a dict belongs), else a ValueError."""
    if isinstance(bad, (str, bool)) or bad is None:
        return TypeError
    if name in ("runs", "lines", "colours") and not isinstance(bad, dict):
        return TypeError
    if name == "model":  # anything but a CostModel is the wrong type
        return TypeError
    if name in INTEGERS and isinstance(bad, float) and not float(bad).is_integer():
        return TypeError
    return ValueError


@pytest.mark.parametrize("case, bad", [(case, bad) for case, (_, _, bads) in REFUSALS.items()
                                       for bad in bads])
def test_every_builder_names_the_argument_it_refuses_and_leaves_no_figure(case, bad):
    call, name, _ = REFUSALS[case]
    assert_refused_before_drawing(lambda: call(bad), name, expected_error(name, bad))
