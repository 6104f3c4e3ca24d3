"""One explorer interface: every explorer has the same names for the same things, Reset puts it
back where it started, a click starts a run, and the house helpers (path marks, number formats,
legends, axis ranges) behave the same everywhere."""

import html
import re
from collections import Counter
from pathlib import Path

import bqplot as bq
import ipywidgets as widgets
import numpy as np
import pytest

from helpers.speech import spoken
from helpers.widgets import (
    BatchSizeExplorer,
    DescentExplorer1D,
    DescentExplorer2D,
    Explorer,
    KinkExplorer,
    MomentumExplorer,
    TrainingExplorer,
    access,
)
from helpers.widgets.access import Access
from helpers.widgets.look import (
    DOTS_UP_TO,
    DottedLines,
    cut_at_view,
    figure,
    log_slider,
    move_path,
    path_marks,
    refresh_legend,
    set_range,
    shortest_nearby,
    show_number,
    show_point,
    show_rate,
    show_size,
    value_range,
)

MAKERS = {
    "1-D": lambda: DescentExplorer1D(),
    "2-D": lambda: DescentExplorer2D(),
    "momentum": lambda: MomentumExplorer(steps=100),
    "kink": lambda: KinkExplorer(),
    "batch size": lambda: BatchSizeExplorer(n=60),
    "training": lambda: TrainingExplorer(
        width=2, min_width=1, max_width=2, steps=20, record_every=5, points=20
    ),
}
WITH_A_START = ("1-D", "2-D", "momentum", "kink", "batch size")


@pytest.fixture(params=list(MAKERS))
def named(request):
    return request.param, MAKERS[request.param]()


def far_end(slider):
    """A value at the other end of the slider's range from where it is."""
    low, high = value_range(slider)
    value = high if abs(slider.value - low) < abs(slider.value - high) else low
    return type(slider.value)(value)


def state(explorer):
    return (
        {name: c.value for name, c in explorer.controls.items()},
        explorer.start_point,
        explorer.label.value,
    )


def test_every_explorer_has_the_same_parts(named):
    _, explorer = named
    assert isinstance(explorer, Explorer) and isinstance(explorer, widgets.VBox)
    assert isinstance(explorer.figure, bq.Figure)
    assert explorer.figure is explorer.figures[0]
    assert all(isinstance(f, bq.Figure) for f in explorer.figures)
    assert explorer.view in explorer.children
    assert explorer.children[-2:] == (explorer.label, explorer.access)
    assert explorer.reset_button in explorer.children
    assert explorer.result is not None and explorer.label.value
    assert set(explorer.sliders) <= set(explorer.controls)
    for figure_ in explorer.figures:
        assert figure_.title is not None and figure_.animation_duration == 0


def heard(markup: str) -> str:
    """What a screen reader reads of a label's HTML: its words for the ear, without tags."""
    said = re.search(r'<div class="gd-sr">(.*?)</div>', markup).group(1)
    return " ".join(html.unescape(said).split())


NOTATION = ("→", "·", "∇", "e-0", "e+0", "₀", "|x|", "f(x)")


def test_every_figure_is_described_for_a_screen_reader_and_follows_the_run(named):
    """The accessibility layer names each figure (found by its class) by its title and
    describes it in words: each figure with what only it shows (the main figure: the shape of
    its path and the choices made), else the run's message, never both (the label says the
    message after every move), without notation a screen reader reads badly; a move changes
    the description."""
    _, explorer = named
    assert isinstance(explorer.access, Access)
    assert len(explorer.access.descriptions) == len(explorer.figures)
    shown_message = html.unescape(explorer.label.value.rsplit("<div>", 1)[-1].split("</div>")[0])
    message = spoken(shown_message)
    notes = explorer._figure_notes()
    for index, (figure_, text) in enumerate(
            zip(explorer.figures, explorer.access.descriptions, strict=True)):
        assert f"gd-figure-{index}" in figure_._dom_classes
        name, detail = text.split("\n")
        assert spoken(figure_.title).startswith(name.removesuffix("."))
        assert not any(hint in name for hint in ("click", "drag", "(bold)"))  # for the eye only
        assert not any(symbol in text for symbol in NOTATION), text
        if notes.get(index):  # what only this figure shows; the label says the message
            assert message not in detail
        else:
            assert detail.startswith(message)
        if index == 0:
            for control in explorer.controls.values():
                if control.description and control not in explorer.sliders.values():
                    assert spoken(f"{control.description}: {control.value}") in detail
    path = getattr(explorer.result, "path", None)
    if isinstance(path, np.ndarray) and path.ndim <= 2:
        assert "its first step goes from" in explorer.access.descriptions[0].lower()
    before = list(explorer.access.descriptions)
    slider = explorer.controls.get("lr") or next(iter(explorer.sliders.values()))
    slider.value = far_end(slider)
    assert explorer.access.descriptions != before


