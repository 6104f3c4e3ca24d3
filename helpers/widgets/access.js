// The explorer's accessibility layer, run in the page by the `Access` widget (access.py).
//
// ipywidgets draws the controls without tying their visible labels to them, and the slider
// handle announces its raw number (a log slider's exponent, float noise). This module finds
// the explorer it sits in and, for every control there:
//   slider   -> the handle is named by its visible label; aria-valuetext is the readout's text
//               (e-notation in words: "1 times 10 to the minus 6")
//   toggles  -> a named group whose buttons say aria-pressed true/false
//   dropdown -> named by its visible label
// A visible text a screen reader would read badly ("|x|", "x₀") is named by its words from the
// kernel (`names`: shown text -> words).
//   label    -> role="status", aria-live="polite": a move is announced with its numbers
//   figures  -> role="img" with <title> and <desc> from the kernel (`descriptions`)
//   canvases -> Tab and Shift+Tab leave a matplotlib canvas, which keeps other keys
//   toolbar  -> a named toolbar whose icon buttons are named by their tooltips
//   label and legends -> keep the tallest height they had at their width (see `keepHeight`)
//   dots     -> the points of a path, an SVG marker on each vertex of its line (see `drawDots`)
// It watches the explorer for controls drawn later and keeps the values in step as they move.

const DONE = "data-gd-access";

let counter = 0;
function idOf(element) {
  if (!element.id) element.id = `gd-access-${Date.now().toString(36)}-${counter++}`;
  return element.id;
}

function text(element) {
  return (element?.textContent || "").replace(/\s+/g, " ").trim();
}

// What a screen reader should say for a number shown in e-notation: "1e-06" -> "1 times 10 to
// the minus 6", "2.5e+03" -> "2.5 times 10 to the 3".
function spokenNumber(shown) {
  return shown.replace(/(\d(?:\.\d+)?)e([+-]?)(\d+)\b/g, (_, mantissa, sign, power) => {
    const k = parseInt(power, 10);
    return k === 0 ? mantissa : `${mantissa} times 10 to the ${sign === "-" ? "minus " : ""}${k}`;
  });
}

// An element named by a visible label: by the label itself, or by its words when it has some.
function nameBy(element, label, names) {
  const words = label && names[text(label)];
  if (words) element.setAttribute("aria-label", words);
  else if (label) element.setAttribute("aria-labelledby", idOf(label));
  return words || text(label);
}

function labelOf(control) {
  const label = control.querySelector(":scope > .widget-label");
  return label && text(label) ? label : null;
}

// A slider's handle: named by the label, valued by the readout, kept in step.
function slider(control, watchers, names) {
  const handle = control.querySelector('[role="slider"]');
  const readout = control.querySelector(".widget-readout");
  const label = labelOf(control);
  if (!handle || !readout) return false;
  const name = nameBy(handle, label, names);
  if (label?.getAttribute("title") === "null") label.removeAttribute("title");
  readout.setAttribute("role", "textbox");
  readout.setAttribute("aria-label", `${name || "value"}, type a value`);
  const sync = () => {
    const shown = spokenNumber(text(readout));
    if (shown && handle.getAttribute("aria-valuetext") !== shown) {
      handle.setAttribute("aria-valuetext", shown);
    }
  };
  sync();
  const watch = new MutationObserver(sync);
  watch.observe(readout, { childList: true, characterData: true, subtree: true });
  // The slider library rewrites aria-valuetext on every move; the readout's text wins.
  watch.observe(handle, { attributes: true, attributeFilter: ["aria-valuetext"] });
  watchers.push(watch);
  return true;
}

// Toggle buttons: a group named by its label; each button says whether it is the chosen one.
// When the kernel sets the value (Reset), ipywidgets draws the buttons anew, so every sync
// looks the buttons up again and the watch covers the whole control.
function toggles(control, watchers, names) {
  if (!control.querySelector("button")) return false;
  const label = labelOf(control);
  if (label?.getAttribute("title") === "null") label.removeAttribute("title");
  const sync = () => {
    const buttons = [...control.querySelectorAll("button")];
    const group = buttons[0]?.parentElement;
    if (group && group.getAttribute("role") !== "group") {
      group.setAttribute("role", "group");
      nameBy(group, label, names);
    }
    for (const button of buttons) {
      const words = names[text(button)];
      if (words && button.getAttribute("aria-label") !== words) {
        button.setAttribute("aria-label", words);
      }
      const pressed = button.classList.contains("mod-active") ? "true" : "false";
      if (button.getAttribute("aria-pressed") !== pressed) {
        button.setAttribute("aria-pressed", pressed);
      }
    }
  };
  sync();
  const watch = new MutationObserver(sync);
  watch.observe(control, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["class"],
  });
  watchers.push(watch);
  return true;
}

function dropdown(control, watchers, names) {
  const select = control.querySelector("select");
  const label = labelOf(control);
  if (!select) return false;
  nameBy(select, label, names);
  return true;
}

