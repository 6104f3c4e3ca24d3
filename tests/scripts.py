"""The project's scripts (book/build.py, tools/*.py) as modules for the tests: they live in
folders of tools, not in a package, so they are loaded from their files (once each)."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_script(relative: str, name: str):
    """The script at ``ROOT / relative`` as the module ``name`` (registered in ``sys.modules``,
    which dataclasses in the script need)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / relative)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
