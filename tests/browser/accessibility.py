"""Accessibility checks shared by the browser tests: axe-core over the lectures' cell outputs, and
the accessibility tree of an explorer as Chromium hands it to a screen reader.

``run_axe`` injects the axe-core script bundled with ``axe-playwright-python`` into a page and
runs it on the elements a selector finds (a lecture's outputs, never the JupyterLab interface or
the book's own frame around them), for the WCAG 2.0 and 2.1 rules of levels A and AA and axe's
best-practice rules (``TAGS``).
``blocking`` keeps the violations of impact ``critical`` or ``serious`` (the tests fail on those)
and ``report`` writes violations out with the first nodes each one was found on.

``explorer_ax_nodes`` reads the accessibility tree through the Chrome DevTools Protocol: the
explorer's DOM node is found by its ``gd-model-<id>`` class, ``Accessibility.queryAXTree`` gives
every accessibility node of its subtree, and each node that is not ignored gets the control of
the page it belongs to (a slider row, a group of toggle buttons, a dropdown, the result label)
with that control's visible label and readout, so a test can hold what a screen reader says
against what the screen shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import axe_playwright_python
import pytest

from helpers.speech import spoken

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()

# WCAG 2.0 and 2.1, levels A and AA, and axe's best-practice rules. Scoped to the outputs, the
# best-practice rules that judge a whole page (region, landmarks, page-has-heading-one, bypass)
# have nothing to report on, and on every lecture, in JupyterLab and in the book, the others found
# nothing either (checked when these tests were written), so they add strictness without noise.
# A best-practice finding fails a test only when axe rates it critical or serious.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = ("critical", "serious")
NODES_SHOWN = 3
HTML_SHOWN = 200


def inject_axe(page) -> None:
    """Put axe-core into the page once (an inline script: no request leaves the page)."""
    if not page.evaluate("() => typeof window.axe === 'object' && !!window.axe.run"):
        page.add_script_tag(content=AXE_JS)


def run_axe(page, include: str, exclude: list[str] | None = None, tags=TAGS) -> dict:
    """axe-core's results for every element ``include`` (a CSS selector) finds, with their
    subtrees; ``exclude`` selectors are left out. Returns the ``violations``, the ``incomplete``
    checks (axe could not tell) and the ``testEngine`` of axe's result. Raises LookupError when
    the selector finds nothing, so a scope that matches nothing is never taken for a clean
    page."""
    found = page.evaluate("(selector) => document.querySelectorAll(selector).length", include)
    if not found:
        raise LookupError(f"no element matches {include!r}: nothing for axe to check")
    inject_axe(page)
    context = {"include": [[include]], "exclude": [[selector] for selector in exclude or []]}
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations", "incomplete"],
    }
    return page.evaluate(
        "([context, options]) => axe.run(context, options).then((r) => JSON.parse(JSON.stringify("
        "{violations: r.violations, incomplete: r.incomplete, testEngine: r.testEngine})))",
        [context, options],
    )


def blocking(violations: list[dict]) -> list[dict]:
    """The violations a test fails on: impact critical or serious."""
    return [v for v in violations if v.get("impact") in BLOCKING]


def summary(violations: list[dict]) -> list[dict]:
    """One row a violation: rule, impact, number of nodes and the first nodes' selectors and
    html (cut short), the record a report or a failure message shows."""
    rows = []
    for violation in violations:
        nodes = violation.get("nodes", [])
        rows.append(
            {
                "rule": violation["id"],
                "impact": violation.get("impact"),
                "help": violation.get("help", ""),
                "nodes": len(nodes),
                "first": [
                    {
                        "target": _target(node),
                        "html": _cut(node.get("html", "")),
                        "why": _cut(node.get("failureSummary") or _messages(node)),
                    }
                    for node in nodes[:NODES_SHOWN]
                ],
            }
        )
    return rows


def report(violations: list[dict]) -> str:
    """The violations in words: per rule its id, impact, help, node count and first nodes."""
    lines = []
    for row in summary(violations):
        lines.append(f"{row['rule']} ({row['impact']}): {row['help']} [{row['nodes']} nodes]")
        for node in row["first"]:
            lines.append(f"    {node['target']}: {node['html']}")
    return "\n".join(lines)


def _messages(node: dict) -> str:
    """What axe's checks said about a node (for an incomplete result, why it could not tell)."""
    checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
    return "; ".join(dict.fromkeys(check.get("message", "") for check in checks if check))


