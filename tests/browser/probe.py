"""Kernel-side half of the browser harness: runs inside a notebook's kernel.

The browser tests import this file into the kernel (as the module ``gd_browser_probe``, so the
notebook's namespace stays untouched) and call its functions through ``LabNotebook.probe``;
every function returns plain JSON-able data. It finds the live explorers
(``Explorer.live``), describes their sliders, picks slider values that change what an explorer
shows, and checks an explorer after a move: the control holds the value typed in the browser, and
the label is the one the solver gives for the controls' values. That last check rebuilds the
explorer from scratch with the same control values (a fresh instance, never displayed) and
compares labels, so every explorer is covered without code written for it. An explorer whose
label also depends on something other than its controls (a click that started a descent, say)
falls back to checking that ``update()`` leaves its label unchanged.
"""

from __future__ import annotations

import gc
import inspect
import math

import comm
import ipywidgets as widgets
from ipywidgets.widgets import widget as widget_module

from helpers.widgets import look
from helpers.widgets.base import Explorer

FRACTIONS = (0.75, 0.25, 0.5, 1.0, 0.0, 0.9, 0.1)


def _kind(control) -> str | None:
    if isinstance(control, widgets.FloatLogSlider):
        return "log"
    if isinstance(control, widgets.IntSlider):
        return "int"
    if isinstance(control, widgets.FloatSlider):
        return "float"
    return None


def _is_slider(control) -> bool:
    """Anything drawn as a slider, including kinds the harness does not know how to drive."""
    return any("Slider" in cls.__name__ for cls in type(control).__mro__)


def _figure_kind(figure) -> str:
    """'3d' when the figure holds a matplotlib 3-D axes, else '2d'."""
    stack = [figure]
    while stack:
        item = stack.pop()
        mpl_figure = getattr(item, "figure", None)
        if (
            type(item).__module__.startswith("ipympl")
            and mpl_figure is not None
            and any(getattr(ax, "name", "") == "3d" for ax in mpl_figure.axes)
        ):
            return "3d"
        stack.extend(getattr(item, "children", ()))
    return "2d"


def _renderer(figure) -> str:
    stack, kinds = [figure], set()
    while stack:
        item = stack.pop()
        module = type(item).__module__
        if module.startswith("bqplot"):
            kinds.add("bqplot")
        elif module.startswith("ipympl"):
            kinds.add("ipympl")
        stack.extend(getattr(item, "children", ()))
    return "+".join(sorted(kinds)) or type(figure).__name__


def _slider(name: str, control) -> dict:
    kind = _kind(control)
    row = {
        "name": name,
        "description": control.description,
        "kind": kind,
        "type": type(control).__name__,
        "value": control.value,
    }
    if kind is not None:
        row.update(
            min=control.min,
            max=control.max,
            step=control.step,
            base=getattr(control, "base", None),
            readout_format=getattr(control, "readout_format", None),
        )
    return row


def explorers() -> list[dict]:
    """Every live explorer: its sliders, where its figure sits, what its label says."""
    gc.collect()
    rows = []
    for model_id, explorer in list(Explorer.live.items()):
        if explorer.comm is None or isinstance(explorer.comm, comm.DummyComm):
            continue
        children = list(explorer.children)
        rows.append(
            {
                "model_id": model_id,
                "class": type(explorer).__name__,
                "module": type(explorer).__module__,
                "figure_index": children.index(explorer.view)
                if explorer.view in children
                else None,
                "figure_kind": _figure_kind(explorer.view),
                "renderer": _renderer(explorer.view),
                "sliders": [
                    _slider(name, c) for name, c in explorer.controls.items() if _is_slider(c)
                ],
                "label_html": explorer.label.value,
            }
        )
    return rows


def _explorer(model_id: str) -> Explorer:
    explorer = Explorer.live.get(model_id)
    if explorer is None:
        raise KeyError(f"no live explorer with model id {model_id}")
    return explorer


def _to_value(control, position: float):
    kind = _kind(control)
    if kind == "log":
        return float(control.base**position)
    if kind == "int":
        return round(position)
    return float(position)


def _text(control, value) -> str:
    """How a student would type the value into the readout."""
    return str(int(value)) if _kind(control) == "int" else format(value, ".6g")


def parse(control, text: str):
    return int(text) if _kind(control) == "int" else float(text)


