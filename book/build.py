"""Build the lecture book: ``build/book/``, one HTML page per lecture, readable offline.

``make book`` runs this with the project's venv. Each stored notebook ``notebooks/0*.ipynb``
(never re-executed) becomes one page, exported by nbconvert with JupyterLab's look: its
matplotlib figures (PNG), its math typeset by MathJax, and its explorers drawn from the widget
state saved in the notebook, their controls disabled because no kernel answers them. A line on
every page says how to run the lecture live. ``index.html`` lists the lectures.

Every script the pages load is copied into ``build/book/vendor/``, so nothing is fetched from
a CDN when the book is read:

- bqplot, bqscales and ipympl (``jupyter-matplotlib``): the browser bundles the installed wheels
  put in ``share/jupyter/nbextensions/``, so exactly the pinned versions;
- the widget manager ``@jupyter-widgets/html-manager`` from the npm registry: the release made
  together with the installed JupyterLab widget manager (both ask for the same
  ``@jupyter-widgets/base`` and ``controls`` versions);
- require.js and MathJax from the npm registry, at the versions nbconvert's own HTML export
  would load from cdnjs (its defaults for ``require_js_url`` and ``mathjax_url``).

Downloads are checked against the registry's sha512 and kept in ``build/cache/``, so a second
build does not download again. Last, every page is audited: no script, stylesheet, image or frame
comes from off the book, and every file a page names is in the book.

    python book/build.py [--out build/book] [--cache build/cache] [--notebooks notebooks]
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import html
import html.parser
import json
import os
import re
import shutil
import sys
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEMPLATES = HERE / "templates"
BOOK_CSS = HERE / "static" / "book.css"
NPM = "https://registry.npmjs.org"

VENDOR = "vendor"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Widget modules the html-manager itself defines; every other module is a widget library
# whose browser bundle the book ships.
BUILTIN_WIDGET_MODULES = {"@jupyter-widgets/base", "@jupyter-widgets/controls",
                          "@jupyter-widgets/output"}
# nbconvert's lab template loads MathJax 2 with this configuration (and the widget manager
# typesets widget labels with MathJax 2's API), so the book ships MathJax 2.
MATHJAX_CONFIG_DEFAULT = "TeX-AMS_CHTML-full,Safe"
DOWNLOAD_TRIES = 3


# --- what the pins install --------------------------------------------------------------------


def share_jupyter() -> Path:
    """``share/jupyter`` of the environment running this script (the project's .venv)."""
    return Path(sys.prefix) / "share" / "jupyter"


def nbconvert_cdn_version(trait: str, pattern: str) -> str:
    """The version in one of nbconvert's default CDN URLs (``require_js_url``, ``mathjax_url``)."""
    from nbconvert import HTMLExporter

    url = HTMLExporter.class_traits()[trait].default_value
    match = re.search(pattern, url)
    if match is None:
        raise RuntimeError(f"no version in nbconvert's default {trait} {url!r}")
    return match.group(1)


def mathjax_config() -> str:
    """The MathJax configurations nbconvert's default ``mathjax_url`` asks for."""
    from nbconvert import HTMLExporter

    url = HTMLExporter.class_traits()["mathjax_url"].default_value
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    return query.get("config", [MATHJAX_CONFIG_DEFAULT])[0]


def lab_widget_manager_dependencies() -> dict[str, str]:
    """The ``@jupyter-widgets/base`` and ``controls`` ranges of the installed lab widget manager."""
    path = share_jupyter() / "labextensions/@jupyter-widgets/jupyterlab-manager/package.json"
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run this with the project's venv (make book)")
    dependencies = json.loads(path.read_text())["dependencies"]
    return {name: dependencies[name]
            for name in ("@jupyter-widgets/base", "@jupyter-widgets/controls")}


def widget_modules(notebooks: list[Path]) -> list[str]:
    """The widget libraries (other than ipywidgets' own) whose models the notebooks saved."""
    modules = set()
    for path in notebooks:
        state = json.loads(path.read_text()).get("metadata", {}).get("widgets", {})
        for model in state.get(WIDGET_STATE, {}).get("state", {}).values():
            modules.add(model["model_module"])
    return sorted(modules - BUILTIN_WIDGET_MODULES)


# --- the npm registry, with a cache -----------------------------------------------------------


def http_get(url: str, timeout: float = 60) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "gd-interactive-book"})
    for attempt in range(1, DOWNLOAD_TRIES + 1):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read()
        except OSError as error:
            if attempt == DOWNLOAD_TRIES:
                raise RuntimeError(f"could not download {url}: {error}") from error
            time.sleep(attempt)
    raise AssertionError("unreachable")


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a cache file is whole or absent (parallel builds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)


