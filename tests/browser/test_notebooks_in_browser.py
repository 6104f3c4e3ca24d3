"""Every notebook, run in a real JupyterLab in headless Chromium, the way a student meets it.

For each notebook in notebooks/ (found at collection time): open it, run all cells, wait for the
kernel to go idle, and require no error or stderr output in any cell, every displayed explorer
on the page and no error in the browser console; a screenshot of the whole notebook goes to
tests/artifacts/screenshots/<notebook>.png. Then every slider of every explorer on the page
(found at run time) is moved twice, once by typing into its readout and once with the keyboard
on its handle; after each move the kernel holds the new value, the label on screen is the label
the kernel holds, and that label is the one the solver gives for the controls' values (see
probe.check). After the typed move the figure must also have changed on screen.

Accessibility (see accessibility.py): axe-core finds no critical or serious violation of WCAG
2.0/2.1 A and AA or of its best practices in the notebook's cell outputs (JupyterLab's own
interface is not judged), and in the accessibility tree every explorer's sliders are named by
their labels and say the readout's value, its toggle buttons say which is pressed, its dropdowns
have names and its result label is a polite live region.
"""

from __future__ import annotations

import ast
import logging
import math
import time
from pathlib import Path

import accessibility as a11y
import lab
import pytest

from helpers.speech import spoken

pytestmark = pytest.mark.browser
log = logging.getLogger(__name__)

NOTEBOOKS = [path.name for path in lab.notebooks()]
RUN_TIMEOUT = 180  # seconds for "run all cells"; the budgets test holds the real limits
SETTLE = 10  # seconds allowed for a move to reach the kernel and the label on screen
FIGURE_SETTLE = 2  # seconds for the figure, which is drawn before the label is set
MIN_PIXELS = 25  # pixels that must change clearly for "the figure changed"
TRIES = 4  # values typed into one slider, at most, to see the figure change


@pytest.fixture(
    scope="module",
    params=NOTEBOOKS
    or [pytest.param(None, marks=pytest.mark.skip(reason="no notebooks in notebooks/ yet"))],
)
def notebook(request, lab_server, browser):
    """The notebook open in JupyterLab, all cells run, screenshot taken."""
    name = request.param
    page = lab.LabNotebook(browser, lab_server, name)
    try:
        page.open()
        page.run_all(timeout=RUN_TIMEOUT)
        page.screenshot(lab.SCREENSHOTS / f"{Path(name).stem}.png")
        yield page
    finally:
        page.close()
        lab_server.shutdown_kernels()


def test_runs_without_errors(notebook):
    problems = notebook.cell_problems()
    problems += [f"widget: {text}" for text in notebook.widget_problems()]
    on_page = set(notebook.js("explorerIds"))
    problems += [
        f"explorer {model_id} is displayed but not on the page"
        for model_id in notebook.explorer_ids_in_outputs()
        if model_id not in on_page
    ]
    problems += notebook.console_errors
    assert not problems, f"{notebook.name}:\n" + "\n".join(problems)


def test_every_slider_answers(notebook, subtests):
    errors_before = len(notebook.console_errors)
    explorers = notebook.explorers()
    for explorer in explorers:
        rebuild = notebook.probe("rebuildable", explorer["model_id"])
        initial = notebook.probe("state", explorer["model_id"])["values"]
        for slider in explorer["sliders"]:
            with subtests.test(msg=f"{explorer['class']}: {slider['description']!r}"):
                assert slider["kind"] is not None, (
                    f"{slider['type']} is a slider the harness cannot drive yet "
                    "(tests/browser/probe.py)"
                )
                assert explorer["figure_index"] is not None, (
                    "the explorer's figure must be one of its direct children to be found on screen"
                )
                try:
                    move_by_typing(notebook, explorer, slider, rebuild)
                    move_by_keyboard(notebook, explorer, slider, rebuild)
                finally:
                    restored = notebook.probe("restore", explorer["model_id"], initial)
                    expected = notebook.text_of(restored["label_html"])
                    lab.wait_until(
                        lambda model_id=explorer["model_id"], text=expected: (
                            notebook.label_text(model_id) == text
                        ),
                        SETTLE,
                    )
    new_errors = notebook.console_errors[errors_before:]
    assert not new_errors, "browser console while moving sliders:\n" + "\n".join(new_errors)


