"""Binder: its packages install on repo2docker's base environment without a conflict, they hold
everything the lectures import, and postBuild leaves kernel-culling settings where the server
reads them.

The resolver tests ask the package index through pip. Where it cannot be reached they skip and
say so, except on CI (CI=true), where they must run and so fail instead.
"""

import ast
import importlib.metadata
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from helpers.server import CONNECTION_CLASS

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)$")

# The Jupyter packages of repo2docker's base environment, by their conda name in its lock file,
# with the name pip knows them by. These are the ones whose requirements can clash with ours.
BASE_JUPYTER = {
    "jupyterlab": "jupyterlab",
    "notebook": "notebook",
    "notebook-shim": "notebook-shim",
    "jupyter_server": "jupyter-server",
    "jupyter_server_terminals": "jupyter-server-terminals",
    "jupyterlab_server": "jupyterlab-server",
    "jupyter-lsp": "jupyter-lsp",
    "jupyter-resource-usage": "jupyter-resource-usage",
    "jupyter-offlinenotebook": "jupyter-offlinenotebook",
    "jupyterhub-base": "jupyterhub",
    "ipykernel": "ipykernel",
    "ipython": "ipython",
    "ipywidgets": "ipywidgets",
    "widgetsnbextension": "widgetsnbextension",
    "jupyterlab_widgets": "jupyterlab-widgets",
    "jupyter_client": "jupyter-client",
    "jupyter_core": "jupyter-core",
    "jupyter_events": "jupyter-events",
    "nbconvert-core": "nbconvert",
    "nbformat": "nbformat",
    "nbclient": "nbclient",
    "traitlets": "traitlets",
    "tornado": "tornado",
    "psutil": "psutil",
}
# pip's words when it could not reach an index (pip prints them at -vv)
UNREACHABLE = re.compile(
    r"Could not fetch URL \S+: (connection error|.*timed out|.*SSLError)"
    r"|NewConnectionError|Max retries exceeded|Temporary failure in name resolution"
    r"|Network is unreachable"
)


def binder_pins() -> dict:
    """binder/requirements.txt as {pip name: version}, without torch: its CPU wheel index is not
    reachable from every machine, and torch requires nothing of Jupyter's."""
    found = {}
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "--")):
            continue
        match = PIN.match(line)
        assert match, f"binder/requirements.txt: not an exact pin: {line!r}"
        found[canonicalize_name(match.group(1))] = match.group(2)
    del found["torch"]
    return found


def base_environment() -> dict:
    """The Jupyter packages of the base environment repo2docker builds Binder's image on, for
    binder/runtime.txt's Python, as {pip name: version}, read from the lock file it ships."""
    python = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    lock = (
        Path(importlib.util.find_spec("repo2docker").origin).parent
        / "buildpacks"
        / "conda"
        / f"environment.py-{python}-linux-64.lock"
    )
    found = {}
    for line in lock.read_text().splitlines():
        # .../noarch/notebook-7.4.7-pyhd8ed1ab_0.conda#8265e2...: name-version-build
        match = re.search(r"/([^/]+)-([^-/]+)-([^-/]+)\.(?:conda|tar\.bz2)(?:#\w+)?$", line)
        if match and match.group(1) in BASE_JUPYTER:
            found[BASE_JUPYTER[match.group(1)]] = match.group(2)
    missing = set(BASE_JUPYTER.values()) - set(found)
    assert not missing, f"{lock.name} no longer holds {sorted(missing)}: update BASE_JUPYTER"
    return found


def pip_resolve(requirements: list, workdir: Path) -> tuple:
    """Run pip's resolver on `requirements` as if nothing were installed; install nothing.
    Returns (True, pip's report) or (False, pip's messages). Skips, or fails on CI, when the
    package index cannot be reached."""
    workdir.mkdir(parents=True, exist_ok=True)
    listing = workdir / "requirements.txt"
    listing.write_text("\n".join(requirements) + "\n")
    report = workdir / "report.json"
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed"]
    command += ["--disable-pip-version-check", "--retries", "0", "--timeout", "15"]
    command += ["--report", str(report), "-r", str(listing)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if run.returncode == 0:
        return True, json.loads(report.read_text())
    messages = run.stdout + run.stderr
    if "ResolutionImpossible" in messages:
        return False, messages
    # pip names network trouble only in its debug output: ask again to find out
    verbose = subprocess.run(command + ["-vv"], capture_output=True, text=True, timeout=600)
    trouble = UNREACHABLE.search(verbose.stdout + verbose.stderr)
    if trouble:
        reason = f"the package index cannot be reached ({trouble.group(0)[:200]})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; on CI (CI=true) this test must run")
        pytest.skip(reason)
    return False, messages


