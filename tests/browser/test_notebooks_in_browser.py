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

import logging
import math
import time
from pathlib import Path

import accessibility as a11y
import lab
import pytest

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
                    notebook.explorer(model_id).get_by_role(
                        "button", name=option, exact=True
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