def test_moving_back_and_forth_moves_nothing_below(notebook, subtests):
    """A slider moved to a value, back and there again leaves every part of the explorer (its
    figures, its sliders, the rest of the notebook below it) where it was: a label or a legend
    that is shorter at one value keeps the height it had at the other, so nothing jumps under
    the pointer and the browser never lays out and paints the notebook below again."""
    for explorer in notebook.explorers():
        model_id = explorer["model_id"]
        initial = notebook.probe("state", model_id)["values"]
        for slider in explorer["sliders"]:
            if slider["kind"] is None:
                continue
            with subtests.test(msg=f"{explorer['class']}: {slider['description']!r}"):
                there = notebook.probe("choices", model_id, slider["name"])[0]
                back = lab.original_text(slider)
                places = []
                try:
                    for text in (there, back, there):
                        notebook.type_into_readout(model_id, slider["description"], text)
                        expected = notebook.probe("settled_value", model_id, slider["name"], text)
                        wait_for_kernel_value(notebook, model_id, slider["name"], expected, text)
                        label = notebook.text_of(notebook.probe("state", model_id)["label_html"])
                        assert lab.wait_until(
                            lambda shown=label, model_id=model_id: (
                                notebook.label_text(model_id) == shown
                            ),
                            SETTLE,
                        ), f"{text}: the label never arrived"
                        places.append([round(v, 1) for v in notebook.js("layoutOf", model_id)])
                finally:
                    notebook.probe("restore", model_id, initial)
                assert places[0] == places[1] == places[2], (
                    f"{there} -> {back} -> {there}: explorer height and the tops of its parts "
                    f"{places}"
                )


def test_dotted_paths_show_their_dots(notebook, subtests):
    """A path's iterates are dots on screen exactly while the kernel says so (Access.dots): the
    page puts a marker of the line's colour and dot size on every vertex of the line, and bqplot
    draws no dots of its own. Checked as the notebook left each explorer and with each slider at
    both ends of its range."""
    for explorer in notebook.explorers():
        model_id = explorer["model_id"]
        initial = notebook.probe("state", model_id)["values"]
        states = [None] + [(slider, end) for slider in explorer["sliders"]
                           if slider["kind"] is not None for end in ("min", "max")]
        for state in states:
            where = f"{state[0]['name']} at its {state[1]}" if state else "as left"
            with subtests.test(msg=f"{explorer['class']}: {where}"):
                try:
                    if state:
                        slider, end = state
                        value = slider["base"] ** slider[end] if slider["kind"] == "log" \
                            else slider[end]
                        notebook.probe("restore", model_id, {**initial, slider["name"]: value})
                    expected = sorted_dots(notebook.probe("dots", model_id))

                    def on_screen(model_id=model_id):
                        shown = notebook.js("dotsShown", model_id)
                        return {**shown, "lines": sorted_dots(shown["lines"])}

                    assert lab.wait_until(
                        lambda wanted=expected: on_screen() == {"lines": wanted, "bqplotDots": 0},
                        SETTLE,
                    ), f"dots on screen {on_screen()}, the kernel's {expected}"
                finally:
                    notebook.probe("restore", model_id, initial)


def sorted_dots(lines: list[dict]) -> list[dict]:
    return sorted(lines, key=lambda line: (line["colour"], line["radius"]))


