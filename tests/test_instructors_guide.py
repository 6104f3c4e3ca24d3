"""INSTRUCTORS.md says only what is true of the repository: every `make` target, file, helper,
link, lecture section and menu item it names exists, and its settings are the repository's."""

import ast
import importlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.server import CONNECTION_CLASS

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text()
CODE_SPANS = re.compile(r"`([^`\n]+)`")
LECTURES = {p.name[:2]: p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}


def readme_section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def headings(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        line.lstrip("#").strip()
        for cell in cells if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines() if line.startswith("#")
    ]


@pytest.mark.parametrize("text", [GUIDE, readme_section("For instructors")],
                         ids=["INSTRUCTORS.md", "README"])
def test_every_make_target_named_exists(text):
    commands = CODE_SPANS.findall(text) + re.findall(r"^make .*$", text, re.M)  # and code blocks
    targets = {match.group(1) for command in commands
               if (match := re.match(r"make (\w+)", command))}
    assert {"student", "notebooks"} <= targets
    for target in targets:
        assert re.search(rf"^{target}:", MAKEFILE, re.M), f"no `make {target}`"


def test_every_file_and_folder_named_exists():
    named = set()
    for span in CODE_SPANS.findall(GUIDE):
        for word in span.split():
            word = word.strip("`'\",;:()")
            looks_like_a_path = "/" in word or re.search(r"\.(py|md|txt|toml|cff|ipynb)$", word)
            # placeholders, places inside a container or a home folder, what make builds, URLs
            elsewhere = (word.startswith(("/", "~", ".venv", "build/", "http", "--"))
                         or "<" in word or "=" in word or "*" in word)
            if looks_like_a_path and not elsewhere and not word.startswith("c."):
                named.add(word)
    assert {"tools/store_notebooks.py", "tests/test_notebook_budgets.py",
            "binder/jupyter_server_config.py"} <= named
    missing = sorted(word for word in named if not (ROOT / word).exists())
    assert not missing, missing


