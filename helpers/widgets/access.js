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
    // Controls and figures drawn later (children render one by one, and a figure may get its
    // class after it is in place) get the same treatment. A figure redrawing its marks (inside
    // its svg, on every move) is neither.
    const later = new MutationObserver((records) => {
      if (records.every((record) => record.target.closest?.("svg"))) return;
      label(root, watchers, names);
      describe(root, model.get("descriptions"));
    });
    later.observe(root, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["class"],
    });
    watchers.push(later);
  };
  let timer = setTimeout(connect, 0);
  const redescribe = () => root && describe(root, model.get("descriptions"));
  model.on("change:descriptions", redescribe);
  return () => {
    clearTimeout(timer);
    model.off("change:descriptions", redescribe);
    watchers.forEach((watch) => watch.disconnect());
  };
}

export default { render };