def test_a_choice_in_the_page_does_what_it_does_in_the_kernel(notebook, subtests):
    """Clicking an option (another function, another x-axis) changes the figure on screen and
    leaves the sliders where the same choice made in the kernel alone leaves them: a slider whose
    range and value change together must not send its old value back from the page."""
    for explorer in notebook.explorers():
        model_id = explorer["model_id"]
        initial = notebook.probe("state", model_id)["values"]
        for name, options in notebook.probe("choice_controls", model_id).items():
            for k, option in enumerate(options):  # the one chosen now comes last
                with subtests.test(msg=f"{explorer['class']}: {name} = {option}"):
                    expected = notebook.probe("after_choice", model_id, name, option)
                    before = notebook.figure_png(explorer)
                    notebook.explorer(model_id).get_by_role(  # named in words: "|x|" said
                        "button", name=spoken(option), exact=True  # "absolute value of x"
                    ).click()
                    lab.wait_until(
                        lambda m=model_id, n=name, o=option: notebook.probe("value", m, n) == o,
                        SETTLE,
                        interval=0.2,
                    )
                    notebook.page.wait_for_timeout(500)  # anything the page sends back arrives
                    if k < len(options) - 1:  # another option: the figure shows it
                        changed = lab.wait_until(
                            lambda b=before, e=explorer: lab.changed_pixels(
                                b, notebook.figure_png(e)) >= MIN_PIXELS,
                            FIGURE_SETTLE,
                            interval=0.2,
                        )
                        assert changed, f"choosing {option!r} changed nothing on screen"
                    if expected is None:
                        continue
                    held = notebook.probe("state", model_id)["values"]
                    assert held.keys() == expected.keys()
                    for key, value in expected.items():
                        assert math.isclose(held[key], value, rel_tol=0.005, abs_tol=1e-9), (
                            f"after choosing {option!r} in the page {key} is {held[key]}, "
                            f"in the kernel alone {value}"
                        )
        notebook.probe("restore", model_id, initial)


def test_lecture_outputs_pass_axe(notebook):
    """axe-core over this notebook's cell outputs: no critical or serious violation; the
    moderate and minor ones are logged. The whole record goes to tests/artifacts/axe/."""
    outputs = f"#{notebook.js('panelId', notebook.path)} .jp-OutputArea-output"
    results = a11y.run_axe(notebook.page, outputs)
    record = lab.ARTIFACTS / "axe" / f"lab_{Path(notebook.name).stem}.json"
    a11y.hold(notebook.name, results, record, log)


def test_explorers_accessibility_tree(notebook):
    """What a screen reader is handed for each explorer (read through the DevTools protocol)
    matches what the screen shows: see accessibility.tree_problems. The layer that names the
    controls may run a moment after the explorer is drawn, so the tree gets SETTLE seconds."""
    explorers = notebook.explorers()
    if not explorers:
        pytest.skip(f"{notebook.name} shows no explorer")

    def problems():
        found = []
        for explorer in explorers:
            model_id = explorer["model_id"]
            controls = a11y.explorer_controls(notebook.page, model_id)
            nodes = a11y.explorer_ax_nodes(notebook.page, model_id)
            found += [
                f"{explorer['class']} ({model_id}): {problem}"
                for problem in a11y.tree_problems(controls, nodes)
            ]
        return found

    deadline = time.monotonic() + SETTLE
    while (found := problems()) and time.monotonic() < deadline:
        time.sleep(0.5)
    if found:
        pytest.fail(f"{notebook.name}:\n" + "\n".join(found), pytrace=False)


def move_by_typing(notebook, explorer, slider, rebuild):
    """Type values into the readout until the figure visibly changes (the values predicted to
    move the drawing most come first); every value typed must reach the kernel and give the
    right label."""
    model_id, name = explorer["model_id"], slider["name"]
    texts = notebook.probe("choices", model_id, name)[:TRIES]
    assert texts, f"{name} has a single value"
    for text in texts:
        start = time.monotonic()
        before = notebook.figure_png(explorer)
        notebook.type_into_readout(model_id, slider["description"], text)
        expected = notebook.probe("settled_value", model_id, name, text)
        wait_for_kernel_value(notebook, model_id, name, expected, f"typed {text!r}")
        check_label(notebook, explorer, rebuild)
        changed = lab.wait_until(
            lambda before=before: (
                lab.changed_pixels(before, notebook.figure_png(explorer)) >= MIN_PIXELS
            ),
            FIGURE_SETTLE,
        )
        log.info(
            "%s: typed %s into %s: figure %s (%.1f s)",
            explorer["class"],
            text,
            name,
            "changed" if changed else "unchanged",
            time.monotonic() - start,
        )
        if changed:
            return
    pytest.fail(f"the figure did not change on screen after typing any of {texts} into {name}")


