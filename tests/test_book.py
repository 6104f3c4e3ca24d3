"""The lecture book (``make book``, book/build.py), without a browser.

The pieces of the build script on small inputs, then one real build into a temporary folder:
an index that lists every lecture, pages that load nothing from off the book and name only files
that are in it, every explorer's saved view on its page, a line on each page that says how to run
it live. The build downloads its scripts into build/cache/ the first time (a few seconds); later
builds read the cache. tests/browser/test_book_offline.py opens the pages in Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
BOOK_LIMIT = 60e6  # bytes, the target for the whole book


def load_build():
    """book/build.py as a module (book/ is a folder of tools, not a package)."""
    return load_script("book/build.py", "book_build")


build = load_build()
LECTURES = sorted(NOTEBOOKS.glob("0*.ipynb"))


def stored_views(notebook: Path) -> int:
    nb = json.loads(notebook.read_text())
    return sum(WIDGET_VIEW in output.get("data", {})
               for cell in nb["cells"] for output in cell.get("outputs", []))


# --- pieces -----------------------------------------------------------------------------------


def test_binder_url_opens_the_lecture():
    readme = "[![b](https://x/b.svg)](https://mybinder.org/v2/gh/o/r/HEAD?labpath=notebooks%2F00_a.ipynb)"
    assert build.binder_url(readme) == "https://mybinder.org/v2/gh/o/r/HEAD?labpath=notebooks%2F00_a.ipynb"
    assert build.binder_url(readme, "03_b.ipynb") == (
        "https://mybinder.org/v2/gh/o/r/HEAD?labpath=notebooks%2F03_b.ipynb")
    assert build.binder_url("https://mybinder.org/v2/gh/o/r/HEAD", "03_b.ipynb") == (
        "https://mybinder.org/v2/gh/o/r/HEAD?labpath=notebooks%2F03_b.ipynb")
    assert build.binder_url("no badge here", "03_b.ipynb") is None


def test_every_lecture_has_its_readme_row_and_binder_link():
    lectures = build.find_lectures(NOTEBOOKS, README.read_text())
    assert [lecture.notebook for lecture in lectures] == LECTURES
    for lecture in lectures:
        assert lecture.summary, f"{lecture.notebook.name} has no row in README's lecture table"
        assert lecture.binder_url and lecture.binder_url.endswith(
            "labpath=notebooks%2F" + lecture.notebook.name)
        assert lecture.title and not lecture.title.startswith("#")


def test_the_audit_flags_loads_from_off_the_book_and_missing_files(tmp_path):
    (tmp_path / "here.js").write_text("")
    page = tmp_path / "page.html"
    page.write_text(
        '<link rel="stylesheet" href="https://cdn.example/a.css">'
        '<script src="//cdn.example/b.js"></script>'
        '<script src="here.js?v=1"></script>'
        '<script src="gone.js"></script>'
        '<img src="data:image/png;base64,AAAA">'
        '<img src="http://example.org/c.png">'
        '<style>.x { background: url("https://example.org/d.png") }</style>'
        '<div style="background: url(e.png)"></div>'
        '<a href="https://mybinder.org/v2/gh/o/r/HEAD">a link is not a load</a>'
        '<script src="../outside.js"></script>'
    )
    problems = build.offline_problems(page, tmp_path)
    assert len(problems) == 7, problems
    for expected in ("https://cdn.example/a.css", "//cdn.example/b.js", "gone.js",
                     "http://example.org/c.png", "https://example.org/d.png", "e.png",
                     "../outside.js"):
        assert any(expected in problem for problem in problems), (expected, problems)
    assert not any("mybinder" in problem for problem in problems)


def test_the_html_manager_is_the_release_of_the_installed_lab_manager():
    wanted = {"@jupyter-widgets/base": "^6.0.12", "@jupyter-widgets/controls": "^5.0.13"}
    packument = {"versions": {
        "1.0.14": {"dependencies": {"@jupyter-widgets/base": "^6.0.11",
                                    "@jupyter-widgets/controls": "^5.0.12"}},
        "1.0.15": {"dependencies": dict(wanted, jquery="^3")},
        "1.0.16-alpha.0": {"dependencies": dict(wanted)},
    }}
    assert build.matching_release(packument, wanted) == "1.0.15"
    assert build.matching_release(packument, {"@jupyter-widgets/base": "^7"}) is None
    installed = build.lab_widget_manager_dependencies()
    assert set(installed) == {"@jupyter-widgets/base", "@jupyter-widgets/controls"}


def test_what_the_book_keeps_of_mathjax_and_the_widget_manager():
    keep = build.mathjax_keeps(["TeX-AMS_CHTML-full", "Safe"])
    for kept in ("MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js",
                 "extensions/TeX/AMSmath.js", "jax/output/CommonHTML/jax.js",
                 "jax/output/CommonHTML/fonts/TeX/fontdata.js",
                 "fonts/HTML-CSS/TeX/woff/MathJax_Main-Regular.woff"):
        assert keep(kept), kept
    for dropped in ("unpacked/MathJax.js", "config/TeX-AMS_SVG.js",
                    "jax/output/SVG/fonts/STIX-Web/fontdata.js",
                    "fonts/HTML-CSS/STIX-Web/woff/a.woff", "fonts/HTML-CSS/TeX/png/a.png",
                    "localization/de/de.js", "test/index.html"):
        assert not keep(dropped), dropped
    assert build.html_manager_keeps("dist/embed-amd.js")
    assert build.html_manager_keeps("dist/1551f4f60c37af51121f.woff2")
    assert not build.html_manager_keeps("dist/embed.js")
    assert not build.html_manager_keeps("dist/embed.js.map")
    assert not build.html_manager_keeps("lib/index.js")


def test_saved_controls_are_disabled_on_a_copy():
    nb = {"metadata": {"widgets": {build.WIDGET_STATE: {"state": {
        "a": {"model_name": "FloatSliderModel", "state": {"disabled": False, "value": 1}},
        "b": {"model_name": "LayoutModel", "state": {"width": "10px"}},
    }}}}}
    copy = build.disable_controls(nb)
    state = copy["metadata"]["widgets"][build.WIDGET_STATE]["state"]
    assert state["a"]["state"] == {"disabled": True, "value": 1}
    assert "disabled" not in state["b"]["state"]
    assert nb["metadata"]["widgets"][build.WIDGET_STATE]["state"]["a"]["state"]["disabled"] is False


# --- one real build ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("book") / "book"
    result = build.build(out, ROOT / "build" / "cache", NOTEBOOKS, README)
    return out, result


def test_the_index_lists_every_lecture(book):
    out, _ = book
    index = (out / "index.html").read_text()
    links = re.findall(r'<a href="([^"#]+\.html)"', index)
    assert links == [notebook.stem + ".html" for notebook in LECTURES]
    for notebook in LECTURES:
        assert (out / (notebook.stem + ".html")).is_file()


def test_no_page_loads_anything_from_off_the_book(book):
    out, result = book
    assert sorted(result["pages"]) == sorted(
        ["index.html"] + [notebook.stem + ".html" for notebook in LECTURES])
    problems = [problem for page in result["pages"]
                for problem in build.offline_problems(out / page, out)]
    assert not problems, "\n".join(problems)
    for page in result["pages"]:
        text = (out / page).read_text()
        assert not re.search(r"(src|href)=[\"'](https?:)?//(cdn|cdnjs|unpkg)", text), page
        assert "cdn.jsdelivr.net" not in text and "cdnjs.cloudflare.com" not in text, page


def test_links_between_lectures_lead_to_their_pages(book):
    """A lecture that links another lecture's notebook links that lecture's page in the book."""
    out, result = book
    for page in result["pages"]:
        text = (out / page).read_text()
        assert not re.findall(r'href="(?:\./)?0\d_[^"]*\.ipynb', text), page
    start = (out / "00_start_here.html").read_text()
    assert 'href="01_derivatives_and_1d_descent.html' in start
    assert build.lecture_links_as_pages('<a href="./03_x.ipynb#s">') == '<a href="03_x.html#s">'


@pytest.mark.parametrize("notebook", LECTURES, ids=lambda path: path.stem)
def test_each_page_shows_its_explorers_and_how_to_run_it_live(book, notebook):
    out, _ = book
    page = (out / (notebook.stem + ".html")).read_text()
    views = stored_views(notebook)
    assert page.count(f'<script type="{WIDGET_VIEW}">') == views
    assert page.count('class="book-saved-state"') == views
    assert "<code>make lab</code>" in page
    assert "labpath=notebooks%2F" + notebook.name in page
    if views:
        assert "vendor/html-manager/dist/embed-amd.js" in page
        state = re.search(
            r'<script type="application/vnd.jupyter.widget-state\+json">\s*(.*?)\s*</script>',
            page, re.DOTALL)
        models = json.loads(state.group(1))["state"].values()
        assert all(model["state"]["disabled"] for model in models
                   if "disabled" in model["state"])


def test_the_book_ships_the_pinned_scripts_and_stays_small(book):
    out, result = book
    shipped = {item["name"]: item for item in result["vendor"]}
    assert {"requirejs", "mathjax", "@jupyter-widgets/html-manager"} <= set(shipped)
    assert set(build.widget_modules(LECTURES)) <= set(shipped)
    assert shipped["mathjax"]["version"] == build.nbconvert_cdn_version(
        "mathjax_url", r"/mathjax/([\d.]+)/")
    assert shipped["requirejs"]["version"] == build.nbconvert_cdn_version(
        "require_js_url", r"/require\.js/([\d.]+)/")
    manager = json.loads((out / "vendor/html-manager/package.json").read_text())
    for name, wanted in build.lab_widget_manager_dependencies().items():
        assert manager["dependencies"][name] == wanted
    assert result["bytes"] <= BOOK_LIMIT, f"{result['bytes'] / 1e6:.1f} MB"