function liveLabel(element, watchers) {
  element.setAttribute("role", "status");
  element.setAttribute("aria-live", "polite");
  element.setAttribute("aria-atomic", "true");
  return keepHeight(element, watchers);
}

// A text whose length follows the run (the label, a legend) keeps the tallest height it has had
// at its present width, so moving a slider back and forth never moves what lies below it: not
// the figures and sliders under the pointer, nor the rest of the notebook, which the browser
// would otherwise lay out and paint again at every move (about 50 ms in a long lecture).
function keepHeight(element, watchers) {
  const border = getComputedStyle(element).boxSizing === "border-box";
  let width = null;
  let tallest = 0;
  const keep = new ResizeObserver(([entry]) => {
    const box = entry.borderBoxSize[0];
    let height = border ? box.blockSize : entry.contentBoxSize[0].blockSize;
    if (box.inlineSize !== width) {  // a new width (window, sidebar): measure afresh
      width = box.inlineSize;
      element.style.minHeight = "";
      const style = getComputedStyle(element);
      const frame = border ? 0 : ["paddingTop", "paddingBottom", "borderTopWidth",
        "borderBottomWidth"].reduce((sum, side) => sum + parseFloat(style[side]), 0);
      height = element.getBoundingClientRect().height - frame;
      tallest = 0;
    }
    if (height > tallest) {
      tallest = height;
      element.style.minHeight = `${tallest}px`;
    }
  });
  keep.observe(element);
  watchers.push(keep);
  return true;
}

// matplotlib's toolbar (3-D view): icon buttons with only a tooltip, several lines long. Each
// is named by the tooltip's first line, and the row is a toolbar named for what it acts on.
function toolbar(element) {
  const buttons = [...element.querySelectorAll("button")];
  if (!buttons.length) return false;
  element.setAttribute("role", "toolbar");
  element.setAttribute("aria-label", "Figure view");
  for (const button of buttons) {
    const name = (button.getAttribute("title") || "").split("\n")[0].trim();
    if (name && !button.hasAttribute("aria-label")) button.setAttribute("aria-label", name);
  }
  return true;
}

const KINDS = [
  [".widget-slider", slider],
  [".widget-toggle-buttons", toggles],
  [".widget-dropdown", dropdown],
  [".gd-result", liveLabel],
  [".gd-legend-box", keepHeight],
  [".jupyter-matplotlib-toolbar", toolbar],
];

function label(root, watchers, names) {
  for (const [selector, apply] of KINDS) {
    for (const control of root.querySelectorAll(`${selector}:not([${DONE}])`)) {
      if (apply(control, watchers, names)) control.setAttribute(DONE, "");
    }
  }
}

// An attribute set only when it changes: setting it again to the same value is a mutation too,
// and the page would work out the figure's style again for nothing.
function setOnce(element, name, value) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

// A figure is an image to a screen reader, named by its title and described by the run.
function describe(root, descriptions) {
  descriptions.forEach((sentence, index) => {
    const figure = root.querySelector(`.gd-figure-${index}`);
    if (!figure) return;
    // bqplot draws into an <svg>; ipympl into canvases inside a focusable <div>.
    const svg = figure.matches(".bqplot") ? figure.querySelector("svg") : null;
    const target = svg || figure.querySelector(".jupyter-matplotlib-canvas-div") || figure;
    const [name, ...rest] = sentence.split("\n");
    const detail = rest.join(" ");
    setOnce(target, "role", "img");
    if (svg) {
      const ns = "http://www.w3.org/2000/svg";
      let title = svg.querySelector(":scope > title");
      let desc = svg.querySelector(":scope > desc");
      if (!title) {
        title = document.createElementNS(ns, "title");
        desc = desc || document.createElementNS(ns, "desc");
        svg.prepend(title, desc);
      }
      if (title.textContent !== name) title.textContent = name;
      if (desc.textContent !== detail) desc.textContent = detail;
      setOnce(target, "aria-labelledby", idOf(title));
      setOnce(target, "aria-describedby", idOf(desc));
    } else {
      setOnce(target, "aria-label", detail ? `${name}. ${detail}` : name);
      if (target.matches(".jupyter-matplotlib-canvas-div")) letTabLeave(figure, target);
    }
  });
}

// ipympl sends every key pressed on its canvas to matplotlib and cancels it in the page, Tab
// too: a keyboard user who reaches the canvas could not leave it. Tab and Shift+Tab are stopped
// on the way down to the canvas (before ipympl sees them) and so move the focus as anywhere.
function letTabLeave(figure, canvas) {
  if (figure.hasAttribute(DONE)) return;
  figure.setAttribute(DONE, "");
  const pass = (event) => {
    if (event.key === "Tab" && event.target === canvas) event.stopPropagation();
  };
  figure.addEventListener("keydown", pass, true);
  figure.addEventListener("keyup", pass, true);
}

// The dots of a path (look.DottedLines in the kernel): an SVG marker on every vertex of the
// line's path, one element for all of them; bqplot would make each dot an element of its own
// and move it through a d3 transition, which is slow with a hundred of them. `dots` names each
// dotted line by its widget; the line's own view (the one in this explorer) holds the path.
const SVG = "http://www.w3.org/2000/svg";
const DOT_ATTRIBUTES = ["marker-start", "marker-mid", "marker-end"];