def move_by_keyboard(notebook, explorer, slider, rebuild):
    model_id, name = explorer["model_id"], slider["name"]
    value = notebook.probe("state", model_id)["values"][name]
    key = "ArrowLeft" if math.isclose(value, maximum(slider)) else "ArrowRight"
    expected = notebook.probe("keyboard_expectation", model_id, name, key)
    notebook.press_on_handle(model_id, slider["description"], key)
    wait_for_kernel_value(notebook, model_id, name, expected, f"pressed {key}")
    check_label(notebook, explorer, rebuild)


def maximum(slider):
    return slider["base"] ** slider["max"] if slider["kind"] == "log" else slider["max"]


def wait_for_kernel_value(notebook, model_id, name, expected, action):
    def arrived():
        value = notebook.probe("state", model_id)["values"][name]
        return close(value, expected)

    if not lab.wait_until(arrived, SETTLE, interval=0.1):
        value = notebook.probe("state", model_id)["values"][name]
        pytest.fail(f"{action} on {name}: the kernel holds {value!r}, expected {expected!r}")


def close(a, b) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def check_label(notebook, explorer, rebuild):
    """The kernel's label is the solver's for these values, and the screen shows that label."""
    model_id = explorer["model_id"]
    result = notebook.probe("check", model_id, rebuild)
    assert result["label_html"] == result["expected_html"], (
        f"label after the move differs from {result['how']} (values {result['values']})"
    )
    expected = notebook.text_of(result["label_html"])
    shown = lab.wait_until(lambda: notebook.label_text(model_id) == expected, SETTLE)
    assert shown, f"label on screen {notebook.label_text(model_id)!r} != kernel's {expected!r}"


# --- Keyboard use and readable sizes ---------------------------------------------------------

TABS_TO_ENTER = 15  # Tab presses allowed from a click on the explorer's label to its first control
MIN_TEXT_PX = 12  # 9 pt: the smallest text a student is asked to read
WIDTHS = (lab.VIEWPORT["width"], 1400)  # the fixture's viewport, and a wider screen
RESIZE_SETTLE_MS = 1500  # for the page and its figures to lay out again at a new width

EXPLORERS = "__import__('helpers.widgets.base', fromlist=['Explorer']).Explorer.live"


def test_an_explorer_is_used_start_to_finish_by_keyboard(notebook):
    """The notebook's first explorer, used with the keyboard alone after a click on its label.

    Tab walks through every control in order (each slider handle and its readout, each toggle
    button, Reset), each showing a focus ring (an outline of 2 px or more, or a box-shadow it
    lacks unfocused), then leaves the explorer; Shift+Tab walks back the same way. ArrowRight on
    the first slider, then End and Home, move it and change the label on screen, and the
    handle's aria-valuetext is the readout's text after each; Space on a toggle button that
    is not pressed presses it and changes the label; Enter on Reset brings back every readout,
    toggle and the label, and the toggles' aria-pressed says again which one is chosen."""
    explorers = notebook.explorers()
    if not explorers:
        pytest.skip(f"{notebook.name} shows no explorer")
    model_id = explorers[0]["model_id"]
    keys = KeyboardWalk(notebook, model_id, explorers[0]["class"])
    reset = (
        "from helpers.widgets.base import Explorer as _Explorer\n"
        f"_Explorer.live[{model_id!r}].reset()\n"
        "del _Explorer"
    )
    # As made (earlier tests may have clicked a new start), and shown so on screen.
    label_html = notebook.execute(reset, {"label": f"{EXPLORERS}[{model_id!r}].label.value"})
    shown = notebook.text_of(ast.literal_eval(label_html["label"]))
    assert lab.wait_until(lambda: notebook.label_text(model_id) == shown, SETTLE), (
        f"label on screen {notebook.label_text(model_id)!r} != kernel's {shown!r} after reset()"
    )
    try:
        use_by_keyboard(notebook, keys)
    finally:  # the next tests find the explorer as the notebook left it
        notebook.execute(reset)