def resolve(dotted: str):
    """The module, class or function that a dotted name like helpers.widgets.Explorer names."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(dotted)


def test_every_helper_named_exists():
    dotted = {span for span in CODE_SPANS.findall(GUIDE) if re.fullmatch(r"helpers(\.\w+)+", span)}
    assert "helpers.widgets.Explorer" in dotted
    for name in dotted:
        resolve(name)
    from helpers.exercises import core
    from helpers.widgets import look
    for name in ("judge_number", "judge_function", "right", "wrong", "Exercise", "TIME_LIMIT"):
        assert hasattr(core, name), name
    assert core.TIME_LIMIT == 2.0  # "a time limit of 2 s"
    assert "def _verdict" in (ROOT / "helpers/exercises/core.py").read_text()
    for name in ("float_slider", "log_slider", "int_slider", "figure", "line_mark", "dots_mark",
                 "path_marks"):
        assert hasattr(look, name), name
    from helpers.exercises import lecture02, lecture06
    assert "_verdict" in vars(lecture02.ValueExercise) and "check" not in vars(
        lecture02.ValueExercise)
    assert "_verdict" in vars(lecture06.GradExercise) and "check" not in vars(
        lecture06.GradExercise)


def test_local_links_and_anchors_resolve():
    slugs = {slug(h) for h in re.findall(r"^#+ (.*)$", GUIDE, re.M)}
    for target in re.findall(r"\]\(([^)\s]+)\)", GUIDE):
        if target.startswith("http"):
            continue
        path, _, anchor = target.partition("#")
        if path:
            assert (ROOT / path).exists(), target
            if anchor:
                text = (ROOT / path).read_text(encoding="utf-8")
                assert anchor in {slug(h) for h in re.findall(r"^#+ (.*)$", text, re.M)}, target
        else:
            assert anchor in slugs, target
    assert "[INSTRUCTORS.md](INSTRUCTORS.md)" in readme_section("For instructors")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_the_projector_line_works_in_every_lecture_that_draws():
    assert 'plots.style.use("projector")' in GUIDE
    from helpers import plots
    plots.style.use("projector")
    try:
        assert plots.style.current() == "projector"
    finally:
        plots.style.use("default")
    # "Lectures 01 to 06 import `plots` in their first code cell"
    for number in ("01", "02", "03", "04", "05", "06"):
        cells = json.loads(LECTURES[number].read_text(encoding="utf-8"))["cells"]
        first = next("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        assert re.search(r"^from helpers import .*\bplots\b", first, re.M), number


def test_the_sections_to_leave_out_and_the_session_breaks_exist():
    table = GUIDE.split("**What to leave out in class.**", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (all|\d\d) \| (.*) \|$", table, re.M)
    assert rows
    for lecture, text in rows:
        numbers = [n for n in LECTURES if n != "00"] if lecture == "all" else [lecture]
        titles = re.findall(r'"([^"]+)"', text)
        for number in numbers:
            found = headings(LECTURES[number])
            for title in titles:
                if title == "things to try":
                    continue
                assert any(title in heading for heading in found), (number, title)
    # "Lectures 03 and 04 ... Each has a heading "Second session" ... before section 6"
    for number, title in (("03", "kinks"), ("04", "the batch-size explorer")):
        found = headings(LECTURES[number])
        second = next(i for i, h in enumerate(found) if h.startswith("Second session"))
        following = next(h for h in found[second + 1:] if re.match(r"\d+\. ", h))
        assert following.startswith("6. "), (number, following)
        assert title in GUIDE


def server_settings() -> dict:
    """The settings binder/jupyter_server_config.py makes: {"Class.name": value}."""
    tree = ast.parse((ROOT / "binder" / "jupyter_server_config.py").read_text())
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Attribute):
            target = node.targets[0]
            found[f"{target.value.attr}.{target.attr}"] = ast.literal_eval(node.value)
    return found


def test_the_server_settings_are_the_binder_ones():
    settings = server_settings()
    assert settings == {
        "MappingKernelManager.cull_idle_timeout": 600,
        "MappingKernelManager.cull_interval": 60,
        "MappingKernelManager.cull_connected": False,
        "MappingKernelManager.cull_busy": False,
        "ServerApp.kernel_websocket_connection_class": CONNECTION_CLASS,
    }
    # the hub's copy of them, in the guide's config.yaml, says the same
    copied = dict(re.findall(r"^ +c\.(\S+) = (\S+)$", GUIDE, re.M))
    assert {name: ast.literal_eval(value) for name, value in copied.items()} == settings
    flat = " ".join(GUIDE.split())
    assert "600 s is shut down (`cull_idle_timeout`), checked every 60 s (`cull_interval`)" in flat


def test_the_image_has_the_hub_program_and_repo2docker_the_options_used():
    # found without importing it (repo2docker's logging module warns when imported)
    [package] = importlib.util.find_spec("repo2docker").submodule_search_locations
    lock = Path(package, "buildpacks", "conda", "environment.py-3.11-linux-64.lock").read_text()
    assert "/jupyterhub-singleuser-5.4." in lock  # "version 5.4"
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    helped = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter-repo2docker")), "--help"],
        capture_output=True, text=True, timeout=120,
    ).stdout
    for option in ("--no-run", "--push", "--target-repo-dir", "--image-name"):
        assert option in helped and option in GUIDE, option


def test_the_jupyterlab_menu_items_named_exist():
    import jupyterlab
    bundle = "".join(
        path.read_text(encoding="utf-8", errors="ignore")
        for path in (Path(jupyterlab.__file__).parent / "static").glob("*.js")
    )
    for item in ("Presentation Mode", "Simple Interface", "Fullscreen Mode",
                 "Run All Above Selected Cell", "Run All Cells"):
        assert item in GUIDE and f'"{item}"' in bundle, item