function dotMarker(colour, size) {
  const id = `gd-dot-${colour.replace(/[^0-9a-z]/gi, "")}-${String(size).replace(/\W/g, "_")}`;
  if (!document.getElementById(id)) {
    let defs = document.getElementById("gd-dot-defs");
    if (!defs) {
      const holder = document.createElementNS(SVG, "svg");
      holder.setAttribute("aria-hidden", "true");
      holder.style.cssText = "position:absolute; width:0; height:0; overflow:hidden";
      defs = document.createElementNS(SVG, "defs");
      defs.id = "gd-dot-defs";
      holder.append(defs);
      document.body.append(holder);
    }
    const radius = Math.sqrt(size / Math.PI);  // `size` is the area, as bqplot's marker_size
    const marker = document.createElementNS(SVG, "marker");
    marker.id = id;
    for (const [name, value] of Object.entries({
      markerUnits: "userSpaceOnUse", viewBox: `${-radius} ${-radius} ${2 * radius} ${2 * radius}`,
      markerWidth: 2 * radius, markerHeight: 2 * radius, refX: 0, refY: 0, overflow: "visible",
    })) marker.setAttribute(name, value);
    const dot = document.createElementNS(SVG, "circle");
    dot.setAttribute("r", radius);
    dot.setAttribute("fill", colour);
    marker.append(dot);
    defs.append(marker);
  }
  return `url(#${id})`;
}

// Returns `draw` (draws the dots `dots` lists now; calls while one is waiting are one call) and
// `stop` (stops following the lines).
function drawDots(model, getRoot) {
  const lines = new Map();  // model id -> the line's model, once found
  const context = {};  // what this explorer's listeners on the lines are registered under
  let drawn = new Map();  // model id -> marker url, as drawn now
  let pending = Promise.resolve();
  let waiting = false;
  let tries = 0;  // drawings that found a dotted line not yet drawn by bqplot

  async function pathsOf(id) {
    const root = getRoot();
    if (!root) return [];
    if (!lines.has(id)) {
      const line = await model.widget_manager.get_model(id);
      lines.set(id, line);
      // bqplot may draw the line's path afresh (a new element) when its data changes.
      line.on("change", draw, context);
    }
    const paths = [];
    for (const view of Object.values(lines.get(id).views || {})) {
      const shown = await view;
      if (root.contains(shown.el)) paths.push(...shown.el.querySelectorAll("path.line"));
    }
    return paths;
  }

  async function drawNow() {
    waiting = false;
    const wanted = new Map(model.get("dots").map((d) => [d.line, dotMarker(d.colour, d.size)]));
    let missing = false;
    for (const id of new Set([...drawn.keys(), ...wanted.keys()])) {
      const url = wanted.get(id);
      const paths = await pathsOf(id);
      missing ||= Boolean(url) && !paths.length;
      for (const path of paths) {
        for (const name of DOT_ATTRIBUTES) {
          if (url) setOnce(path, name, url);
          else path.removeAttribute(name);
        }
      }
    }
    drawn = wanted;
    // A figure draws its lines a moment after it is shown: look again until they are there.
    if (missing && tries++ < 100) setTimeout(draw, 100);
  }

  function draw() {
    if (!waiting) {
      waiting = true;
      pending = pending.then(drawNow).catch((error) => console.warn("gd dots:", error));
    }
    return pending;
  }
  const stop = () => lines.forEach((line) => line.off(null, null, context));
  return { draw, stop };
}

function render({ model, el }) {
  el.style.display = "none";
  const watchers = [];
  let root = null;
  let tries = 0;
  const connect = () => {
    root = el.closest(".gd-explorer");
    if (!root) {
      if (tries++ < 600) timer = setTimeout(connect, 50);
      return;
    }
    const names = model.get("names");
    label(root, watchers, names);
    describe(root, model.get("descriptions"));
    dots.draw();
    // Controls and figures drawn later (children render one by one, and a figure may get its
    // class after it is in place) get the same treatment. A figure redrawing its marks (inside
    // its svg, on every move) is neither.
    const later = new MutationObserver((records) => {
      if (records.every((record) => record.target.closest?.("svg"))) return;
      label(root, watchers, names);
      describe(root, model.get("descriptions"));
      dots.draw();
    });
    later.observe(root, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["class"],
    });
    watchers.push(later);
  };
  let timer = setTimeout(connect, 0);
  const redescribe = () => root && describe(root, model.get("descriptions"));
  const dots = drawDots(model, () => root);
  model.on("change:descriptions", redescribe);
  model.on("change:dots", dots.draw);
  return () => {
    clearTimeout(timer);
    model.off("change:descriptions", redescribe);
    model.off("change:dots", dots.draw);
    dots.stop();
    watchers.forEach((watch) => watch.disconnect());
  };
}

export default { render };
