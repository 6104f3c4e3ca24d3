"""Fixtures of the browser tests: one JupyterLab server and one headless Chromium per session.

Without Chromium the browser tests skip with the reason, except in CI (``CI=true``), where a
missing browser fails them: CI installs it (.ci/run) and must run them.
"""

import os

import lab
import pytest


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = lab.chromium()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{lab.MISSING_CHROMIUM} (CI=true, where the browser tests must run)")
        pytest.skip(lab.MISSING_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def lab_server(chromium_path, tmp_path_factory):
    """JupyterLab over a temporary copy of the notebooks (token auth, free loopback port)."""
    with lab.LabServer(lab.notebooks_dir(), tmp_path_factory.mktemp("jupyterlab")) as server:
        yield server


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = lab.launch_browser(playwright, chromium_path)
        yield browser
        browser.close()