def use_by_keyboard(notebook, keys: KeyboardWalk) -> None:
    model_id, where = keys.model_id, keys.where
    stops = keys.stops()
    kinds = [stop["kind"] for stop in stops]
    assert "slider" in kinds, f"{where}: no slider handle among the tab stops {stops}"
    assert ("button", "Reset") in [(stop["kind"], stop["name"]) for stop in stops], (
        f"{where}: no Reset button among the tab stops"
    )
    readouts = notebook.js("readouts", model_id)
    label = notebook.label_text(model_id)
    chosen = keys.toggles()

    keys.enter()
    problems = keys.walk(stops, forward=True) + keys.walk(stops, forward=False)
    assert not problems, f"{where}: walking with Tab and Shift+Tab:\n" + "\n".join(problems)

    # The first slider: one step, then its ends; what a screen reader says is the readout.
    here = keys.go_to("slider", stops[kinds.index("slider")]["name"])
    keys.press("ArrowLeft" if here["valuenow"] == here["valuemax"] else "ArrowRight")
    keys.press("End")
    keys.press("Home")

    # A toggle button not pressed yet: Space presses it and the label says so.
    toggle = next((s for s in stops if s["kind"] == "toggle" and not s["chosen"]), None)
    if toggle is not None:
        keys.go_to("toggle", toggle["name"])
        before = notebook.label_text(model_id)
        notebook.page.keyboard.press("Space")

        def pressed():
            return keys.state()["pressed"] == "true" and notebook.label_text(model_id) != before

        assert lab.wait_until(pressed, SETTLE), (
            f"{where}: Space on the toggle button {toggle['name']!r}: aria-pressed is "
            f"{keys.state()['pressed']!r}, label {notebook.label_text(model_id)!r} "
            f"(was {before!r})"
        )

    # Reset, by Enter: every readout, toggle and the label as they were.
    keys.go_to("button", "Reset")
    notebook.page.keyboard.press("Enter")

    def shown_chosen():
        return [shown for shown, _said in keys.toggles()]

    def restored():
        return (
            notebook.js("readouts", model_id) == readouts
            and notebook.label_text(model_id) == label
            and shown_chosen() == [shown for shown, _said in chosen]
        )

    if not lab.wait_until(restored, SETTLE, interval=0.2):
        now = notebook.js("readouts", model_id)
        moved = [
            f"{a['label']}: {a['readout']} (was {b['readout']})"
            for a, b in zip(now, readouts, strict=False)
            if a != b
        ]
        pytest.fail(
            f"{where}: Enter on Reset did not bring everything back: readouts {moved}, "
            f"toggles shown chosen {shown_chosen()} (was {[s for s, _ in chosen]}), "
            f"label {notebook.label_text(model_id)!r} (was {label!r})",
            pytrace=False,
        )
    state = keys.state()
    assert state["inside"] and state["name"] == "Reset", (
        f"{where}: after Enter on Reset the focus is on {keys.said(state)}, not on Reset"
    )
    # What a screen reader hears of the toggles after Reset is what the screen shows.
    said = lab.wait_until(
        lambda: all(said == ("true" if shown else "false") for shown, said in keys.toggles()),
        SETTLE,
    )
    assert said, (
        f"{where}: after Reset the toggle buttons say aria-pressed "
        f"{[s for _, s in keys.toggles()]} while the screen shows chosen {shown_chosen()} "
        f"(before Reset they said {[s for _, s in chosen]})"
    )


