// mldrills: the exercise page (editor, autosave, clock, run and submit, math).
(function () {
  "use strict";
  const $ = (sel) => document.querySelector(sel);
  const data = JSON.parse($("#exercise-data").textContent);
  const api = (...args) => window.MLDrills.api(...args);
  const storageKey = `mldrills:draft:${data.user}:${data.slug}`;
  const saveState = $("#save-state");
  const resultBox = $("#result");
  const buttons = [$("#run-btn"), $("#submit-btn")];
  let editor = null;

  // ---- math in the statement: static/math.js typesets the elements the renderer marked
  function renderMath() {
    if (window.MLDrillsMath) window.MLDrillsMath.typeset($("#statement"));
  }

  // ---- the editor and autosave (this browser at once, the server a moment later)
  function localDraft() {
    try { return JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (err) { return null; }
  }

  function initialCode() {
    const saved = localDraft();
    const serverAt = data.code_saved_at ? Date.parse(data.code_saved_at) : 0;
    if (saved && saved.code !== data.code && Date.parse(saved.at) > serverAt) {
      saveState.textContent = "restored unsaved changes from this browser";
      scheduleSave();
      return saved.code;
    }
    return data.code;
  }

  let saveTimer = null;
  function scheduleSave() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveToServer, 1200);
  }

  function onChange(code) {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ code, at: new Date().toISOString() }));
    } catch (err) { /* storage full or disabled: the server copy still works */ }
    saveState.textContent = "editing…";
    scheduleSave();
    clock.activity();
  }

  async function saveToServer() {
    if (!editor) return;
    const res = await api("PUT", `/api/exercises/${data.slug}/draft`, { code: editor.getValue() });
    if (res.ok) {
      const at = new Date(res.data.updated_at);
      saveState.textContent = "saved " + at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    } else {
      saveState.textContent = "saved in this browser only (" + (res.data && res.data.message || "server unreachable") + ")";
    }
  }

  // ---- run and submit
  function setBusy(busy, which) {
    buttons.forEach((b) => { b.disabled = busy; b.classList.toggle("is-busy", busy && b === which); });
  }

  function showError(err) {
    resultBox.replaceChildren();
    const box = document.createElement("div");
    box.className = "alert alert-error";
    box.setAttribute("role", "alert");
    const title = document.createElement("strong");
    title.textContent = (err && err.error) || "Error";
    box.append(title, " ", (err && err.message) || "something went wrong");
    if (err && err.hint) {
      const hint = document.createElement("div");
      hint.className = "muted";
      hint.textContent = err.hint;
      box.append(hint);
    }
    resultBox.append(box);
  }

  async function grade(hidden) {
    if (!editor) return;
    const button = hidden ? $("#submit-btn") : $("#run-btn");
    setBusy(true, button);
    clearTimeout(saveTimer);
    saveToServer();
    const res = await api("POST", `/api/exercises/${data.slug}/submissions`, { code: editor.getValue(), hidden });
    if (!res.ok) {
      showError(res.data);
      setBusy(false);
      return;
    }
    const panel = document.createElement("div");
    panel.className = "result-panel";
    panel.setAttribute("hx-get", `/submissions/${res.data.id}`);
    panel.setAttribute("hx-trigger", "load");
    panel.setAttribute("hx-swap", "outerHTML");
    panel.innerHTML = '<div class="verdict verdict-pending"><span class="verdict-status">PENDING</span>' +
      '<span class="verdict-detail">Sending to the judge<span class="dots"></span></span></div>';
    resultBox.replaceChildren(panel);
    window.htmx.process(panel);
  }

  // ---- the status badge in the heading follows verdicts without a reload
  const badgeText = { solved: "✓ solved", attempted: "◐ attempted", new: "○ new" };
  function updateBadge(d) {
    const badge = document.querySelector(".ex-meta .pstatus");
    if (!badge || d.state !== "done") return; // cancelled or not graded: nothing changed
    const now = badge.classList.contains("pstatus-solved") ? "solved"
      : badge.classList.contains("pstatus-attempted") ? "attempted" : "new";
    const next = d.status === "pass" && d.hidden ? "solved" : now === "new" ? "attempted" : now;
    if (next === now) return;
    badge.className = `pstatus pstatus-${next}`;
    badge.title = next;
    badge.textContent = badgeText[next];
  }

  document.body.addEventListener("mldrills-graded", (event) => {
    setBusy(false);
    const d = event.detail || {};
    updateBadge(d);
    if (d.status === "pass" && d.hidden) clock.refresh(); // the first accepted one stops it
  });
  document.body.addEventListener("htmx:responseError", (event) => {
    if (!resultBox.contains(event.detail.elt)) return;
    let err = null;
    try { err = JSON.parse(event.detail.xhr.responseText); } catch (e) { err = null; }
    showError(err || { error: "Error", message: "the result could not be loaded (HTTP " + event.detail.xhr.status + ")" });
    setBusy(false);
  });
  document.body.addEventListener("htmx:sendError", (event) => {
    if (!resultBox.contains(event.detail.elt)) return;
    showError({ error: "Network error", message: "the server did not answer; is it still running?" });
    setBusy(false);
  });

  // ---- the clock (static/clock.js): the server keeps the time; edits start or resume it
  const clock = window.MLDrillsClock.init($("#clock"), api, showError);

  $("#reset-code").addEventListener("click", () => {
    if (!editor) return;
    if (window.confirm("Replace your code with the starter? Your attempts keep their code.")) {
      editor.setValue(data.starter);
      editor.focus();
    }
  });

  $("#run-btn").addEventListener("click", () => grade(false));
  $("#submit-btn").addEventListener("click", () => grade(true));

  // ---- shortcuts: Mod-Enter runs, Mod-Shift-Enter submits (Mod is Cmd on a Mac, else Ctrl)
  const isMac = /Mac|iPhone|iPad/.test(navigator.platform || "");
  function shortcut(hidden) {
    if (!buttons[0].disabled) grade(hidden);
    return true; // handled even while busy, so the editor never gets a stray newline
  }
  const editorKeys = [
    { key: "Mod-Enter", run: () => shortcut(false) },
    { key: "Mod-Shift-Enter", run: () => shortcut(true) },
  ];
  // Outside the editor (focus on the page or a button) the same keys work too;
  // inside it the editor's keymap has already handled them and prevented the default.
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.key !== "Enter") return;
    if (isMac ? event.metaKey : event.ctrlKey) {
      event.preventDefault();
      shortcut(event.shiftKey);
    }
  });
  if (isMac) {
    document.querySelectorAll("kbd.kbd-mod").forEach((k) => { k.textContent = "⌘"; k.title = "Command"; });
    buttons.forEach((b) => { b.title = b.title.replace("Ctrl+", "⌘+"); });
  }

  document.addEventListener("DOMContentLoaded", () => {
    renderMath();
    editor = window.MLEditor.create($("#editor"), {
      doc: initialCode(), onChange, keys: editorKeys, label: "Solution code editor",
    });
    window.mldrillsEditor = editor; // handy for browser tests and the console
    if (window.MLPrefs) window.MLPrefs.attachEditor(editor); // font, tab width, keys, theme
  });
})();