def test_the_label_shows_notation_and_says_words(named):
    """The label twice: the notation for the eye (hidden from a screen reader) and every fact
    and the message in words for the ear (hidden from the eye), the facts parted by pauses."""
    _, explorer = named
    said = heard(explorer.label.value)
    assert not any(symbol in said for symbol in NOTATION), said
    shown_facts = explorer.label.value.count("&nbsp;·&nbsp;") + 1
    assert said.count(";") >= shown_facts - len(explorer.UNSAID) - 1
    assert '<div aria-hidden="true"><div>' in explorer.label.value
    assert ".gd-sr" in Access._css and "clip: rect(0 0 0 0)" in Access._css


def test_the_momentum_height_panel_says_how_often_each_path_climbs():
    explorer = MomentumExplorer()
    heights = explorer.objective.f(explorer.result.path)
    climbs = int(np.sum(np.diff(heights) > 0))
    assert climbs > 0
    assert f"momentum path climbs on {climbs} steps" in explorer.access.descriptions[1]
    assert "along plain descent it never climbs" in explorer.access.descriptions[1]
    assert "along plain descent" not in explorer.access.descriptions[0]


def test_a_run_that_has_not_settled_is_said_to_cycle_bounce_or_keep_going():
    explorer = DescentExplorer1D(function="quartic", lr=0.68, steps=200)
    assert "it ends going round 2 points for ever (x = 0.9139, x = 1.07)" in (
        explorer.access.descriptions[0])
    assert "Over its last" not in explorer.access.descriptions[0]  # the cycle says it all
    explorer.controls["lr"].value = 0.6  # lecture 1's oscillating rate: bounces, shrinking
    explorer.controls["steps"].value = 40
    assert "it bounces back and forth, the steps shrinking" in explorer.access.descriptions[0]
    explorer.controls["lr"].value = 0.1  # converges: nothing to add
    assert "Over its last" not in explorer.access.descriptions[0]


def test_the_page_module_labels_every_kind_of_control():
    """access.js handles each kind of control the explorers use, and the CSS rings focus."""
    script = (Path(access.__file__).with_name("access.js")).read_text()
    for selector in (".widget-slider", ".widget-toggle-buttons", ".widget-dropdown", ".gd-result"):
        assert f'"{selector}"' in script
    for attribute in ("aria-labelledby", "aria-valuetext", "aria-pressed", '"status"',
                      '"polite"', '"img"', "title", "desc"):
        assert attribute in script
    assert "outline: 3px solid" in Access._css


def test_reset_returns_every_control_and_the_start(named):
    name, explorer = named
    before = state(explorer)
    with explorer.hold_updates():
        for slider in explorer.sliders.values():
            slider.value = far_end(slider)
    for control in explorer.controls.values():
        if isinstance(control, widgets.ToggleButtons):
            control.value = (
                control.options[-1] if control.value != control.options[-1] else control.options[0]
            )
    if name in WITH_A_START:
        explorer.start_at(*(v + 0.3 for v in explorer.start_point))
    assert state(explorer) != before
    explorer.reset_button.click()
    assert state(explorer) == before


def test_hold_updates_updates_once(named, monkeypatch):
    _, explorer = named
    calls = []
    monkeypatch.setattr(explorer, "update", lambda: calls.append(1))
    with explorer.hold_updates():
        for slider in explorer.sliders.values():
            slider.value = far_end(slider)
    assert calls == [1]
    with explorer.quietly():
        for slider in explorer.sliders.values():
            slider.value = far_end(slider)
    assert calls == [1]