class KeyboardWalk:
    """One explorer driven by ``page.keyboard`` alone (the mouse only clicks its label once, to
    put the notebook's focus beside it). Tab stops come from ``gd.tabStops``, the focus from
    ``gd.focusState``; a stop is known by its kind (slider, readout, toggle, button, ...) and
    name (its label or its text)."""

    def __init__(self, notebook, model_id: str, name: str):
        self.notebook, self.model_id = notebook, model_id
        self.keyboard = notebook.page.keyboard
        self.where = f"{name} ({model_id})"

    def stops(self) -> list[dict]:
        return self.notebook.js("tabStops", self.model_id)

    def state(self) -> dict:
        return self.notebook.js("focusState", self.model_id)

    def toggles(self) -> list[tuple[bool, str | None]]:
        """Each toggle button: shown chosen (class mod-active), and its aria-pressed."""
        return [(s["chosen"], s["pressed"]) for s in self.stops() if s["kind"] == "toggle"]

    @staticmethod
    def said(state: dict) -> str:
        if state.get("inside") is False:
            return f"outside the explorer ({state['outside']})"
        name = state["name"] if len(state["name"]) <= 60 else state["name"][:59] + "…"
        return f"{state['kind']} {name!r}"

    def enter(self) -> None:
        """Click the explorer's label (not a control), then Tab until the focus is inside: it
        must land on the first tab stop."""
        point = self.notebook.js("resultLabelPoint", self.model_id)
        self.notebook.page.mouse.click(point["x"], point["y"])
        for _ in range(TABS_TO_ENTER):
            self.keyboard.press("Tab")
            state = self.state()
            if state["inside"]:
                first = self.stops()[0]
                assert state["index"] == 0, (
                    f"{self.where}: Tab enters the explorer on {self.said(state)}, not on its "
                    f"first control, {first['kind']} {first['name']!r}"
                )
                return
        pytest.fail(
            f"{self.where}: {TABS_TO_ENTER} Tabs after a click on the explorer's label, the "
            f"focus is still {self.said(self.state())}",
            pytrace=False,
        )

    def ring_problem(self, state: dict, stop: dict) -> str | None:
        """A focus indicator: an outline of 2 px or more, or a box-shadow other than the one
        the control has unfocused."""
        if state["ring"] or state["focusShadow"] not in ("none", stop["shadow"]):
            return None
        return f"{self.said(state)} shows no focus ring (outline {state['outline']})"

    def walk(self, stops: list[dict], *, forward: bool) -> list[str]:
        """From the first stop (forward) or from past the last one (back), Tab or Shift+Tab
        through every stop in order and out of the explorer; what went wrong, in words."""
        key = "Tab" if forward else "Shift+Tab"
        order = list(range(len(stops))) if forward else list(reversed(range(len(stops))))
        problems = []
        state = self.state()
        if forward:  # on the first stop already
            problems += filter(None, [self.ring_problem(state, stops[0])])
            order = order[1:]
        else:  # Shift+Tab back in: the next cell's toolbar may come first
            for _ in range(TABS_TO_ENTER):
                if state["inside"]:
                    break
                self.keyboard.press(key)
                state = self.state()
            if not state["inside"] or state["index"] != order[0]:
                last = stops[order[0]]
                return [
                    *problems,
                    f"Shift+Tab back into the explorer goes to "
                    f"{self.said(state)}, expected {last['kind']} {last['name']!r}",
                ]
            problems += filter(None, [self.ring_problem(state, stops[order[0]])])
            order = order[1:]
        for index in order:
            before = state
            self.keyboard.press(key)
            state = self.state()
            if state == before:
                return [
                    *problems,
                    f"{key} leaves the focus stuck on {self.said(state)}: a keyboard trap",
                ]
            if not state["inside"] or state["index"] != index:
                expected = f"{stops[index]['kind']} {stops[index]['name']!r}"
                return [
                    *problems,
                    f"{key} from {self.said(before)} goes to {self.said(state)},"
                    f" expected {expected}",
                ]
            problems += filter(None, [self.ring_problem(state, stops[index])])
        if forward:
            before_leaving = state
            self.keyboard.press(key)
            state = self.state()
            if state == before_leaving:
                problems.append(f"Tab cannot leave {self.said(state)}: a keyboard trap")
            elif state["inside"]:
                problems.append(f"Tab from the last control stays inside on {self.said(state)}")
            elif state["outside"].startswith("<body"):
                problems.append("Tab from the last control loses the focus (to <body>)")
        return problems

    def go_to(self, kind: str, name: str) -> dict:
        """Tab or Shift+Tab, one stop at a time, to the stop of that kind and name."""
        stops = self.stops()
        target = next(k for k, s in enumerate(stops) if (s["kind"], s["name"]) == (kind, name))
        state = self.state()
        for _ in range(len(stops)):
            if not state["inside"]:
                break
            if state["index"] == target:
                return state
            step = 1 if target > state["index"] else -1
            self.keyboard.press("Tab" if step > 0 else "Shift+Tab")
            state = self.state()
        pytest.fail(
            f"{self.where}: on the way to {kind} {name!r} the focus went to {self.said(state)}",
            pytrace=False,
        )

    def press(self, key: str) -> None:
        """Press a key on the focused slider handle; wait until the kernel has answered (the
        label on screen changes, unless End or Home found the handle at that end already; End
        and Home must also bring aria-valuenow to the end) and the handle's aria-valuetext is
        the readout's text. (aria-valuenow is rounded, so it cannot tell a small step.)"""
        before = self.state()
        label = self.notebook.label_text(self.model_id)
        end = {"End": before["valuemax"], "Home": before["valuemin"]}.get(key)
        self.keyboard.press(key)

        def settled():
            state = self.state()
            if end is not None and state.get("valuenow") != end:
                return False
            if before["valuenow"] != end and self.notebook.label_text(self.model_id) == label:
                return False
            return state.get("valuetext") == spoken(state.get("readout") or "") and state

        state = lab.wait_until(settled, SETTLE, interval=0.1)
        if state:
            assert state["index"] == before["index"], (
                f"{self.where}: {key} on {self.said(before)} moved the focus to {self.said(state)}"
            )
            return
        state = self.state()
        pytest.fail(
            f"{self.where}: {key} on {self.said(before)}: "
            + (
                f"aria-valuenow {before['valuenow']} -> {state.get('valuenow')}, aria-valuetext "
                f"{state.get('valuetext')!r}, readout {state.get('readout')!r}; "
                if state["inside"]
                else f"focus now {self.said(state)}; "
            )
            + f"label {self.notebook.label_text(self.model_id)!r} (was {label!r})",
            pytrace=False,
        )


