"""The lecture book read offline: every page opened from disk in headless Chromium with every
request that is not a file of the book refused.

The book is built once for this module (book/build.py into a temporary folder; its downloads
come from build/cache/ after the first build). Each page must then show, with no network:
no console error and no failed or refused request; every explorer the notebook stored, drawn
from its saved state (as many widget views as the notebook has, each with its sliders, bqplot
figures and ipympl canvases); every bqplot figure with its marks drawn; every ipympl figure
painted; and the math typeset by MathJax, with no ``$`` left in the prose and no MathJax error.
A screenshot of each page's first explorer (or its top) goes to tests/artifacts/screenshots/.
Once drawn, each page's cell outputs must also pass axe-core's WCAG 2.0/2.1 A and AA rules and
its best practices with no critical or serious violation (accessibility.py).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import accessibility as a11y
import lab
import pytest
from tests.test_book import load_build

pytestmark = pytest.mark.browser
log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
LECTURES = sorted(NOTEBOOKS.glob("0*.ipynb"))
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SLIDERS = {"IntSliderModel", "FloatSliderModel", "FloatLogSliderModel"}
RENDER_TIMEOUT = 60_000  # ms for widgets and math to appear




def stored(notebook: Path) -> dict:
    """What the notebook saved: its widget views, and the models those views show."""
    nb = json.loads(notebook.read_text())
    views = [output["data"][WIDGET_VIEW]["model_id"]
             for cell in nb["cells"] for output in cell.get("outputs", [])
             if WIDGET_VIEW in output.get("data", {})]
    state = nb["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    shown, todo = set(), list(views)
    while todo:  # every model a displayed view reaches (children, figures, marks, ...)
        model_id = todo.pop()
        if model_id in shown or model_id not in state:
            continue
        shown.add(model_id)
        todo += re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(state[model_id]["state"]))
    names = [state[model_id]["model_name"] for model_id in shown]
    markdown = "".join("".join(cell["source"]) for cell in nb["cells"]
                       if cell["cell_type"] == "markdown")
    return {
        "views": len(views),
        "sliders": sum(name in SLIDERS for name in names),
        "bqplot_figures": sum(state[m]["model_module"] == "bqplot" and name == "FigureModel"
                              for m, name in zip(shown, names, strict=True)),
        "mpl_figures": names.count("MPLCanvasModel"),
        "math": "$" in markdown,
    }


@pytest.fixture(scope="module")
def book(browser, tmp_path_factory) -> Path:
    """The book, built into a temporary folder (after the browser is known to exist)."""
    out = tmp_path_factory.mktemp("book") / "book"
    load_build().build(out, ROOT / "build" / "cache", NOTEBOOKS, ROOT / "README.md")
    return out


class OfflinePage:
    """One page of the book opened from disk; every request off the book is refused."""

    def __init__(self, browser, path: Path):
        self.path = path
        self.book = path.parent.resolve().as_uri() + "/"
        self.page = browser.new_page(viewport=lab.VIEWPORT)
        self.errors: list[str] = []
        self.refused: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("requestfailed", lambda request: self.errors.append(
            f"request failed: {request.url[:200]} ({request.failure})"))
        self.page.route("**/*", self._route)

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console.error: {message.text}")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.book) or url.startswith("data:"):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()

    def open(self) -> None:
        self.page.goto(self.path.as_uri(), wait_until="load")

    def close(self) -> None:
        self.page.close()


# Counts of what is drawn on the page, and the prose's text with the typeset math taken out.
MEASURE_JS = """() => {
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const all = (selector) => [...document.querySelectorAll(selector)];
  const drawnCanvas = (canvas) => {
    if (!canvas.width || !canvas.height) return false;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4 * 97) if (pixels[i] > 0) return true;
    return false;
  };
  const prose = all('.jp-RenderedMarkdown').map((element) => {
    const copy = element.cloneNode(true);
    copy.querySelectorAll('script, style, code, pre, .MathJax_Preview, .MathJax_CHTML, '
      + '.MathJax, .MathJax_Display, .mjx-chtml').forEach((node) => node.remove());
    return copy.textContent;
  }).join('\\n');
  return {
    views: all('.widget-subarea > .jupyter-widgets').filter(visible).length,
    view_tags: all('script[type="application/vnd.jupyter.widget-view+json"]').length,
    sliders: all('.widget-subarea .widget-slider').filter(visible).length,
    bqplot_figures: all('.bqplot.figure').filter(visible).map((figure) => ({
      title: (figure.querySelector('text.mainheading') || {}).textContent || '',
      lines: [...figure.querySelectorAll('path.line')]
        .filter((path) => /\\d/.test(path.getAttribute('d') || '')).length,
      dots: figure.querySelectorAll('path.dot').length,
      images: figure.querySelectorAll('image, canvas').length,
    })),
    mpl_figures: all('.jupyter-matplotlib').filter(visible).map(
      (figure) => [...figure.querySelectorAll('canvas')].some(drawnCanvas)),
    math: all('.MathJax_CHTML, .MathJax_Display').length,
    math_errors: all('.mjx-merror, .MathJax_Error, merror').length,
    prose,
  };
}"""

# Every stored widget view is on the page and every bqplot figure has marks drawn.
DRAWN_JS = """([views, figures]) =>
  document.querySelectorAll('.widget-subarea > .jupyter-widgets').length === views
  && [...document.querySelectorAll('.bqplot.figure')].filter(
       (figure) => figure.querySelector('path.line, path.dot')).length >= figures"""

# MathJax 2 has started (isReady) and its queue of typesetting is empty. (Waiting on its
# StartupHook('End') with a Queue callback inside can hang while the page is still loading.)
MATH_DONE_JS = """() => window.MathJax !== undefined && MathJax.isReady
  && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running"""


@pytest.mark.parametrize("notebook", LECTURES, ids=lambda path: path.stem)
def test_lecture_page_reads_offline(browser, book, notebook):
    expected = stored(notebook)
    page = OfflinePage(browser, book / (notebook.stem + ".html"))
    try:
        page.open()
        problems = []
        if expected["views"]:
            try:
                page.page.wait_for_function(
                    DRAWN_JS,
                    arg=[expected["views"], expected["bqplot_figures"]],
                    timeout=RENDER_TIMEOUT,
                )
            except Exception as error:  # measured below; the counts say what is missing
                problems.append(f"the explorers did not finish drawing: {error}")
        page.page.wait_for_function(MATH_DONE_JS, timeout=RENDER_TIMEOUT)
        page.page.wait_for_timeout(300)  # let late errors and requests surface
        seen = page.page.evaluate(MEASURE_JS)
        first = page.page.query_selector(".widget-subarea")
        target = first or page.page
        lab.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        if first:
            first.scroll_into_view_if_needed()
        target.screenshot(path=str(lab.SCREENSHOTS / f"book_{notebook.stem}.png"))
    finally:
        page.close()

    problems += page.errors
    problems += [f"refused (off the book): {url}" for url in page.refused]
    if seen["view_tags"] != expected["views"]:
        problems.append(f"{seen['view_tags']} widget views on the page, the notebook stored "
                        f"{expected['views']}")
    if seen["views"] != expected["views"]:
        problems.append(f"{seen['views']} of {expected['views']} stored widget views rendered")
    if seen["sliders"] != expected["sliders"]:
        problems.append(f"{seen['sliders']} sliders visible, the saved explorers have "
                        f"{expected['sliders']}")
    if len(seen["bqplot_figures"]) != expected["bqplot_figures"]:
        problems.append(f"{len(seen['bqplot_figures'])} bqplot figures drawn, "
                        f"{expected['bqplot_figures']} stored")
    for figure in seen["bqplot_figures"]:
        if not (figure["lines"] or figure["dots"] or figure["images"]):
            problems.append(f"bqplot figure {figure['title']!r} has no marks drawn")
    if len(seen["mpl_figures"]) != expected["mpl_figures"] or not all(seen["mpl_figures"]):
        problems.append(f"ipympl figures painted: {seen['mpl_figures']}, "
                        f"{expected['mpl_figures']} stored")
    if expected["math"] and not seen["math"]:
        problems.append("the prose has math but MathJax typeset none")
    if seen["math_errors"]:
        problems.append(f"{seen['math_errors']} MathJax errors")
    for match in re.finditer(r"\$", seen["prose"]):
        context = seen["prose"][max(0, match.start() - 60):match.end() + 60]
        problems.append("raw $ left in the prose: ..." + " ".join(context.split()) + "...")
    assert not problems, f"{notebook.stem}:\n" + "\n".join(problems)


@pytest.mark.parametrize("notebook", LECTURES, ids=lambda path: path.stem)
def test_lecture_page_outputs_pass_axe(browser, book, notebook):
    """axe-core over the page's cell outputs (what nbconvert's lab template wraps in
    ``.jp-OutputArea-output``: text, images, HTML and the explorers drawn from their saved
    state), once they are drawn: no critical or serious violation; moderate and minor ones are
    logged. The whole record goes to tests/artifacts/axe/."""
    expected = stored(notebook)
    page = OfflinePage(browser, book / (notebook.stem + ".html"))
    try:
        page.open()
        if expected["views"]:
            page.page.wait_for_function(
                DRAWN_JS,
                arg=[expected["views"], expected["bqplot_figures"]],
                timeout=RENDER_TIMEOUT,
            )
        page.page.wait_for_function(MATH_DONE_JS, timeout=RENDER_TIMEOUT)
        results = a11y.run_axe(page.page, ".jp-OutputArea-output")
    finally:
        page.close()
    a11y.hold(notebook.stem, results, lab.ARTIFACTS / "axe" / f"book_{notebook.stem}.json", log)


def test_index_reads_offline_and_links_every_lecture(browser, book):
    page = OfflinePage(browser, book / "index.html")
    try:
        page.open()
        links = page.page.eval_on_selector_all(
            ".book-lectures a", "(anchors) => anchors.map((a) => a.getAttribute('href'))")
    finally:
        page.close()
    assert not page.errors + page.refused, page.errors + page.refused
    assert links == [notebook.stem + ".html" for notebook in LECTURES]