@pytest.mark.parametrize("name", WITH_A_START)
def test_a_click_starts_the_run_there(name):
    explorer = MAKERS[name]()
    dims = len(explorer.start_point)
    target = tuple(0.5 * v for v in explorer.start_point)
    click = (target[0], target[1] if dims == 2 else 123.0)  # a 1-D click also has a height
    with explorer.clicks.hold_trait_notifications():
        explorer.clicks.x, explorer.clicks.y = np.array([click[0]]), np.array([click[1]])
    assert np.allclose(explorer.start_point, target)
    assert len(explorer.clicks.x) == 0  # the catcher is emptied for the next click
    assert np.allclose(explorer.result.path[0], target if dims == 2 else target[0])
    assert explorer.clicks in explorer.figure.marks


@pytest.mark.parametrize("name", WITH_A_START)
def test_start_at_clips_to_the_view_and_checks_its_point(name):
    explorer = MAKERS[name]()
    dims = len(explorer.start_point)
    explorer.start_at(*([1e6] * dims))
    far = explorer.start_point
    explorer.start_at(*([1e7] * dims))
    assert explorer.start_point == far  # pinned to the edge, however far the click
    with pytest.raises(ValueError, match="point must have"):
        explorer.start_at(*([0.0] * (dims + 1)))


def test_an_explorer_without_a_start_says_so():
    explorer = MAKERS["training"]()
    assert explorer.start_point == ()
    with pytest.raises(ValueError, match="point must have 0 coordinates"):
        explorer.start_at(0.0, 0.0)


def test_set_slider_moves_the_range_quietly():
    explorer = DescentExplorer1D()
    calls = []
    explorer.update = lambda: calls.append(1)
    explorer.set_slider("x0", 5.0, -1.0, 7.0)
    slider = explorer.controls["x0"]
    assert (slider.min, slider.max, slider.value) == (-1.0, 7.0, 5.0)
    explorer.set_slider("lr", 50.0)  # a log slider: clipped to its largest value, 10**0
    assert explorer.controls["lr"].value == pytest.approx(1.0)
    assert calls == []


def test_path_marks_draw_dots_up_to_a_limit():
    """A path's line shows its iterates as dots (drawn by the page, told by the explorer's
    Access widget) up to DOTS_UP_TO of them; bqplot's own markers are never used."""
    scales = {"x": bq.LinearScale(), "y": bq.LinearScale()}
    path, start, end = path_marks(scales, label="a run")
    assert isinstance(path, DottedLines) and path.labels == ["a run"] and path.marker is None
    xs = np.arange(DOTS_UP_TO, dtype=float)
    move_path((path, start, end), xs, xs**2)
    assert path.dotted and path.marker is None
    assert list(start.x) == [0.0] and list(end.x) == [xs[-1]] and list(end.y) == [xs[-1] ** 2]
    xs = np.arange(DOTS_UP_TO + 1, dtype=float)
    move_path((path, end), xs, xs)
    assert not path.dotted and list(end.x) == [xs[-1]]
    move_path((path,), xs[:3], xs[:3], dots=False)
    assert not path.dotted
    line = bq.Lines(x=[], y=[], scales=scales)
    move_path((line,), xs[:3], xs[:3])
    assert line.marker is None and list(line.x) == [0.0, 1.0, 2.0]


def test_the_page_is_told_which_lines_are_dotted():
    """Access.dots lists every dotted line of the explorer by its widget, with its colour and
    dot size, and follows the run (a long path loses its dots, a short one has them)."""
    explorer = MomentumExplorer()
    dotted = {entry["line"]: entry for entry in explorer.access.dots}
    assert set(dotted) == {explorer.path.model_id, explorer.plain_path.model_id}
    assert dotted[explorer.plain_path.model_id]["colour"] == explorer.plain_path.colors[0]
    assert dotted[explorer.path.model_id]["size"] == explorer.path.dot_size
    explorer.controls["lr"].value = 0.001  # creeps: a long path with no dots
    assert explorer.access.dots == [] and not explorer.path.dotted
    assert 'r="2.5"' not in explorer.map_figure.legend_box.value  # no dot on a line swatch
    explorer.controls["lr"].value = 1.0  # leaves at once: a path of two points, dotted
    assert {entry["line"] for entry in explorer.access.dots} == set(dotted)
    assert 'r="2.5"' in explorer.map_figure.legend_box.value


