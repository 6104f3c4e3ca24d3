"""A figure's one-sentence description reaches the notebook as the image's alt text."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.core.pylabtools import select_figure_formats  # noqa: E402

from helpers.plots import describe, description, descriptions  # noqa: E402


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    select_figure_formats(shell, {"png"})  # what %matplotlib inline sets up
    yield shell
    InteractiveShell.clear_instance()


def test_a_described_figure_is_shown_as_an_image_with_its_sentence(shell):
    assert descriptions.install(shell)
    fig, _ = plt.subplots()
    describe(fig, 'Descent "settles" at x < 1 & stays')
    data, _ = shell.display_formatter.format(fig)
    assert "image/png" not in data
    assert data["text/html"].startswith('<img src="data:image/png;base64,iVBOR')
    assert data["text/html"].endswith('alt="Descent &quot;settles&quot; at x &lt; 1 &amp; stays.">')
    assert data["text/plain"] == 'Figure: Descent "settles" at x < 1 & stays.'
    plt.close(fig)


def test_a_figure_without_a_description_is_shown_as_before(shell):
    descriptions.install(shell)
    descriptions.install(shell)  # twice (before every cell) wraps the formatter once
    fig, _ = plt.subplots()
    data, _ = shell.display_formatter.format(fig)
    assert set(data) == {"image/png", "text/plain"} and data["text/plain"].startswith("<Figure")
    plt.close(fig)


def test_install_after_matplotlib_inline_resets_the_formatters(shell):
    descriptions.install(shell)
    select_figure_formats(shell, {"png"})  # a student runs %matplotlib inline again
    shell.events.trigger("pre_run_cell", None)
    fig, _ = plt.subplots()
    describe(fig, "A run")
    assert "text/html" in shell.display_formatter.format(fig)[0]
    plt.close(fig)


def test_without_ipython_or_inline_backend_nothing_is_installed():
    assert descriptions.install() is False  # no IPython running the tests
    shell = InteractiveShell.instance()
    try:
        for formatter in shell.display_formatter.formatters.values():
            formatter.pop(plt.Figure, None)
        assert descriptions.install(shell) is False
    finally:
        InteractiveShell.clear_instance()


def test_describe_refuses_what_is_not_a_sentence():
    fig, _ = plt.subplots()
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        describe("figure", "a sentence")
    with pytest.raises(TypeError, match="sentence must be a non-empty str"):
        describe(fig, None)
    with pytest.raises(ValueError, match="sentence must be 1 to 400 characters, got 401"):
        describe(fig, "x" * 401)
    with pytest.raises(ValueError, match="sentence must be 1 to 400 characters, got 0"):
        describe(fig, "   ")
    describe(fig, "first")
    describe(fig, "  the  whole\nfigure ")  # an outer builder describes the whole: last wins
    assert description(fig) == "the whole figure."
    plt.close(fig)


def test_fitting_prefers_detail_within_the_aim_then_the_limit_then_cuts():
    short, medium = "a" * 200, "b" * 280
    assert descriptions.fitting("c" * 400, medium, short) == short
    assert descriptions.fitting("c" * 400, medium) == medium
    assert descriptions.fitting("c" * 400, medium, summary=short) == medium
    assert descriptions.fitting("c" * 400, summary=short) == short
    assert descriptions.fitting("c" * 400, medium, short, aim=False) == medium


def test_fitting_counts_the_full_stop_describe_adds():
    at_limit = "x" * descriptions.LIMIT
    assert descriptions.fitting(at_limit[:-1], aim=False) == at_limit[:-1]  # 299 + "." = 300
    assert descriptions.fitting(at_limit, "short") == "short"
    assert descriptions.fitting(at_limit[:-1] + ".", "short", aim=False) == at_limit[:-1] + "."
    fig = plt.figure()
    describe(fig, descriptions.fitting("word " * 80))
    assert len(description(fig)) <= descriptions.LIMIT
    plt.close(fig)
    assert descriptions.listed([]) == "" and descriptions.listed(["a", "b"]) == "a and b"
    assert descriptions.listed("abc") == "a, b and c"