def cache_name(name: str) -> str:
    return name.replace("/", "+")


def npm_url(name: str, version: str | None = None) -> str:
    url = f"{NPM}/{name.replace('/', '%2f')}"
    return f"{url}/{version}" if version else url


def npm_metadata(name: str, version: str, cache: Path) -> dict:
    """The registry's record of one release (immutable, so cached for good)."""
    path = cache / "npm" / f"{cache_name(name)}-{version}.json"
    if not path.exists():
        write_atomically(path, http_get(npm_url(name, version)))
    return json.loads(path.read_text())


def npm_license(meta: dict) -> str | None:
    """A release's licence: ``license``, or the old ``licenses`` list of early releases."""
    old = [entry.get("type") for entry in meta.get("licenses", []) if isinstance(entry, dict)]
    return meta.get("license") or " OR ".join(filter(None, old)) or None


def check_integrity(data: bytes, integrity: str, what: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in ("sha512", "sha256", "sha1"):
        raise RuntimeError(f"{what}: unknown integrity {integrity!r}")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise RuntimeError(f"{what}: {algorithm} {actual} does not match the registry's {expected}")


def npm_tarball(name: str, version: str, cache: Path) -> Path:
    """The release's tarball from the registry, checked against its integrity hash."""
    meta = npm_metadata(name, version, cache)
    path = cache / "npm" / f"{cache_name(name)}-{version}.tgz"
    integrity = meta["dist"].get("integrity") or "sha1-" + base64.b64encode(
        bytes.fromhex(meta["dist"]["shasum"])).decode()
    if path.exists():
        data = path.read_bytes()
        try:
            check_integrity(data, integrity, str(path))
            return path
        except RuntimeError:
            path.unlink()  # a damaged cache entry: download it again
    data = http_get(meta["dist"]["tarball"], timeout=120)
    check_integrity(data, integrity, f"{name}@{version}")
    write_atomically(path, data)
    return path


def plain_version(version: str) -> tuple[int, ...] | None:
    return tuple(int(part) for part in version.split(".")) if re.fullmatch(
        r"\d+\.\d+\.\d+", version) else None


def matching_release(packument: dict, wanted: dict[str, str]) -> str | None:
    """The newest plain release whose dependencies include exactly the ``wanted`` ranges."""
    found = [
        version for version, meta in packument.get("versions", {}).items()
        if plain_version(version) is not None
        and all(meta.get("dependencies", {}).get(key) == value for key, value in wanted.items())
    ]
    return max(found, key=plain_version) if found else None


def html_manager_version(cache: Path) -> str:
    """The html-manager released with the installed JupyterLab widget manager."""
    name = "@jupyter-widgets/html-manager"
    wanted = lab_widget_manager_dependencies()
    path = cache / "npm" / f"{cache_name(name)}.packument.json"
    if path.exists():
        version = matching_release(json.loads(path.read_text()), wanted)
        if version is not None:
            return version
    write_atomically(path, http_get(npm_url(name)))  # new releases since the cached list
    version = matching_release(json.loads(path.read_text()), wanted)
    if version is None:
        raise RuntimeError(f"no {name} release depends on {wanted} (the installed "
                           "@jupyter-widgets/jupyterlab-manager's ranges)")
    return version


def extract(tarball: Path, dest: Path, select: Callable[[str], bool]) -> int:
    """Copy the files of an npm tarball's ``package/`` that ``select`` keeps; their bytes."""
    total = 0
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            if not member.isfile() or not member.name.startswith("package/"):
                continue
            relative = member.name.removeprefix("package/")
            if ".." in Path(relative).parts or not select(relative):
                continue
            target = dest / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            data = archive.extractfile(member).read()
            target.write_bytes(data)
            total += len(data)
    return total


# --- the vendor folder ------------------------------------------------------------------------


def mathjax_keeps(configs: list[str]) -> Callable[[str], bool]:
    """MathJax 2 without what the pages cannot use: fonts other than TeX (and TeX's image and
    SVG/EOT formats), the unminified copy, tests, translations and unused configurations."""
    configs = {f"config/{name}.js" for name in configs}

    def keep(relative: str) -> bool:
        parts = relative.split("/")
        if relative in ("MathJax.js", "LICENSE", "package.json") or relative in configs:
            return True
        if parts[0] == "extensions":
            return True
        if parts[0] == "jax":
            return not ("fonts" in parts[:-1] and parts[parts.index("fonts") + 1] != "TeX")
        return parts[:3] == ["fonts", "HTML-CSS", "TeX"] and parts[3] in ("woff", "otf")

    return keep


def html_manager_keeps(relative: str) -> bool:
    """The html-manager's ``embed-amd.js`` (every AMD module of ipywidgets' manager in one file)
    and the icon fonts it refers to."""
    if relative == "package.json":
        return True
    name = relative.removeprefix("dist/")
    return relative.startswith("dist/") and "/" not in name and (
        name == "embed-amd.js" or name.rsplit(".", 1)[-1] in ("woff2", "woff", "ttf", "eot", "svg"))


@dataclass
class Vendor:
    """Where the pages find their scripts (paths relative to the book) and what was shipped."""

    require_js: str
    widget_renderer: str
    mathjax: str
    no_cdn: str
    require_paths: dict[str, str]
    manifest: list[dict]


def build_vendor(out: Path, cache: Path, modules: list[str]) -> Vendor:
    vendor = out / VENDOR
    manifest = []

    def from_npm(name: str, version: str, folder: str, keep: Callable[[str], bool], why: str):
        tarball = npm_tarball(name, version, cache)
        size = extract(tarball, vendor / folder, keep)
        meta = npm_metadata(name, version, cache)
        manifest.append({"name": name, "version": version, "license": npm_license(meta),
                         "folder": f"{VENDOR}/{folder}", "source": meta["dist"]["tarball"],
                         "integrity": meta["dist"].get("integrity"), "bytes": size, "why": why})

    requirejs = nbconvert_cdn_version("require_js_url", r"/require\.js/([\d.]+)/")
    from_npm("requirejs", requirejs, "requirejs",
             lambda relative: relative in ("require.js", "package.json"),
             "the version of nbconvert's default require_js_url")
    mathjax = nbconvert_cdn_version("mathjax_url", r"/mathjax/([\d.]+)/")
    configs = mathjax_config()
    from_npm("mathjax", mathjax, "mathjax", mathjax_keeps(configs.split(",")),
             "the version of nbconvert's default mathjax_url")
    manager = html_manager_version(cache)
    from_npm("@jupyter-widgets/html-manager", manager, "html-manager", html_manager_keeps,
             "released with the installed @jupyter-widgets/jupyterlab-manager (both ask for "
             + ", ".join(f"{name} {wanted}"
                         for name, wanted in lab_widget_manager_dependencies().items()) + ")")

    # embed-amd.js defines ipywidgets' modules by name; each finds its icon fonts next to where
    # require.js would have loaded it from, so those names point at the folder of the fonts.
    dist = f"{VENDOR}/html-manager/dist"
    require_paths = {"@jupyter-widgets": dist, "@jupyter-widgets/html-manager/dist": dist}
    for module in modules:
        source = share_jupyter() / "nbextensions" / module
        if not (source / "index.js").exists():
            raise RuntimeError(f"widget module {module!r} is used by the notebooks but "
                               f"{source / 'index.js'} is missing: is its package installed?")
        target = vendor / module
        target.mkdir(parents=True)
        size = 0
        for name in ("index.js", "index.js.LICENSE.txt"):
            if (source / name).exists():
                shutil.copy2(source / name, target / name)
                size += (source / name).stat().st_size
        package = share_jupyter() / "labextensions" / module / "package.json"
        package = json.loads(package.read_text()) if package.exists() else {}
        manifest.append({"name": module, "version": package.get("version"),
                         "license": package.get("license"), "folder": f"{VENDOR}/{module}",
                         "source": str(source.relative_to(sys.prefix)), "bytes": size,
                         "why": "the browser bundle of the installed (pinned) package"})
        require_paths[module] = f"{VENDOR}/{module}/index"

    (vendor / "VERSIONS.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return Vendor(
        require_js=f"{VENDOR}/requirejs/require.js",
        widget_renderer=f"{VENDOR}/html-manager/dist/embed-amd.js",
        mathjax=f"{VENDOR}/mathjax/MathJax.js?config={configs}",
        # A folder that does not exist: a widget module missing from the book fails loudly
        # instead of being fetched from a CDN.
        no_cdn=f"{VENDOR}/not-in-book/",
        require_paths=require_paths,
        manifest=manifest,
    )


# --- the lectures -----------------------------------------------------------------------------


@dataclass
class Lecture:
    notebook: Path
    number: int
    title: str
    summary: str  # the README's "what it teaches", markdown
    binder_url: str | None

    @property
    def page(self) -> str:
        return self.notebook.stem + ".html"


def notebook_title(nb: dict) -> str:
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError("the notebook has no title (a markdown line starting with '# ')")


def readme_summaries(readme: str) -> dict[str, str]:
    """Notebook file name to the README table's "what it teaches" cell."""
    summaries = {}
    row = re.compile(r"^\|\s*\d+\s*\|\s*\[[^\]]*\]\(notebooks/([^)]+\.ipynb)\)\s*\|(.*)\|\s*$")
    for line in readme.splitlines():
        match = row.match(line)
        if match:
            summaries[match.group(1)] = match.group(2).strip().replace(r"\|", "|")
    return summaries


def binder_url(readme: str, notebook: str | None = None) -> str | None:
    """The README's Binder link, opening ``notebooks/<notebook>`` when given."""
    match = re.search(r"https://mybinder\.org/v2/[^)\s\"']+", readme)
    if match is None:
        return None
    url = match.group(0)
    if notebook is None:
        return url
    target = "labpath=" + urllib.parse.quote(f"notebooks/{notebook}", safe="")
    if "labpath=" in url:
        return re.sub(r"labpath=[^&]*", target, url)
    return url + ("&" if "?" in url else "?") + target


def find_lectures(notebooks_dir: Path, readme: str) -> list[Lecture]:
    summaries = readme_summaries(readme)
    lectures = []
    for path in sorted(notebooks_dir.glob("0*.ipynb")):
        nb = json.loads(path.read_text())
        lectures.append(Lecture(
            notebook=path, number=int(re.match(r"\d+", path.name).group(0)),
            title=notebook_title(nb), summary=summaries.get(path.name, ""),
            binder_url=binder_url(readme, path.name),
        ))
    return lectures


def live_line(lecture: Lecture | None, binder: str | None, explorers: bool = True) -> str:
    """The line that says how to run a lecture (or, on the index, the lectures) live (HTML)."""
    it = "it" if lecture else "them"
    where = (f"open <code>notebooks/{html.escape(lecture.notebook.name)}</code> from its file "
             "browser" if lecture else "the lectures are in <code>notebooks/</code>")
    if explorers:
        text = ("<strong>Reading copy.</strong> Figures and explorers show the state "
                f"{'the lecture was' if lecture else 'the lectures were'} saved with; the "
                f"sliders do not move here. To run {it} live, with sliders that answer: ")
    else:
        text = ("<strong>Reading copy.</strong> The outputs are the ones the lecture was saved "
                "with. To run its code yourself: ")
    text += f"<code>make lab</code> in the course repository (JupyterLab opens; {where})"
    if binder:
        text += (f", or <a href=\"{html.escape(binder)}\">launch {it} on Binder</a> "
                 "(nothing to install)")
    return text + "."


def disable_controls(nb: dict) -> dict:
    """A copy of the notebook whose saved widgets have their controls disabled: with no kernel
    to answer, a slider that moved would show a value the figure does not."""
    nb = copy.deepcopy(nb)
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model in state.values():
        if "disabled" in model["state"]:
            model["state"]["disabled"] = True
    return nb


def exporter(vendor: Vendor):
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="book",
        extra_template_basedirs=[str(TEMPLATES)],
        require_js_url=vendor.require_js,
        mathjax_url=vendor.mathjax,
        widget_renderer_url=vendor.widget_renderer,
        jupyter_widgets_base_url=vendor.no_cdn,
    )