def test_one_set_of_number_formats():
    assert show_number(1.0 / 3.0) == "0.3333"
    assert show_point([1.0 / 3.0, -2.805118086952745]) == "(0.3333, -2.805)"
    assert show_rate(0.18) == "0.18" and show_rate(2.0 / 11.0) == "0.182"
    assert show_size(1.234e-7) == "1.23e-07"


def test_figure_places_the_legend_and_set_range_fixes_the_axis():
    scales = {"x": bq.LinearScale(), "y": bq.LinearScale()}
    line = bq.Lines(x=[0, 1], y=[0, 1], scales=scales, labels=["a"], display_legend=True)
    fig = figure(
        [line], scales["x"], scales["y"], title="t", x_label="x", y_label="y", legend="bottom-left"
    )
    assert fig.legend_location == "bottom-left" and line.display_legend
    figure([line], scales["x"], scales["y"], title="t", x_label="x", y_label="y", legend=None)
    assert not line.display_legend
    set_range(scales["x"], 1, 4)
    assert (scales["x"].min, scales["x"].max) == (1.0, 4.0)


@pytest.mark.parametrize(
    "make, error, message",
    [
        (
            lambda: DescentExplorer1D(lr=-1),
            ValueError,
            r"^lr must be a number in \[0.001, 1\], got -1$",
        ),
        (lambda: DescentExplorer1D(lr="fast"), TypeError, "^lr must be"),
        (
            lambda: DescentExplorer1D(steps=None),
            TypeError,
            "^steps must be an integer from 1 to 200",
        ),
        (
            lambda: DescentExplorer1D(start=9.0),
            ValueError,
            r"^start must be a number in \[-3, 2.2\]",
        ),
        (lambda: DescentExplorer1D(function="sine"), ValueError, "^function must be one of"),
        (
            lambda: DescentExplorer2D(start=(9.0, 0.0)),
            ValueError,
            r"^start\[0\] must be a number in",
        ),
        (lambda: DescentExplorer2D(start=(0.0,)), ValueError, "^start must hold 2 numbers"),
        (
            lambda: MomentumExplorer(momentum=1.5),
            ValueError,
            r"^momentum must be a number in \[0, 0.99\]",
        ),
        (lambda: KinkExplorer(lr_decay=True), TypeError, "^lr_decay must be"),
        (
            lambda: BatchSizeExplorer(batch_size=0),
            ValueError,
            "^batch_size must be an integer from 1",
        ),
        (
            lambda: BatchSizeExplorer(start=(float("nan"), 0.0)),
            ValueError,
            "^start must be a number or an array of numbers, all finite",
        ),
        (
            lambda: TrainingExplorer(width=2, max_width=2, steps=20, step=25),
            ValueError,
            "^step must be an integer",
        ),
        (lambda: DescentExplorer2D(function=[1]), ValueError, "^function must be one of"),
        (
            lambda: TrainingExplorer(width=2, max_width=2, steps=20, data_seed=-1),
            ValueError,
            "^data_seed must be an integer >= 0",
        ),
    ],
)
def test_constructor_arguments_are_checked_never_clipped(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize("make", list(MAKERS.values()), ids=list(MAKERS))
def test_constructors_take_keywords_only(make):
    explorer = make()
    with pytest.raises(TypeError, match="positional"):
        type(explorer)(1)


@pytest.mark.parametrize("name", ["1-D", "2-D", "momentum", "kink"])
def test_every_move_of_the_steps_slider_changes_the_label(name):
    """Even once the run has converged (the path cannot change), the label says how many of the
    allowed steps it used, and why more change nothing."""
    explorer = MAKERS[name]()
    slider = explorer.controls["steps"]
    seen = set()
    for value in (slider.max - 2, slider.max - 1, slider.max):
        slider.value = value
        seen.add(explorer.label.value)
    assert len(seen) == 3
    if name != "momentum" and explorer.result.converged:
        assert "converged: more steps change nothing" in explorer.label.value


def test_a_typed_learning_rate_lands_where_it_was_typed():
    """Lecture 02 asks for a rate just below 2/L = 0.2: typing 0.19 must not snap to 0.2."""
    explorer = DescentExplorer2D(function="elongated bowl")
    explorer.controls["lr"].value = 0.19
    assert explorer.controls["lr"].value == pytest.approx(0.19, rel=3e-3)
    assert "<b>lr</b> 0.19" in explorer.label.value
    assert "<b>stable below 2/L</b> 0.2" in explorer.label.value


# The explorers of lectures 00-03, in each of their functions.
LIVE_IN_00_03 = {
    "1-D quartic": lambda: DescentExplorer1D(function="quartic"),
    "1-D cubic": lambda: DescentExplorer1D(function="cubic"),
    **{
        f"2-D {function}": (lambda function=function: DescentExplorer2D(function=function))
        for function in ("round bowl", "elongated bowl", "Himmelblau", "trap")
    },
    "momentum": lambda: MomentumExplorer(steps=300),
    **{
        f"kink {function}": (lambda function=function: KinkExplorer(function=function))
        for function in ("|x|", "smooth |x|", "Huber")
    },
}
SWEEP = 9  # values per slider, spread over its range


def seen(explorer) -> tuple:
    """What the student sees: the label, and the data of every mark of every figure."""
    drawn = []
    for fig in explorer.figures:
        for mark in fig.marks:
            for name in ("x", "y", "text"):
                if name in mark.trait_names():
                    drawn.append(np.asarray(getattr(mark, name)).tobytes())
    return explorer.label.value, tuple(drawn)


def sweep_values(slider) -> list:
    """Values spread over the slider's range on its own grid, and single steps from both ends
    and from the middle, as a keyboard press on the handle makes them."""
    if isinstance(slider, widgets.FloatLogSlider):
        positions = np.linspace(slider.min, slider.max, SWEEP)
        positions = [*positions, slider.min + slider.step, slider.max - slider.step]
        middle = np.round((slider.min + slider.max) / 2 / slider.step) * slider.step
        positions += [middle, middle + slider.step]
        return [float(slider.base**p) for p in positions]
    values = list(np.linspace(slider.min, slider.max, SWEEP))
    middle = np.round((slider.min + slider.max) / 2 / slider.step) * slider.step
    values += [slider.min + slider.step, slider.max - slider.step, middle, middle + slider.step]
    return [type(slider.value)(v) for v in values]


@pytest.mark.parametrize("diverging", [False, True], ids=["as made", "lr at its largest"])
@pytest.mark.parametrize("name", list(LIVE_IN_00_03))
def test_no_slider_move_is_dead(name, diverging):
    """Every move of every slider changes something a student sees: at least the label (which,
    when the figure cannot change, says why), or the data of a mark. Also from a run that
    diverges, where the path cannot change any more."""
    explorer = LIVE_IN_00_03[name]()
    dead = []
    for slider_name, slider in explorer.sliders.items():
        if diverging:
            lr = explorer.controls["lr"]
            lr.value = value_range(lr)[1]
        for value in sweep_values(slider):
            if np.isclose(value, slider.value, rtol=1e-12, atol=0):
                continue
            before = seen(explorer)
            old = slider.value
            slider.value = value
            if np.isclose(slider.value, old, rtol=1e-12, atol=0):
                continue  # the slider itself did not move
            if seen(explorer) == before:
                dead.append(f"{slider_name}: {old!r} -> {slider.value!r}")
    assert not dead, f"{name}: moves that change nothing a student sees:\n" + "\n".join(dead)


def test_a_path_that_leaves_the_view_ends_on_its_frame():
    extent = (-1.0, 1.0, -2.0, 2.0)
    inside = np.array([[0.0, 0.0], [0.5, 1.0], [0.9, -1.9]])
    shown, left_after, side = cut_at_view(inside, extent)
    assert shown is inside and left_after is None and side is None
    leaving = np.array([[0.0, 0.0], [0.5, 0.0], [3.0, 0.0], [np.inf, np.nan]])
    shown, left_after, side = cut_at_view(leaving, extent)
    assert left_after == 2 and side == "right" and len(shown) == 3
    assert shown[-1, 0] == pytest.approx(1.0 - 0.015 * 2.0) and shown[-1, 1] == 0.0
    up = np.array([[0.0, 0.0], [0.1, 1e300]])  # leaves through the top, nearly straight up
    shown, left_after, side = cut_at_view(up, extent)
    assert (left_after, side) == (1, "top") and shown[-1, 1] == pytest.approx(2.0 - 0.015 * 4.0)
    shown, left_after, side = cut_at_view(np.array([[0.0, 0.0], [np.nan, np.nan]]), extent)
    assert left_after == 1 and np.all(np.isfinite(shown))


def test_the_legend_row_lists_what_is_drawn_once_each():
    scales = {"x": bq.LinearScale(), "y": bq.LinearScale()}
    path, start, end = path_marks(scales)
    twin = bq.Scatter(x=[1.0], y=[1.0], scales=scales, labels=["start"])
    unlabelled = bq.Lines(x=[0.0, 1.0], y=[0.0, 1.0], scales=scales)
    fig = figure(
        [path, start, end, twin, unlabelled],
        scales["x"],
        scales["y"],
        title="t",
        x_label="x",
        y_label="y",
        legend="below",
        click_hint="click to start",
    )
    assert not any(mark.display_legend for mark in fig.marks) and not fig.display_toolbar
    move_path((path, start, end), np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    refresh_legend(fig)
    row = fig.legend_box.value
    assert row.count("</svg>start<") == 1 and "</svg>descent path<" in row
    assert "</svg>last step<" in row and "click to start" in row
    # the crosshair is the accessibility layer's CSS: a <style> in the legend would make the
    # page work out the style of every element again at every move
    assert "<style" not in row and ".gd-clickable svg { cursor: crosshair; }" in Access._css
    move_path((path, start, end), np.array([0.0, 1.0]), np.array([1.0, 0.0]), ends_here=False)
    refresh_legend(fig)
    assert "</svg>last step<" not in fig.legend_box.value
    assert "gd-clickable" in fig._dom_classes


# ---------------------------------------------------------------- what a move sends


def test_log_slider_runs_the_value_that_was_typed():
    """The page's log slider lands on its grid (typing 0.5 gives 10**-0.301 = 0.500035); the
    kernel snaps to the shortest number (up to 3 digits) within half a grid step, so 0.5 runs
    as 0.5, while 0.1995 (just below 2/L = 0.2) lands on 0.19953, still below 0.2; the ends of
    the range stay exact."""
    slider = log_slider("learning rate", 0.1, -3, 0, argument="lr")
    for typed in (0.5, 0.19, 0.002, 0.0316, 0.0242):
        on_grid = 10.0 ** (round(np.log10(typed) / slider.step) * slider.step)
        assert on_grid != typed
        slider.value = on_grid
        assert slider.value == typed
    slider.value = 10.0 ** (round(np.log10(0.1995) / slider.step) * slider.step)
    assert 0.1995 < slider.value < 0.19955
    assert shortest_nearby(10.0**-0.5) == 0.316
    slider.max = -0.5
    slider.value = 10.0**-0.5
    assert slider.value == 10.0**-0.5
    assert shortest_nearby(0.123456789, step=1e-7) == 0.123456789  # none within half a step


def test_a_snapped_value_is_drawn_once():
    explorer = DescentExplorer1D()
    calls = []
    update = explorer.update
    explorer.update = lambda: (calls.append(explorer.sliders["lr"].value), update())[1]
    explorer.sliders["lr"].value = 10.0**-0.301
    assert calls == [0.5]
    assert "<b>final x</b> -0.8582" in explorer.label.value  # the run of exactly 0.5


@pytest.mark.parametrize("name", ["1-D", "2-D", "momentum", "kink", "batch size"])
def test_a_move_sends_every_widget_at_most_once(name, monkeypatch):
    """An update holds every change back and sends it in one burst at the end: one message per
    widget (a mark's x and y together), so the page draws the new picture in one frame."""
    explorer = MAKERS[name]()
    sent = []
    original = widgets.Widget._send

    def counting_send(self, msg, buffers=None):
        sent.append(self.model_id)
        return original(self, msg, buffers)

    monkeypatch.setattr(widgets.Widget, "_send", counting_send)
    moves = [lambda: explorer.start_at(*(0.9 * v + 0.05 for v in explorer.start_point))]
    moves += [
        lambda slider=slider: setattr(slider, "value", far_end(slider))
        for slider in explorer.sliders.values()
    ]
    controls = {control.model_id for control in explorer.controls.values()}
    for move in moves:
        sent.clear()
        move()
        drawn = Counter(m for m in sent if m not in controls)
        assert drawn, "a move must send something"
        assert max(drawn.values()) == 1, drawn


def test_nothing_is_sent_while_the_runs_are_computed(monkeypatch):
    """The momentum explorer computes two runs per move; the page gets nothing until both are
    done, then the whole picture at once (not the plain run's marks while the heavy ball is
    still being computed)."""
    import helpers.widgets.momentum as momentum

    explorer = MomentumExplorer(steps=100)
    sent, sent_when_solving = [], []
    original_send, original_solver = widgets.Widget._send, momentum.gradient_descent

    def counting_send(self, msg, buffers=None):
        sent.append(self.model_id)
        return original_send(self, msg, buffers)

    def solver(*args, **kw):
        sent_when_solving.append(len(sent))
        return original_solver(*args, **kw)

    monkeypatch.setattr(widgets.Widget, "_send", counting_send)
    monkeypatch.setattr(momentum, "gradient_descent", solver)
    explorer.controls["lr"].value = 0.05
    assert sent_when_solving == [1, 1]  # only the slider's own value had gone
    assert len(sent) > 4


def test_the_page_gets_the_module_without_its_comment_lines():
    source = (Path(access.__file__).with_name("access.js")).read_text()
    assert Access._esm.count("\n") < source.count("\n")
    assert not any(line.lstrip().startswith("//") for line in Access._esm.splitlines())
    assert "export default { render };" in Access._esm


@pytest.mark.parametrize(("shown", "said"), [
    ("|∇f| 8.63e-07", "the gradient's size 8.63 times 10 to the minus 7"),
    ("slope there -1.00e+00", "slope there -1.00"),
    ("x 2.5e+10", "x 2.5 times 10 to the 10"),
    ("updates per epoch ceil(200 / 10) = 20", "updates per epoch 200 over 10 rounded up = 20"),
    ("loss 6.735 → 0.5356", "loss 6.735 to 0.5356"),
    ("start x₀ · lr 0.1 · tol 1e-06", "start x 0; learning rate 0.1; tolerance 1 times 10 to "
                                      "the minus 6"),
    ("f'(x) 0.5 · f(x) 2", "f prime of x 0.5; f of x 2"),
    ("stable below η ≈ 0.144", "stable below eta about 0.144"),
    ("plain words stay as they are", "plain words stay as they are"),
])
def test_notation_is_said_in_words(shown, said):
    assert spoken(shown) == said


def test_the_kink_trace_says_how_x_moves_not_the_label_again():
    explorer = KinkExplorer()  # the fixed rate on |x|: an endless bounce across the kink
    xs = explorer.result.path.ravel()
    crossings = int(np.sum(xs[1:] * xs[:-1] < 0))
    detail = explorer.access.descriptions[1].split("\n")[1]
    assert detail.startswith(f"x goes from 0.75 to {xs[-1]:.4g} in {len(xs) - 1} steps, "
                             f"crossing the minimum x = 0 on {crossings} of them.")
    assert "bounces back and forth, the steps neither shrinking nor growing" in detail
    assert spoken(explorer.result.message) not in detail
    explorer.controls["x0"].value = -1.5  # far from the kink: never reaches it in these steps
    explorer.controls["lr"].value = 0.01
    assert "never crossing the minimum x = 0" in explorer.access.descriptions[1]


def test_control_texts_a_screen_reader_reads_badly_get_words():
    names = KinkExplorer().access.names
    assert names["|x|"] == "absolute value of x"
    assert names["start x₀"] == "start x 0"
    assert names["decay p: lr/(k+1)^p"] == (
        "decay p: learning rate divided by (k + 1) to the power p")
    assert "learning rate" not in names  # read well as it is