def requirements_of(item: dict) -> list:
    """The requirements a package in pip's report brings along (no extras asked for)."""
    found = []
    for text in item["metadata"].get("requires_dist", []):
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            found.append(canonicalize_name(requirement.name))
    return found


def dependency_closure(report: dict, roots) -> set:
    """Every package that pip must look at to install `roots`, per its report."""
    requires = {
        canonicalize_name(item["metadata"]["name"]): requirements_of(item)
        for item in report["install"]
    }
    seen, todo = set(), [canonicalize_name(name) for name in roots]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(requires.get(name, []))
    return seen


def binder_on_base(pins: dict, base: dict, closure: set) -> list:
    """What pip faces on Binder: `pip install -r binder/requirements.txt` in the base environment.
    Our pins replace the base's versions; a base package that our packages depend on is kept or
    upgraded (never downgraded); one that nothing of ours depends on is left exactly as it is,
    and pip never checks it again, so its own requirements must still hold afterwards."""
    lines = [f"{name}=={version}" for name, version in pins.items()]
    for name, version in base.items():
        if name in pins:
            continue
        lines.append(f"{name}>={version}" if name in closure else f"{name}=={version}")
    return lines


@pytest.fixture(scope="module")
def binder_alone(tmp_path_factory):
    """pip's report for Binder's pins alone: the packages they pull in."""
    ok, report = pip_resolve(
        [f"{name}=={version}" for name, version in binder_pins().items()],
        tmp_path_factory.mktemp("binder-alone"),
    )
    assert ok, f"Binder's pins do not install even on their own:\n{report[-4000:]}"
    return report


def test_base_environment_is_read_from_repo2docker():
    base = base_environment()
    assert Version(base["jupyterlab"]).major == 4 and Version(base["notebook"]).major == 7


def test_binder_installs_on_repo2docker_base_without_conflict(binder_alone, tmp_path):
    pins = binder_pins()
    base = base_environment()
    closure = dependency_closure(binder_alone, pins)
    ok, report = pip_resolve(binder_on_base(pins, base, closure), tmp_path)
    assert ok, (
        "pip reports a conflict between binder/requirements.txt and the Jupyter packages of "
        f"repo2docker's base environment {base}:\n{report[-4000:]}"
    )
    chosen = {
        canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
        for item in report["install"]
    }
    for name, version in pins.items():
        assert chosen[name] == version, name


def test_the_check_catches_the_conflict_binder_had(binder_alone, tmp_path):
    """Without our notebook pin, the base environment's Notebook stays and its JupyterLab range
    clashes with our JupyterLab: the same check must say so (the bug of issue 13)."""
    pins = binder_pins()
    base = base_environment()
    if Version(base["notebook"]).release[:2] == Version(pins["notebook"]).release[:2]:
        pytest.skip(f"repo2docker's base environment now ships notebook {base['notebook']}")
    without_notebook = {name: version for name, version in pins.items() if name != "notebook"}
    closure = dependency_closure(binder_alone, without_notebook)
    assert "notebook" not in closure
    ok, messages = pip_resolve(binder_on_base(without_notebook, base, closure), tmp_path)
    assert not ok
    assert f"notebook {base['notebook']} depends on jupyterlab" in messages, messages[-3000:]