def _snap(control, value):
    """Where the slider puts a typed value: on its step grid (counted from its minimum); a log
    slider's kernel then keeps the shortest number within half a step (look.kept_value)."""
    position = math.log(value, control.base) if _kind(control) == "log" else value
    steps = round((position - control.min) / control.step)
    on_grid = _to_value(
        control, min(control.max, max(control.min, control.min + steps * control.step))
    )
    return look.kept_value(control, on_grid) if _kind(control) == "log" else on_grid


def settled_value(model_id: str, name: str, text: str):
    """The value a slider holds once ``text`` typed into its readout has settled: the slider
    moves a typed number onto its step grid and sends that value too."""
    control = _explorer(model_id).controls[name]
    return _snap(control, parse(control, text))


def candidate_texts(control) -> list[str]:
    """Values spread over the slider's range, on its step grid, other than the current one."""
    texts = []
    for fraction in FRACTIONS:
        steps = round(fraction * (control.max - control.min) / control.step)
        position = min(control.max, control.min + steps * control.step)
        text = _text(control, _to_value(control, position))
        if text not in texts and not math.isclose(
            parse(control, text), control.value, rel_tol=1e-9
        ):
            texts.append(text)
    return texts


def _drawn_arrays(figure) -> list:
    """The coordinates a figure draws, as (axis, array) pairs in a fixed order: x and y of every
    bqplot mark, x and y of every matplotlib line and collection (axis: which figure, x or y)."""
    import numpy as np

    arrays, stack = [], [figure]
    while stack:
        item = stack.pop(0)
        for mark in getattr(item, "marks", ()):
            for axis in ("x", "y"):
                arrays.append(((id(item), axis), np.asarray(getattr(mark, axis, []), dtype=float)))
        mpl_figure = getattr(item, "figure", None)
        if type(item).__module__.startswith("ipympl") and mpl_figure is not None:
            for ax in mpl_figure.axes:
                points = [line.get_xydata() for line in ax.lines] + [
                    c.get_offsets() for c in ax.collections
                ]
                for xy in points:
                    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
                    arrays += [((id(ax), "x"), xy[:, 0]), ((id(ax), "y"), xy[:, 1])]
        stack.extend(getattr(item, "children", ()))
    return arrays


def _visible_change(before: list, after: list) -> float:
    """How far the drawing moves, as a fraction of the extent of everything drawn along that
    axis: the largest shift of a point (or, where the number of points changed, of the last
    point)."""
    import numpy as np

    extent = {}
    for axis, values in before:
        finite = values[np.isfinite(values)]
        if finite.size:
            low, high = extent.get(axis, (finite.min(), finite.max()))
            extent[axis] = (min(low, finite.min()), max(high, finite.max()))
    score = 0.0
    for (axis, a), (_, b) in zip(before, after, strict=False):
        low, high = extent.get(axis, (0.0, 1.0))
        span = float(high - low) or 1.0
        if a.shape == b.shape:
            shift = float(np.nan_to_num(np.abs(a - b), nan=span).max(initial=0.0))
        elif a.size and b.size:
            shift = float(np.nan_to_num(abs(a.reshape(-1)[-1] - b.reshape(-1)[-1]), nan=span))
        else:
            shift = span
        score = max(score, min(shift, span) / span)
    return score


def _fresh(explorer: Explorer, overrides: dict, measure) -> object | None:
    """``measure(fresh)`` of a new explorer of the same class with these control values, or None
    when the class cannot be rebuilt from its controls.

    The new explorer's widgets get comms that send nothing (``comm.DummyComm``), so the page
    never hears of them, and they are closed afterwards."""
    values = {name: c.value for name, c in explorer.controls.items()}
    values.update(overrides)
    params = inspect.signature(type(explorer)).parameters
    kwargs = {name: value for name, value in values.items() if name in params}
    before = set(widget_module._instances)
    real_create_comm = comm.create_comm
    comm.create_comm = comm.DummyComm
    try:
        fresh = type(explorer)(**kwargs)
        rest = {name: value for name, value in values.items() if name not in kwargs}
        if rest:
            with fresh.hold_updates():
                for name, value in rest.items():
                    fresh.controls[name].value = value
        return measure(fresh)
    except (TypeError, ValueError, KeyError):  # needs more than its controls to be built
        return None
    finally:
        for key in set(widget_module._instances) - before:
            widget_module._instances[key].close()
        comm.create_comm = real_create_comm
        gc.collect()