def render_page(lecture: Lecture, previous: Lecture | None, following: Lecture | None,
                vendor: Vendor, export=None) -> str:
    import nbformat

    nb = nbformat.reads(lecture.notebook.read_text(), as_version=4)
    nb.metadata["title"] = lecture.title
    nb = nbformat.from_dict(disable_controls(nb))
    book = {
        "css": "book.css",
        "index": "index.html",
        "previous": {"href": previous.page, "title": previous.title} if previous else None,
        "next": {"href": following.page, "title": following.title} if following else None,
        "live_html": live_line(lecture, lecture.binder_url,
                               explorers=bool(nb.metadata.get("widgets"))),
        "require_paths": vendor.require_paths,
        "no_cdn": vendor.no_cdn,
    }
    body, _ = (export or exporter(vendor)).from_notebook_node(nb, resources={"book": book})
    return lecture_links_as_pages(body)


def lecture_links_as_pages(html: str) -> str:
    """Links from one lecture to another (``href="01_derivatives_and_1d_descent.ipynb"``, with
    or without an ``#anchor``) point at that lecture's page of the book instead."""
    return re.sub(r'href="(?:\./)?(0\d_[A-Za-z0-9_]+)\.ipynb(#[^"]*)?"',
                  lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', html)


def render_contents(lectures: list[Lecture], readme: str) -> str:
    import jinja2
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    title = re.search(r"^# (.+)$", readme, re.MULTILINE)
    intro = re.search(r"^A lecture series .*?(?:\n\n|\Z)", readme, re.MULTILINE | re.DOTALL)
    template = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False
    ).get_template("contents.html.j2")
    return template.render(
        title=title.group(1) if title else "Lectures",
        intro_html=markdown2html_mistune(" ".join(intro.group(0).split())) if intro else "",
        css="book.css",
        live_html=live_line(None, binder_url(readme)),
        lectures=[{"page": lecture.page, "title": lecture.title,
                   "summary_html": markdown2html_mistune(lecture.summary)
                   if lecture.summary else ""} for lecture in lectures],
    )


