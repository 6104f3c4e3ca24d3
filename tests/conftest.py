"""Shared pytest configuration for the whole test suite."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives a real JupyterLab in headless Chromium (tests/browser/)"
    )