def _fresh_label(explorer: Explorer, overrides: dict) -> str | None:
    return _fresh(explorer, overrides, lambda fresh: fresh.label.value)


def rebuildable(model_id: str) -> bool:
    """Whether a fresh explorer with the same control values shows the same label."""
    explorer = _explorer(model_id)
    return _fresh_label(explorer, {}) == explorer.label.value


def choices(model_id: str, name: str) -> list[str]:
    """Values to type into a slider, as text, the most promising first: when the explorer is
    rebuildable, ordered by how far they move what is drawn, then whether they change the label."""
    explorer = _explorer(model_id)
    control = explorer.controls[name]
    texts = candidate_texts(control)
    if not texts or not rebuildable(model_id):
        return texts
    drawn = _drawn_arrays(explorer.view)
    scored = []
    for order, text in enumerate(texts):
        seen = _fresh(
            explorer,
            {name: parse(control, text)},
            lambda fresh: (fresh.label.value, _drawn_arrays(fresh.view)),
        )
        if seen is None:
            return texts
        label, arrays = seen
        scored.append((-_visible_change(drawn, arrays), label == explorer.label.value, order, text))
    return [text for *_, text in sorted(scored)]


def state(model_id: str) -> dict:
    """The values of the explorer's sliders and its label, as the kernel holds them now."""
    explorer = _explorer(model_id)
    return {
        "values": {name: c.value for name, c in explorer.controls.items() if _is_slider(c)},
        "label_html": explorer.label.value,
    }


def dots(model_id: str) -> list[dict]:
    """The lines the explorer shows dotted now, as it tells the page (``Access.dots``), each
    with the colour and the radius (px) its dots have."""
    return [
        {"colour": entry["colour"].lower(), "radius": round(math.sqrt(entry["size"] / math.pi), 2)}
        for entry in _explorer(model_id).access.dots
    ]


def restore(model_id: str, values: dict) -> dict:
    """Put sliders back to earlier values (one update), so each slider is tried from the state
    the notebook left the explorer in."""
    explorer = _explorer(model_id)
    with explorer.hold_updates():
        for name, value in values.items():
            explorer.controls[name].value = value
    return state(model_id)


def check(model_id: str, rebuild: bool) -> dict:
    """After a move: is the label the one the solver gives for the current control values?

    With ``rebuild`` a fresh explorer built from the control values must show the same label;
    otherwise calling ``update()`` again must leave the label as it is.
    """
    explorer = _explorer(model_id)
    label = explorer.label.value
    if rebuild:
        expected = _fresh_label(explorer, {})
        how = "a fresh explorer with the same control values"
    else:
        explorer.update()
        expected = explorer.label.value
        how = "update() called again"
    return {
        "label_html": label,
        "expected_html": expected,
        "how": how,
        "values": {name: c.value for name, c in explorer.controls.items() if _is_slider(c)},
    }


def keyboard_expectation(model_id: str, name: str, key: str):
    """Where one press of ArrowRight/ArrowLeft on the slider's handle moves its value."""
    control = _explorer(model_id).controls[name]
    sign = 1 if key == "ArrowRight" else -1
    if _kind(control) == "log":
        return _snap(
            control, control.base ** (math.log(control.value, control.base) + sign * control.step)
        )
    return _snap(control, control.value + sign * control.step)


def choice_controls(model_id: str) -> dict:
    """The explorer's controls that choose among options (a function, say): name -> its
    options, the one chosen now last."""
    explorer = _explorer(model_id)
    return {
        name: [str(o) for o in control.options if o != control.value] + [str(control.value)]
        for name, control in explorer.controls.items()
        if isinstance(control, widgets.ToggleButtons)
    }


def after_choice(model_id: str, name: str, option: str) -> dict | None:
    """The slider values a fresh explorer with the same control values holds after the same
    choice is made in the kernel alone (None when the class cannot be rebuilt)."""
    explorer = _explorer(model_id)

    def choose(fresh):
        fresh.controls[name].value = option
        return {n: c.value for n, c in fresh.controls.items() if _is_slider(c)}

    return _fresh(explorer, {}, choose)


def value(model_id: str, name: str):
    """The value one control holds now, as text."""
    return str(_explorer(model_id).controls[name].value)
