"""Every figure says what it shows, in one sentence written by the code that draws it.

A builder ends with ``describe(fig, sentence)``: the outcome, not the chart type ("descent from
1.8 settles at the local minimum x = 1 after 38 steps"), computed from the numbers it drew so it
stays true when they change. :func:`description` reads it back.

Showing it: JupyterLab's image renderer ignores an ``alt`` in an output's metadata, so a
described figure is displayed as HTML instead of a bare PNG, ``<img src="data:image/png;base64,
…" alt="sentence">`` (the same PNG bytes the inline backend makes; JupyterLab's sanitizer keeps
``img`` with ``src`` and ``alt``), and its plain-text form is the sentence instead of
``<Figure size 1000x400 with 2 Axes>``. JupyterLab, Binder and nbconvert's HTML (the book) all
show that HTML as it is, with no front-end build. A figure without a description is displayed
as before. :func:`install` sets this up in the running IPython, once on import of
:mod:`helpers.plots` and again before every cell, because ``%matplotlib inline`` resets the
figure formatters.
"""

from __future__ import annotations

import html
import weakref

from matplotlib.figure import Figure

from .. import checks
from ..speech import spoken

__all__ = ["AIM", "LIMIT", "describe", "description", "figure_html", "fitting", "install",
           "listed"]

_descriptions: weakref.WeakKeyDictionary[Figure, str] = weakref.WeakKeyDictionary()
MAX_CHARACTERS = 400  # what describe accepts at all ...
LIMIT = 300  # ... what a builder's sentence may have (a screen reader reads it in one go) ...
AIM = 250  # ... and the length it aims at
_ENDINGS = (".", "!", "?")


def describe(fig: Figure, sentence: str) -> None:
    """Give ``fig`` its one-sentence description, replacing any earlier one (an outer builder
    that drew on an inner builder's figure describes the whole)."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {checks.shown(fig)}")
    sentence = checks.text("sentence", sentence)
    sentence = " ".join(sentence.split())
    if not sentence or len(sentence) > MAX_CHARACTERS:
        raise ValueError(
            f"sentence must be 1 to {MAX_CHARACTERS} characters, got {len(sentence)}: "
            f"{sentence[:80]!r}"
        )
    _descriptions[fig] = sentence if sentence.endswith(_ENDINGS) else sentence + "."


def fitting(*sentences: str, summary: str | None = None, aim: bool = True) -> str:
    """The first of ``sentences`` (the most detailed first) of at most :data:`AIM` characters,
    else the first of at most :data:`LIMIT`, else ``summary`` (a last resort that says less,
    e.g. only how many runs converge) or the last sentence, cut short after its last clause,
    list item or word that fits, with "..." marking the cut. What is left is still true, only
    less complete. With ``aim=False`` the first sentence within :data:`LIMIT` wins (for a
    builder whose detailed sentences are worth their length). The limit counts the full stop
    :func:`describe` adds (the aim is only a preference); runs of white space become one space;
    empty sentences are skipped."""
    sentences = [" ".join(sentence.split()) for sentence in sentences if sentence]
    if aim:
        sentences = [s for s in sentences if len(s) <= AIM] + sentences
    for sentence in sentences:
        if _spoken_length(sentence) <= LIMIT:
            return sentence
    sentence = " ".join((summary or sentences[-1]).split())
    if _spoken_length(sentence) <= LIMIT:
        return sentence
    head = sentence[: LIMIT - 3]
    for mark in ("; ", ", ", " "):
        cut = head.rfind(mark)
        if cut > LIMIT // 2:
            return head[:cut] + "..."
    return head + "..."


def _spoken_length(sentence: str) -> int:
    """Characters in ``sentence`` once :func:`describe` has ended it with a full stop."""
    return len(sentence) + (not sentence.endswith(_ENDINGS))


def listed(items) -> str:
    """``""``, ``"a"``, ``"a and b"``, ``"a, b and c"``."""
    items = [str(item) for item in items]
    return " and ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " and " + items[-1]


def description(fig: Figure) -> str | None:
    """The sentence :func:`describe` gave ``fig``, or None."""
    return _descriptions.get(fig)


def figure_html(fig: Figure, png_base64: str) -> str:
    """The HTML that shows a described figure: its PNG with the description as ``alt``, in
    words a screen reader says well (:func:`helpers.speech.spoken`: no e-notation or symbols)."""
    alt = html.escape(spoken(description(fig) or ""), quote=True)
    return f'<img src="data:image/png;base64,{png_base64}" alt="{alt}">'


def _png_text(data) -> str:
    # The inline backend's "retina" formatter returns (data, metadata); "png" returns data.
    if isinstance(data, tuple):
        data = data[0]
    return data.decode("ascii") if isinstance(data, bytes) else data


def install(shell=None) -> bool:
    """Show described figures with their description in ``shell`` (the running IPython when
    not given). Returns whether the inline backend's PNG formatter was found and wrapped."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with the lecture environment
            return False
        shell = get_ipython()
    if shell is None:
        return False
    formatters = shell.display_formatter.formatters
    png = formatters["image/png"]
    current = png.type_printers.get(Figure)
    if current is None:
        return False
    if not getattr(current, "describes_figures", False):
        inner = current

        def png_unless_described(fig):
            return None if description(fig) else inner(fig)

        def html_if_described(fig):
            return figure_html(fig, _png_text(inner(fig))) if description(fig) else None

        png_unless_described.describes_figures = True
        png.for_type(Figure, png_unless_described)
        formatters["text/html"].for_type(Figure, html_if_described)
        formatters["text/plain"].for_type(Figure, _plain_text)
    if not getattr(shell, "_gd_figures_described", False):
        shell.events.register("pre_run_cell", lambda *_info: install(shell))
        shell._gd_figures_described = True
    return True


def _plain_text(fig, printer, _cycle) -> None:
    sentence = description(fig)
    if sentence is None:
        printer.text(repr(fig))
    else:
        printer.text(f"Figure: {sentence}")