def test_make_test_venv_has_no_broken_requirements_and_holds_the_pins():
    run = subprocess.run(
        [sys.executable, "-m", "pip", "check", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            installed = Version(importlib.metadata.version(match.group(1)))
            # a local build label (torch's "+cpu") is the same release
            assert installed.public == match.group(2), (match.group(1), str(installed))


def third_party_imports() -> set:
    """Top-level modules that helpers/ and the lecture notebooks import, stdlib aside."""
    sources = [path.read_text() for path in (ROOT / "helpers").rglob("*.py")]
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        for cell in json.loads(notebook.read_text())["cells"]:
            if cell["cell_type"] == "code":
                code = "".join(cell["source"])
                # IPython's magics and shell escapes are not Python
                sources.append(re.sub(r"(?m)^\s*[%!].*$", "", code))
    found = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:  # a cell in the middle of an edit: read its import lines
            found.update(re.findall(r"(?m)^\s*(?:from|import)\s+([A-Za-z_]\w*)", source))
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"helpers", "__future__"}


def test_binder_holds_everything_the_lectures_import():
    """Binder leaves the test tools out; each module the lectures import at run time must
    still come with a package Binder pins, or with one of their dependencies."""
    pins = dict(binder_pins(), torch="")
    installed = {}
    for name in pins:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            try:
                requires = importlib.metadata.requires(current) or []
            except importlib.metadata.PackageNotFoundError:
                continue  # not installed here: pip check (the test above) says so
            for text in requires:
                requirement = Requirement(text)
                if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                    todo.append(canonicalize_name(requirement.name))
        installed.update(dict.fromkeys(seen, name))
    modules = third_party_imports()
    assert {"numpy", "matplotlib", "torch", "psutil"} <= modules
    providers = importlib.metadata.packages_distributions()
    for module in sorted(modules):
        distributions = {canonicalize_name(d) for d in providers.get(module, [])}
        assert distributions & set(installed), f"{module} ({distributions}) is not on Binder"


def post_build_env(tmp_path: Path) -> dict:
    """A fresh HOME, with a `python` first on PATH that records pip's call and otherwise runs
    the test's Python; the venv's `jupyter` next."""
    home = tmp_path / "home"
    stub_bin = tmp_path / "bin"
    home.mkdir()
    stub_bin.mkdir()
    stub = stub_bin / "python"
    stub.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then\n'
        f'  echo "$*" >> "{tmp_path / "pip-calls.txt"}"\n'
        "  exit 0\n"
        "fi\n"
        f'exec "{sys.executable}" "$@"\n'
    )
    stub.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if not key.startswith("JUPYTER")}
    env["HOME"] = str(home)
    env["PATH"] = os.pathsep.join([str(stub_bin), str(Path(sys.executable).parent), env["PATH"]])
    env["JUPYTERLAB_DIR"] = str(tmp_path / "lab")  # JupyterLab's application directory
    return env


# Reads the server's configuration as `jupyter server` does at start, then builds the kernel
# manager class the server uses, so traitlets applies every config file on the search path.
LOAD_AS_THE_SERVER_DOES = """
import json
from jupyter_server.serverapp import ServerApp
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
app = ServerApp()
app.load_config_file()
manager = AsyncMappingKernelManager(parent=app, log=app.log)
print(json.dumps({
    "loaded": app.loaded_config_files,
    "culling": {name: getattr(manager, name) for name in
                ("cull_idle_timeout", "cull_interval", "cull_connected", "cull_busy")},
    "connection": app.kernel_websocket_connection_class.__module__ + "."
                  + app.kernel_websocket_connection_class.__name__,
}))
"""


def test_post_build_installs_kernel_culling_where_the_server_reads_it(tmp_path):
    env = post_build_env(tmp_path)
    home = Path(env["HOME"])
    run = subprocess.run(
        [str(BINDER / "postBuild")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "pip-calls.txt").read_text() == "-m pip install --no-deps -e .\n"

    config_dir = subprocess.run(
        ["jupyter", "--config-dir"], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert Path(config_dir) == home / ".jupyter"
    written = Path(config_dir) / "jupyter_server_config.py"
    assert written.read_text() == (BINDER / "jupyter_server_config.py").read_text()
    # JupyterLab's settings for the course, where JupyterLab reads them (its application folder)
    lab_settings = Path(env["JUPYTERLAB_DIR"]) / "settings" / "overrides.json"
    assert lab_settings.read_text() == (BINDER / "overrides.json").read_text()

    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_AS_THE_SERVER_DOES],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    server = json.loads(loaded.stdout.strip().splitlines()[-1])
    assert str(written) in server["loaded"]
    assert server["culling"] == {
        "cull_idle_timeout": 600,
        "cull_interval": 60,
        "cull_connected": False,
        "cull_busy": False,
    }
    assert server["connection"] == CONNECTION_CLASS  # kernel messages sent as they come

    # the README's memory note says the same
    readme = " ".join((ROOT / "README.md").read_text().split())
    minutes = server["culling"]["cull_idle_timeout"] // 60
    assert server["culling"]["cull_interval"] == 60
    assert f"has run nothing for {minutes} minutes (checked once a minute;" in readme

    # a second build finds its own file and goes on; someone else's file stays untouched
    again = subprocess.run([str(BINDER / "postBuild")], cwd=ROOT, env=env, capture_output=True)
    assert again.returncode == 0
    written.write_text("c.ServerApp.port = 9999\n")
    refused = subprocess.run(
        [str(BINDER / "postBuild")], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert refused.returncode != 0 and "not replacing" in refused.stderr
    assert written.read_text() == "c.ServerApp.port = 9999\n"
