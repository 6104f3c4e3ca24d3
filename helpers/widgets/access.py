"""What an explorer adds in the page: what a screen reader and a keyboard need, and its dots.

ipywidgets has no setting for a slider's accessible name, its spoken value or a live region, so
each explorer carries one ``Access`` widget: an ``anywidget`` whose small front-end module
(``access.js``, shipped as text, no build step) finds the explorer around it and

* names every slider handle by its visible label and gives it ``aria-valuetext`` equal to the
  readout on screen (not a log slider's exponent, not float noise), kept in step as it moves;
* makes toggle buttons a named group whose buttons say ``aria-pressed``, and names dropdowns;
* makes the result label a polite live region (``role="status"``), so each move is announced
  with its numbers;
* gives every figure ``role="img"`` with an SVG ``<title>`` and ``<desc>`` (a canvas gets an
  ``aria-label``) from :attr:`Access.descriptions`, which the explorer sets with each run;
* draws the dots of a path (:class:`look.DottedLines`, listed in :attr:`Access.dots`) as an
  SVG marker on every vertex of its line;
* lets Tab leave a matplotlib canvas (ipympl keeps every key for matplotlib otherwise) and
  names the icon buttons of its toolbar by their tooltips;
* draws a clear focus ring on every control and canvas.

It works wherever the widget manager runs anywidget: JupyterLab, Binder, and the book (whose
build ships anywidget's browser bundle like every other widget module's). Figures are found by
the CSS class ``gd-figure-<index>`` that the explorer gives them.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from .. import palette
from ..speech import SCREEN_READER_ONLY

__all__ = ["Access", "FOCUS_COLOUR"]

FOCUS_COLOUR = palette.BLUE  # 5.3:1 against white: a ring that is seen (WCAG 2.4.7, 1.4.11)

# On every focus, not only the browser's guess of a keyboard focus (:focus-visible), and above
# ipywidgets' own 1 px outline on its buttons (a rule of higher specificity): the ring must
# never be missed.
_CSS = f"""
.gd-explorer .noUi-handle:focus,
.gd-explorer .widget-readout:focus,
.gd-explorer button:focus,
.gd-explorer select:focus,
.gd-explorer .jupyter-matplotlib-canvas-div:focus {{
  outline: 3px solid {FOCUS_COLOUR} !important;
  outline-offset: 2px !important;
}}
.gd-explorer .gd-clickable svg {{ cursor: crosshair; }}
.gd-explorer .{SCREEN_READER_ONLY} {{
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}}
"""


def _without_comment_lines(script: str) -> str:
    """The module as the page gets it: every notebook stores it once per explorer, so the
    lines that are only comments (for the reader of access.js) stay behind."""
    return "\n".join(line for line in script.splitlines()
                     if not line.lstrip().startswith("//")) + "\n"


_SCRIPT = _without_comment_lines(Path(__file__).with_name("access.js").read_text(encoding="utf-8"))


class Access(anywidget.AnyWidget):
    """The accessibility layer of one explorer (invisible; see the module's docstring).

    ``descriptions`` holds one text per figure of the explorer, in order: its name, a newline,
    then what it shows now. ``names`` gives the words for each control text (label or option)
    that a screen reader would read badly, by its shown text ("x₀" -> "x 0"). ``dots`` lists
    the lines that show their points as dots now: the line's widget (``line``, a model id),
    the dots' ``colour`` and ``size`` (area in px²).
    """

    _esm = _SCRIPT
    _css = _CSS
    descriptions = traitlets.List(traitlets.Unicode()).tag(sync=True)
    names = traitlets.Dict(value_trait=traitlets.Unicode()).tag(sync=True)
    dots = traitlets.List(traitlets.Dict()).tag(sync=True)