# --- the audit --------------------------------------------------------------------------------


class _References(html.parser.HTMLParser):
    """Every URL a page loads by itself: script, stylesheet, image, frame, media sources and
    ``url(...)`` in inline styles (links a reader clicks are not loads)."""

    LOADS = {"script": "src", "img": "src", "iframe": "src", "frame": "src", "embed": "src",
             "source": "src", "video": "src", "audio": "src", "track": "src", "object": "data",
             "input": "src"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):  # stylesheets, icons, preloads alike
            self.urls.append((f"<link rel={attrs.get('rel')}>", attrs["href"]))
        attribute = self.LOADS.get(tag)
        if attribute and attrs.get(attribute):
            self.urls.append((f"<{tag} {attribute}>", attrs[attribute]))
        if "style" in attrs and attrs["style"]:
            self._css(f"<{tag} style>", attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self._css("<style>", data)

    def _css(self, where, text):
        for match in re.finditer(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", text):
            self.urls.append((where, match.group(1) or match.group(2)))


def page_references(text: str) -> list[tuple[str, str]]:
    parser = _References()
    parser.feed(text)
    parser.close()
    return parser.urls


def offline_problems(page: Path, book: Path) -> list[str]:
    """What would make ``page`` fail offline: a load from off the book, or a missing file."""
    problems = []
    for where, url in page_references(page.read_text(encoding="utf-8")):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("data", "blob") or url.startswith("#"):
            continue
        if parts.scheme or parts.netloc:
            problems.append(f"{page.name}: {where} loads {url} from off the book")
            continue
        target = (page.parent / urllib.parse.unquote(parts.path)).resolve()
        if not target.is_relative_to(book.resolve()):
            problems.append(f"{page.name}: {where} {url} points outside the book")
        elif not target.is_file():
            problems.append(f"{page.name}: {where} {url} is not in the book")
    return problems


# --- the build --------------------------------------------------------------------------------


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def build(out: Path, cache: Path, notebooks_dir: Path, readme: Path) -> dict:
    """Build the book into ``out`` (replaced); its pages and sizes."""
    started = time.monotonic()
    readme_text = readme.read_text(encoding="utf-8")
    lectures = find_lectures(notebooks_dir, readme_text)
    if not lectures:
        raise RuntimeError(f"no lectures (0*.ipynb) in {notebooks_dir}")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=out.name + ".building."))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp's folder is private; the book is not
    try:
        vendor = build_vendor(staging, cache, widget_modules([lec.notebook for lec in lectures]))
        shutil.copy2(BOOK_CSS, staging / "book.css")
        export = exporter(vendor)
        for index, lecture in enumerate(lectures):
            previous = lectures[index - 1] if index > 0 else None
            following = lectures[index + 1] if index + 1 < len(lectures) else None
            page = render_page(lecture, previous, following, vendor, export)
            (staging / lecture.page).write_text(page, encoding="utf-8")
        (staging / "index.html").write_text(render_contents(lectures, readme_text),
                                            encoding="utf-8")
        pages = ["index.html"] + [lecture.page for lecture in lectures]
        problems = [problem for name in pages
                    for problem in offline_problems(staging / name, staging)]
        if problems:
            raise RuntimeError("the book would not read offline:\n" + "\n".join(problems))
        if out.exists():
            shutil.rmtree(out)
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {
        "out": out,
        "pages": pages,
        "bytes": folder_size(out),
        "vendor_bytes": folder_size(out / VENDOR),
        "seconds": time.monotonic() - started,
        "vendor": vendor.manifest,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "book")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "cache")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = parser.parse_args(argv)
    result = build(args.out.resolve(), args.cache.resolve(), args.notebooks, args.readme)
    for item in result["vendor"]:
        where = "npm" if item["source"].startswith("https://") else "the installed wheel"
        print(f"  {item['name']} {item['version']} from {where}: {item['bytes'] / 1e6:.1f} MB")
    print(f"Built {len(result['pages'])} pages in {result['seconds']:.1f} s: "
          f"{result['bytes'] / 1e6:.1f} MB ({result['vendor_bytes'] / 1e6:.1f} MB of scripts "
          f"and fonts). Open {result['out'] / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