def _target(node: dict) -> str:
    """axe's selector of a node; a list of selectors (iframes, shadow roots) joined by ' >> '."""
    parts = []
    for part in node.get("target", []):
        parts.append(" > ".join(part) if isinstance(part, list) else str(part))
    return " >> ".join(parts)


def _cut(text: str, limit: int = HTML_SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- The accessibility tree ----------------------------------------------------------------------

# The controls of an explorer, by kind, and what the screen shows for each: its visible label and
# readout (None when it has none on screen). A control is known by its kind and its index among
# the explorer's controls of that kind.
CONTROL_KINDS = {
    "result": ".gd-result",
    "slider": ".widget-slider",
    "toggle-buttons": ".widget-toggle-buttons",
    "dropdown": ".widget-dropdown",
    "button": ".widget-button",
}
SHOWN_JS = (
    "\n  const KINDS = "
    + json.dumps(CONTROL_KINDS)
    + """;
  const normalize = (text) => (text || "").replace(/\\s+/g, " ").trim();
  const shown = (root, selector) => {
    const found = root.querySelector(selector);
    if (!found || !found.getClientRects().length) return null;
    return normalize(found.textContent);
  };
  const describe = (explorer, kind, control) => ({
    kind,
    index: [...explorer.querySelectorAll(KINDS[kind])].indexOf(control),
    label: shown(control, ".widget-label"),
    readout: shown(control, ".widget-readout"),
  });
"""
)

# Which control a DOM node belongs to; run on the node (``this``) through CDP. Text nodes ask
# from their parent element. Also the node's tag and classes.
CONTROL_OF_JS = (
    "function () {"
    + SHOWN_JS
    + """
  const element = this.nodeType === Node.ELEMENT_NODE ? this : this.parentElement;
  if (!element) return null;
  const own = { tag: element.tagName.toLowerCase(), classes: element.getAttribute("class") || "",
                valuetext_attribute: element.getAttribute("aria-valuetext") };
  const explorer = element.closest(".gd-explorer");
  for (const [kind, selector] of Object.entries(KINDS)) {
    const control = element.closest(selector);
    if (control && explorer && explorer.contains(control)) {
      return { ...describe(explorer, kind, control), ...own };
    }
  }
  return { kind: null, index: null, ...own };
}"""
)

# Every control of the explorer whose class is given, in document order of each kind.
CONTROLS_JS = (
    "(modelClass) => {"
    + SHOWN_JS
    + """
  const explorer = document.querySelector(`.gd-explorer.${modelClass}`);
  if (!explorer) return null;
  const rows = [];
  for (const [kind, selector] of Object.entries(KINDS)) {
    for (const control of explorer.querySelectorAll(selector)) {
      rows.push(describe(explorer, kind, control));
    }
  }
  return rows;
}"""
)

PROPERTIES = (
    "valuetext",
    "valuemin",
    "valuemax",
    "pressed",
    "checked",
    "selected",
    "live",
    "relevant",
    "atomic",
    "busy",
    "focusable",
    "disabled",
    "labelledby",
    "describedby",
)


def _value(entry: dict | None):
    """The plain value of a CDP AXValue (a name, a role, a property); the texts of the nodes an
    id-reference list points to."""
    if not entry:
        return None
    if entry.get("type") in ("idrefList", "nodeList", "idref", "node"):
        return [related.get("text") for related in entry.get("relatedNodes", [])]
    return entry.get("value")


def explorer_controls(page, model_id: str) -> list[dict]:
    """The explorer's controls on the page (``kind``, ``index``, the visible ``label`` and
    ``readout``), whether or not they reach the accessibility tree."""
    rows = page.evaluate(CONTROLS_JS, f"gd-model-{model_id}")
    if rows is None:
        raise LookupError(f"explorer {model_id} is not on the page")
    return rows


def explorer_ax_nodes(page, model_id: str, *, all_nodes: bool = False) -> list[dict]:
    """The accessibility-tree nodes inside one explorer (the element with class
    ``gd-model-<model_id>``), in document order, as Chromium exposes them to assistive
    technology.

    Each node has ``role``, ``name``, ``value`` (a slider's number), the properties named in
    ``PROPERTIES`` as Chromium reports them (``pressed``/``checked`` "true", "false" or "mixed";
    ``live``, ``relevant``, ``atomic``, ``focusable``, ...; None when absent), and ``control``:
    the explorer control it belongs to (``kind`` one of ``CONTROL_KINDS`` or None, its
    ``index`` among the explorer's controls of that kind, its visible ``label`` and
    ``readout``), with the node's own ``tag`` and ``classes``.

    ``valuetext``: Chromium's DevTools protocol (checked on Chromium 156) reports an empty
    ``valuetext`` for every ARIA slider whatever its ``aria-valuetext``, although Chromium hands
    that attribute to screen readers (Core-AAM). Where the protocol's is empty, ``valuetext``
    is the node's ``aria-valuetext`` attribute and ``valuetext_from`` says "attribute" (else
    "tree"; None when neither has one).

    Ignored nodes (hidden, or mere layout) are left out unless ``all_nodes``.
    """
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        selector = f".gd-explorer.gd-model-{model_id}"
        node_id = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        if not node_id:
            raise LookupError(f"no element {selector} on the page")
        backend = cdp.send("DOM.describeNode", {"nodeId": node_id})["node"]["backendNodeId"]
        # Every node of the subtree (ignored ones too), with computed names and properties.
        found = cdp.send("Accessibility.queryAXTree", {"backendNodeId": backend})["nodes"]
        rows = []
        for node in found:
            if node.get("ignored") and not all_nodes:
                continue
            properties = {p["name"]: _value(p["value"]) for p in node.get("properties", [])}
            row = {
                "role": _value(node.get("role")),
                "name": _value(node.get("name")),
                "value": _value(node.get("value")),
                "ignored": bool(node.get("ignored")),
                "backend_id": node.get("backendDOMNodeId"),
                **{name: properties.get(name) for name in PROPERTIES},
                "valuetext_from": "tree" if properties.get("valuetext") else None,
                "control": None,
            }
            if row["backend_id"] is not None:
                handle = cdp.send(
                    "DOM.resolveNode", {"backendNodeId": row["backend_id"], "objectGroup": "gd-ax"}
                )["object"]["objectId"]
                call = {
                    "objectId": handle,
                    "functionDeclaration": CONTROL_OF_JS,
                    "returnByValue": True,
                }
                row["control"] = cdp.send("Runtime.callFunctionOn", call)["result"].get("value")
                attribute = (row["control"] or {}).get("valuetext_attribute")
                if not row["valuetext"] and attribute:
                    row["valuetext"], row["valuetext_from"] = attribute, "attribute"
            rows.append(row)
        cdp.send("Runtime.releaseObjectGroup", {"objectGroup": "gd-ax"})
        return rows
    finally:
        cdp.detach()


def describe_node(row: dict) -> str:
    """One accessibility node in a line, for failure messages: what it has, without noise."""
    shown = {k: v for k, v in row.items() if v is not None and v is not False and v != ""}
    shown.pop("backend_id", None)
    return json.dumps(shown, ensure_ascii=False)


# --- What the tests hold ------------------------------------------------------------------------


def _normalize(text) -> str:
    return " ".join(str(text or "").split())


def tree_problems(controls: list[dict], nodes: list[dict]) -> list[str]:
    """What a screen reader would miss in one explorer, held against what the screen shows.

    ``controls`` from :func:`explorer_controls`, ``nodes`` from :func:`explorer_ax_nodes`.
    Every slider handle (role ``slider``) is named by the slider's visible label and its
    valuetext is the readout on screen, both in words (:func:`helpers.speech.spoken`: "x₀" as
    "x 0", "1e-06" as "1 times 10 to the minus 6"); every button of a group of toggle buttons
    says whether it is pressed (``pressed``, or a radio's ``checked``), and says so for the one
    shown as chosen; every dropdown (``combobox``) has a name; the result label is a live
    region, role ``status``, live ``polite``."""
    mine: dict[tuple, list[dict]] = {}
    for node in nodes:
        control = node["control"] or {}
        if control.get("kind"):
            mine.setdefault((control["kind"], control["index"]), []).append(node)
    problems = []
    for control in controls:
        kind, label = control["kind"], control["label"]
        where = f"{kind} {label!r}" if label else f"{kind} #{control['index'] + 1}"
        inside = mine.get((kind, control["index"]), [])
        roles = sorted({str(node["role"]) for node in inside})
        if kind == "slider":
            handles = [node for node in inside if node["role"] == "slider"]
            if not handles:
                problems.append(f"{where}: no node with role slider (roles inside: {roles})")
            for node in handles:
                if _normalize(node["name"]) != spoken(_normalize(label)):
                    problems.append(
                        f"{where}: the slider is named {node['name']!r}, "
                        f"its visible label is {label!r}"
                    )
                readout = control["readout"]
                if readout is not None and _normalize(node["valuetext"]) != spoken(readout):
                    problems.append(
                        f"{where}: valuetext {node['valuetext']!r} (value "
                        f"{node['value']!r}), the readout shows {readout!r}"
                    )
        elif kind == "toggle-buttons":
            buttons = [node for node in inside if node["role"] in ("button", "radio")]
            if not buttons:
                problems.append(f"{where}: no button or radio nodes (roles inside: {roles})")
            for node in buttons:
                state = node["pressed"] if node["role"] == "button" else node["checked"]
                says = "pressed" if node["role"] == "button" else "checked"
                chosen = "mod-active" in (node["control"] or {}).get("classes", "").split()
                if state not in ("true", "false"):
                    problems.append(
                        f"{where}: {node['role']} {node['name']!r} has no {says} "
                        f"state ({says}={state!r})"
                    )
                elif (state == "true") != chosen:
                    problems.append(
                        f"{where}: {node['role']} {node['name']!r} says {says}="
                        f"{state}, the screen shows it "
                        f"{'chosen' if chosen else 'not chosen'}"
                    )
        elif kind == "dropdown":
            boxes = [node for node in inside if node["role"] == "combobox"]
            if not boxes:
                problems.append(f"{where}: no node with role combobox (roles inside: {roles})")
            for node in boxes:
                if not _normalize(node["name"]):
                    problems.append(f"{where}: the combobox has no name")
        elif kind == "result":
            regions = [node for node in inside if node["role"] == "status"]
            if not regions:
                top = next((node for node in inside), None)
                seen = f"{top['role']!r}, live {top['live']!r}" if top else "no node at all"
                problems.append(f"result label: no node with role status (its node: {seen})")
            for node in regions:
                if node["live"] != "polite":
                    problems.append(
                        f"result label: role status but live {node['live']!r}, not 'polite'"
                    )
    return problems


def save(path: Path, results: dict) -> Path:
    """Keep axe's violations and incomplete checks, in the summary's form, as JSON (an
    artifact of the run: the record of what a page had)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "axe": results.get("testEngine", {}).get("version"),
        "violations": summary(results["violations"]),
        "incomplete": summary(results.get("incomplete", [])),
    }
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    return path


def hold(name: str, results: dict, record: Path, log) -> None:
    """Save the whole record, log the moderate and minor violations, and fail the test on any
    critical or serious one (what the lecture and book tests hold)."""
    save(record, results)
    failing = blocking(results["violations"])
    others = [v for v in results["violations"] if v not in failing]
    if others:
        log.warning("%s: moderate or minor violations:\n%s", name, report(others))
    if failing:
        pytest.fail(f"{name}: axe-core finds in the cell outputs:\n{report(failing)}",
                    pytrace=False)
