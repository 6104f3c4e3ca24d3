// Installed into every page before JupyterLab loads (Playwright `add_init_script`). Defines
// `window.gd`, the small set of functions the browser tests and the browser benchmark call.
// JupyterLab itself is reached through `window.jupyterapp` (server started with
// `--LabApp.expose_app_in_browser=True`).
(() => {
  const WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";

  // --- Recording when a figure changes on screen -------------------------------------------
  // SVG figures (bqplot) change through the DOM, so a MutationObserver sees them; canvas figures
  // (ipympl, WebGL marks) change through drawing calls, so those are wrapped once, here, before
  // any figure exists. Each change is stamped twice: when it happened and when the frame that
  // shows it has been painted (the first animation frame after it, then a task after that frame).
  //
  // A change made inside an animation frame's callbacks (bqplot applies its updates through d3
  // transitions, which run there) is painted at the end of that same frame: it is stamped a task
  // later, without waiting for the next frame (which would add a frame that never shows).
  const recorder = { elements: [], observer: null, events: [], pendingFrame: null, released: null };
  let inFrameCallbacks = 0;
  const originalRequestAnimationFrame = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => originalRequestAnimationFrame((time) => {
    inFrameCallbacks++;
    // Counted down in a microtask queued after the callback's own, so that the mutation
    // observer's callback for changes made in it still sees the frame.
    try { return callback(time); } finally { queueMicrotask(() => { inFrameCallbacks--; }); }
  });

  function markChange() {
    const event = { at: performance.now(), painted: null };
    recorder.events.push(event);
    if (inFrameCallbacks > 0) {
      setTimeout(() => { event.painted = performance.now(); }, 0);
      return;
    }
    if (recorder.pendingFrame === null) {
      recorder.pendingFrame = [];
      requestAnimationFrame(() => {
        const waiting = recorder.pendingFrame;
        recorder.pendingFrame = null;
        setTimeout(() => {
          const now = performance.now();
          for (const e of waiting) e.painted = now;
        }, 0);
      });
    }
    recorder.pendingFrame.push(event);
  }

  function wrapDrawing(proto, names) {
    if (!proto) return;
    for (const name of names) {
      const original = proto[name];
      if (typeof original !== "function") continue;
      proto[name] = function (...args) {
        if (this.canvas && recorder.elements.some((el) => el.contains(this.canvas))) markChange();
        return original.apply(this, args);
      };
    }
  }
  wrapDrawing(window.CanvasRenderingContext2D && CanvasRenderingContext2D.prototype,
              ["drawImage", "putImageData", "fillRect", "stroke", "fill"]);
  wrapDrawing(window.WebGLRenderingContext && WebGLRenderingContext.prototype,
              ["drawArrays", "drawElements"]);
  wrapDrawing(window.WebGL2RenderingContext && WebGL2RenderingContext.prototype,
              ["drawArrays", "drawElements", "drawArraysInstanced", "drawElementsInstanced"]);

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function panel(path) {
    const app = window.jupyterapp;
    if (!app) return null;
    for (const widget of app.shell.widgets("main")) {
      if (widget.context && widget.context.path === path && widget.content && widget.sessionContext) {
        return widget;
      }
    }
    return null;
  }

  function kernelOf(path) {
    const p = panel(path);
    const session = p && p.sessionContext.session;
    return session ? session.kernel : null;
  }

  function textOf(html) {
    const div = document.createElement("div");
    div.innerHTML = html;
    return normalize(div.textContent);
  }

  function normalize(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  function explorerElement(modelId) {
    return document.querySelector(`.gd-explorer.gd-model-${modelId}`);
  }

  function sliderElement(modelId, description) {
    const explorer = explorerElement(modelId);
    if (!explorer) throw new Error(`explorer ${modelId} is not on the page`);
    const matches = [...explorer.querySelectorAll(".widget-slider")].filter(
      (el) => normalize(el.querySelector(".widget-label")?.textContent) === normalize(description));
    if (matches.length !== 1) {
      throw new Error(`expected one slider "${description}" in explorer ${modelId}, found ${matches.length}`);
    }
    return matches[0];
  }

  window.gd = {
    panelReady: (path) => panel(path) !== null,

    // The DOM id of the notebook's panel (to scope a check to this notebook's outputs).
    panelId: (path) => panel(path).id,

    // Wait until the notebook's document and kernel are ready; returns the kernel's status.
    async ready(path) {
      const p = panel(path);
      await p.context.ready;
      await p.sessionContext.ready;
      const kernel = p.sessionContext.session.kernel;
      while (kernel.status !== "idle") await sleep(50);
      return kernel.status;
    },

    // Start running every cell; `runAllDone(path)` tells when that has finished.
    runAll(path) {
      const p = panel(path);
      window.jupyterapp.shell.activateById(p.id);
      window.gd.ranAll = undefined;
      window.jupyterapp.commands.execute("notebook:run-all-cells").then(
        (ok) => { window.gd.ranAll = ok; }, (error) => { window.gd.ranAll = String(error); });
      return true;
    },

    runAllDone: (path) => window.gd.ranAll !== undefined && kernelOf(path).status === "idle",

    // Run code in the notebook's kernel without touching the notebook. Returns the values of
    // `expressions` (name -> Python expression, evaluated after the code) as their text/plain
    // reprs, taken from the execute reply on the shell channel. Nothing is read from the IOPub
    // channel: its messages (printed output, the kernel going idle) may arrive after the reply.
    async execute(path, code, expressions, timeoutMs) {
      const kernel = kernelOf(path);
      const future = kernel.requestExecute({ code, silent: false, store_history: false,
                                             user_expressions: expressions });
      const replied = new Promise((resolve) => { future.onReply = resolve; });
      const timeout = sleep(timeoutMs).then(() => "timeout");
      const reply = await Promise.race([replied, timeout]);
      const result = { error: null, values: {} };
      if (reply === "timeout") {
        result.error = `no reply from the kernel within ${timeoutMs} ms (kernel ${kernel.status}, ` +
                       `connection ${kernel.connectionStatus})`;
      } else if (reply.content.status !== "ok") {
        result.error = `${reply.content.ename}: ${reply.content.evalue}\n` +
                       (reply.content.traceback || []).join("\n");
      } else {
        for (const [name, value] of Object.entries(reply.content.user_expressions || {})) {
          if (value.status !== "ok") {
            result.error = `${name}: ${value.ename}: ${value.evalue}`;
          } else {
            result.values[name] = value.data["text/plain"];
          }
        }
      }
      return result;
    },

    // Every output of every code cell, read from the notebook model (not the DOM, which
    // JupyterLab may render lazily).
    outputs(path) {
      const model = panel(path).content.model;
      const rows = [];
      for (let index = 0; index < model.cells.length; index++) {
        const cell = model.cells.get(index);
        if (cell.type !== "code") continue;
        const outputs = cell.outputs;
        for (let k = 0; k < outputs.length; k++) {
          const output = outputs.get(k).toJSON();
          const row = { cell: index, type: output.output_type };
          if (output.output_type === "stream") {
            row.name = output.name;
            row.text = Array.isArray(output.text) ? output.text.join("") : output.text;
          } else if (output.output_type === "error") {
            row.text = `${output.ename}: ${output.evalue}`;
          } else if (output.data && output.data[WIDGET_VIEW]) {
            row.widget = output.data[WIDGET_VIEW].model_id;
          }
          rows.push(row);
        }
      }
      return rows;
    },

    // Texts JupyterLab's widget renderer writes where a widget did not (yet) render.
    widgetProblems() {
      const texts = [];
      for (const el of document.querySelectorAll(".jp-OutputArea-output")) {
        const text = normalize(el.textContent);
        if (text.startsWith("Loading widget...") || text.startsWith("Error displaying widget")) {
          texts.push(text.slice(0, 200));
        }
      }
      return texts;
    },

    explorerIds() {
      const ids = [];
      for (const el of document.querySelectorAll(".gd-explorer")) {
        for (const cls of el.classList) {
          if (cls.startsWith("gd-model-") && !ids.includes(cls.slice(9))) ids.push(cls.slice(9));
        }
      }
      return ids;
    },

    textOf,

    labelText(modelId) {
      const label = explorerElement(modelId).querySelector(".gd-result .widget-html-content");
      return label ? normalize(label.textContent) : null;
    },

    readoutText: (modelId, description) =>
      normalize(sliderElement(modelId, description).querySelector(".widget-readout").textContent),

    // Scroll the notebook to its top; returns the height of its scrolling content (for a
    // screenshot of the whole notebook in a viewport that tall).
    scrollToTop(path) {
      const node = panel(path).content.node;
      const scroller = node.querySelector(".jp-WindowedPanel-outer") || node;
      const inner = node.querySelector(".jp-WindowedPanel-inner") || scroller;
      scroller.scrollTop = 0;
      return { content: Math.ceil(inner.scrollHeight) + 40, visible: scroller.clientHeight };
    },

    // --- Latency measurements -------------------------------------------------------------
    // Start recording the changes of an explorer's figure (its `figureIndex`-th child) and,
    // with `withLabel`, of its result label too.
    record(modelId, figureIndex, withLabel) {
      window.gd.stopRecording();
      const explorer = explorerElement(modelId);
      recorder.elements = [explorer.children[figureIndex]];
      if (withLabel) recorder.elements.push(explorer.querySelector(".gd-result"));
      recorder.events = [];
      recorder.released = null;
      recorder.observer = new MutationObserver(markChange);
      for (const el of recorder.elements) {
        recorder.observer.observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
      }
      return true;
    },

    stopRecording() {
      if (recorder.observer) recorder.observer.disconnect();
      recorder.observer = null;
      recorder.elements = [];
    },

    // Note the time the mouse button goes up (the end of a drag).
    watchRelease() {
      recorder.released = null;
      document.addEventListener("pointerup", () => { recorder.released = performance.now(); },
                                { capture: true, once: true });
      return true;
    },

    // Wait until the figure has changed and then stayed unchanged for `quietMs`; return the
    // times of the first and the last change and when they were painted.
    async settle(since, quietMs, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      const after = () => recorder.events.filter((e) => e.at >= since);
      while (performance.now() < deadline) {
        const events = after();
        const last = events[events.length - 1];
        if (last && last.painted !== null && performance.now() - last.at >= quietMs) {
          return { changes: events.length, first: events[0].painted, last: last.painted,
                   lastChange: last.at, released: recorder.released };
        }
        await sleep(10);
      }
      return { changes: after().length, first: null, last: null, lastChange: null,
               released: recorder.released };
    },

    // Type `text` into a slider's readout and press Enter, as a student does; returns the time.
    typeIntoReadout(modelId, description, text) {
      const readout = sliderElement(modelId, description).querySelector(".widget-readout");
      const start = performance.now();
      readout.textContent = text;
      readout.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", code: "Enter", keyCode: 13,
                                                           which: 13, bubbles: true, cancelable: true }));
      return start;
    },

    // One timed move: type a value, wait for the figure to settle; latency to the last frame.
    async timedMove(modelId, figureIndex, description, text, quietMs, timeoutMs) {
      window.gd.record(modelId, figureIndex, false);
      const start = window.gd.typeIntoReadout(modelId, description, text);
      const result = await window.gd.settle(start, quietMs, timeoutMs);
      window.gd.stopRecording();
      result.start = start;
      result.latency = result.last === null ? null : result.last - start;
      return result;
    },

    // --- Keyboard use -------------------------------------------------------------------------
    // The explorer's tab stops in document order (what Tab visits): kind, name, the box-shadow
    // it has unfocused, and for a toggle button aria-pressed.
    tabStops: (modelId) => tabStops(explorerElement(modelId)).map((el) => describeStop(el)),

    // Where the focus is now: inside the explorer (`index` among its tab stops, -1 if none)
    // or not (`outside` says what has it), with the focus indicator it shows.
    focusState(modelId) {
      const explorer = explorerElement(modelId);
      const el = document.activeElement;
      const inside = !!el && el !== explorer && explorer.contains(el);
      const style = el ? getComputedStyle(el) : null;
      return {
        inside,
        index: inside ? tabStops(explorer).indexOf(el) : -1,
        ...(inside ? describeStop(el) : {}),
        outside: inside ? null : describeElement(el),
        outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : null,
        ring: style ? style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 : false,
        focusShadow: style ? style.boxShadow : "none",
      };
    },

    // Each slider's label and readout text, in order.
    readouts: (modelId) => [...explorerElement(modelId).querySelectorAll(".widget-slider")].map(
      (el) => ({ label: normalize(el.querySelector(".widget-label")?.textContent),
                 readout: normalize(el.querySelector(".widget-readout")?.textContent) })),

    // Where the parts of an explorer sit, after two frames (so that the layout and its resize
    // observers have run): its height and the top of each of its children, in px.
    async layoutOf(modelId) {
      for (let k = 0; k < 2; k++) await new Promise((resolve) => requestAnimationFrame(resolve));
      const explorer = explorerElement(modelId);
      const top = explorer.getBoundingClientRect().top;
      return [explorer.getBoundingClientRect().height,
              ...[...explorer.children].map((child) => child.getBoundingClientRect().top - top)];
    },

    // The dotted lines on screen (a marker on every vertex of the line's path): each one's dot
    // colour and radius; and how many dots bqplot drew itself (none is expected).
    dotsShown(modelId) {
      const explorer = explorerElement(modelId);
      const lines = [...explorer.querySelectorAll("path.line[marker-mid]")].map((path) => {
        const id = path.getAttribute("marker-mid").match(/url\(#(.+)\)/)[1];
        const dot = document.getElementById(id)?.querySelector("circle");
        return { colour: (dot?.getAttribute("fill") || "").toLowerCase(),
                 radius: Math.round(parseFloat(dot?.getAttribute("r")) * 100) / 100 };
      });
      return { lines, bqplotDots: explorer.querySelectorAll(".curve path.dot").length };
    },

    // Scroll an explorer to the top of the view, as a student who is using it has it.
    showExplorer(modelId) {
      explorerElement(modelId).scrollIntoView({ block: "start" });
      return true;
    },

    // Where in the page a point to click on is: the middle of the explorer's result label.
    resultLabelPoint(modelId) {
      const label = explorerElement(modelId).querySelector(".gd-result");
      label.scrollIntoView({ block: "center" });
      const box = label.getBoundingClientRect();
      return { x: box.left + Math.min(box.width / 2, 200), y: box.top + box.height / 2 };
    },

    // --- Readable sizes ---------------------------------------------------------------------
    // Every visible text of the notebook's outputs whose rendered size is below `minPx`:
    // HTML text at its computed font size, SVG text (and HTML inside a foreignObject) at its
    // computed size times the scale of its screen transform (viewBox and transforms).
    smallTexts(path, minPx) {
      const node = panel(path).content.node;
      const found = [];
      for (const output of node.querySelectorAll(".jp-OutputArea-output")) {
        const walker = document.createTreeWalker(output, NodeFilter.SHOW_TEXT);
        for (let t = walker.nextNode(); t; t = walker.nextNode()) {
          const text = normalize(t.data);
          const el = t.parentElement;
          if (!text || !el || el.closest("script, style, title, desc, defs, noscript")) continue;
          if (!shownOnPage(el, output)) continue;
          const range = document.createRange();
          range.selectNodeContents(t);
          const box = range.getBoundingClientRect();
          if (box.width === 0 && box.height === 0 && !(el instanceof SVGElement)) continue;
          const computed = parseFloat(getComputedStyle(el).fontSize);
          const scaled = el instanceof SVGElement ? el : el.closest("foreignObject");
          const matrix = scaled && scaled.getScreenCTM ? scaled.getScreenCTM() : null;
          const scale = matrix ? Math.hypot(matrix.c, matrix.d) : 1;
          const rendered = computed * scale;
          if (rendered < minPx - 0.01) {
            found.push({ text: text.slice(0, 60), computed, rendered: Math.round(rendered * 100) / 100,
                         ...whereIs(el, node) });
          }
        }
      }
      return found;
    },

    // Every visible image of the outputs: its natural and rendered width.
    outputImages(path) {
      const node = panel(path).content.node;
      return [...node.querySelectorAll(".jp-OutputArea-output img")]
        .filter((img) => img.getClientRects().length)
        .map((img) => ({ natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
                         alt: (img.getAttribute("alt") || "").slice(0, 60), ...whereIs(img, node) }));
    },

    // Output areas, and boxes inside them that may scroll, whose content is wider than they are.
    sideScrolls(path) {
      const node = panel(path).content.node;
      const found = [];
      for (const el of node.querySelectorAll(
        ".jp-OutputArea, .jp-OutputArea-output, .jp-OutputArea-output *")) {
        if (!el.getClientRects().length) continue;
        const overflow = getComputedStyle(el).overflowX;
        const area = el.matches(".jp-OutputArea, .jp-OutputArea-output");
        if (!area && !["auto", "scroll"].includes(overflow)) continue;
        if (el.scrollWidth > el.clientWidth + 1) {
          found.push({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, overflow,
                       ...whereIs(el, node) });
        }
      }
      return found;
    },
  };

  // Tab stops of an element's subtree in document order: visible, enabled elements a Tab
  // reaches (a contenteditable readout is one although its tabIndex says -1).
  function tabStops(root) {
    const candidates = root.querySelectorAll(
      "a[href], button, input, select, textarea, [tabindex], [contenteditable]");
    return [...candidates].filter((el) => {
      if (el.disabled || el.closest("[inert]") || !el.getClientRects().length) return false;
      if (getComputedStyle(el).visibility !== "visible") return false;
      const attribute = el.getAttribute("tabindex");
      if (attribute !== null) return parseInt(attribute, 10) >= 0;
      return el.tabIndex >= 0 || el.isContentEditable;
    });
  }

  function describeStop(el) {
    const row = el.closest(".widget-slider, .widget-toggle-buttons, .widget-dropdown");
    const label = normalize(row?.querySelector(".widget-label")?.textContent);
    let kind = "other";
    let name = normalize(el.getAttribute("aria-label") || el.textContent);
    if (el.matches(".noUi-handle, [role=slider]")) [kind, name] = ["slider", label];
    else if (el.matches(".widget-readout")) [kind, name] = ["readout", label];
    else if (el.closest(".widget-toggle-buttons")) kind = "toggle";
    else if (el.matches("select")) [kind, name] = ["dropdown", label];
    else if (el.matches("[role=img], .jupyter-matplotlib-canvas-div")) kind = "figure";
    else if (el.matches("button")) kind = "button";
    return { kind, name, shadow: getComputedStyle(el).boxShadow,
             pressed: el.getAttribute("aria-pressed"),
             chosen: el.classList.contains("mod-active"),
             valuetext: el.getAttribute("aria-valuetext"),
             valuenow: el.getAttribute("aria-valuenow"),
             valuemin: el.getAttribute("aria-valuemin"), valuemax: el.getAttribute("aria-valuemax"),
             readout: el.matches(".noUi-handle, [role=slider]")
               ? normalize(row?.querySelector(".widget-readout")?.textContent) : null };
  }

  function describeElement(el) {
    if (!el) return "nothing";
    const classes = typeof el.className === "string" ? el.className : el.className?.baseVal;
    const text = normalize(el.textContent).slice(0, 40);
    return `<${el.tagName.toLowerCase()} class="${classes || ""}">${text}`;
  }

  // Shown: laid out, visibility visible and no ancestor (up to `top`) fully transparent.
  function shownOnPage(el, top) {
    if (!el.getClientRects().length || getComputedStyle(el).visibility !== "visible") return false;
    for (let e = el; e && e !== top.parentElement; e = e.parentElement) {
      if (parseFloat(getComputedStyle(e).opacity) === 0) return false;
    }
    return true;
  }

  // Where an element of the outputs is: its cell's index, its explorer and figure if any,
  // and its own tag and classes with its parent's.
  function whereIs(el, notebookNode) {
    const cells = [...notebookNode.querySelectorAll(".jp-Notebook-cell")];
    const explorer = el.closest(".gd-explorer");
    const model = explorer && [...explorer.classList].find((c) => c.startsWith("gd-model-"));
    const figure = el.closest("[class*='gd-figure-']");
    const tagOf = (e) => {
      const classes = typeof e.className === "string" ? e.className : e.className?.baseVal;
      return e.tagName.toLowerCase() + (classes ? "." + classes.trim().split(/\s+/).slice(0, 3).join(".") : "");
    };
    return {
      cell: cells.findIndex((c) => c.contains(el)),
      explorer: model ? model.slice(9) : null,
      figure: figure ? [...figure.classList].find((c) => c.startsWith("gd-figure-")) : null,
      element: el.parentElement ? `${tagOf(el)} in ${tagOf(el.parentElement)}` : tagOf(el),
    };
  }
})();