def test_outputs_are_readable_at_the_size_shown(notebook):
    """Every visible text of the outputs (HTML; SVG ticks, axis labels, legends and titles at
    the scale their viewBox and transforms give them; the labels under explorers) is at least
    MIN_TEXT_PX px; every static figure is shown at its full size (not shrunk to fit); no output
    area or box in one scrolls sideways. At the fixture's width and at 1400 px."""
    page = notebook.page
    problems = []
    try:
        for width in WIDTHS:
            if width != page.viewport_size["width"]:
                page.set_viewport_size({"width": width, "height": lab.VIEWPORT["height"]})
                page.wait_for_timeout(RESIZE_SETTLE_MS)
            problems += [f"{width} px: {p}" for p in readability_problems(notebook)]
    finally:
        page.set_viewport_size(lab.VIEWPORT)
        page.wait_for_timeout(RESIZE_SETTLE_MS)
    assert not problems, f"{notebook.name}:\n" + "\n".join(problems)


def readability_problems(notebook) -> list[str]:
    problems = []
    small: dict[tuple, list[str]] = {}
    for row in notebook.js("smallTexts", notebook.path, MIN_TEXT_PX):
        key = (where(row), row["computed"], row["rendered"])
        small.setdefault(key, []).append(row["text"])
    for (place, computed, rendered), texts in small.items():
        shown = ", ".join(repr(t) for t in texts[:6]) + (" ..." if len(texts) > 6 else "")
        problems.append(
            f"{place}: text at {rendered:g} px (font-size {computed:g} px), "
            f"below {MIN_TEXT_PX} px: {shown}"
        )
    for image in notebook.js("outputImages", notebook.path):
        if image["natural"] > image["shown"] + 1:
            problems.append(
                f"{where(image)}: figure {image['natural']} px wide shown at "
                f"{image['shown']:.0f} px (shrunk): {image['alt']!r}"
            )
    for box in notebook.js("sideScrolls", notebook.path):
        problems.append(
            f"{where(box)}: scrolls sideways (content {box['scrollWidth']} px in "
            f"{box['clientWidth']} px, overflow-x {box['overflow']})"
        )
    return problems


def where(row: dict) -> str:
    """A place in the outputs in words: cell, explorer and figure, element."""
    place = f"cell {row['cell']}"
    if row.get("explorer"):
        place += f", explorer {row['explorer']}"
    if row.get("figure"):
        place += f" {row['figure']}"
    return f"{place} ({row['element']})"
