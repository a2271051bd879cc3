// mldrills: the colour theme and the editor settings, remembered per user.
// Loaded without `defer` in <head> so the theme is set before the page is painted (no
// flash of light colours in dark mode). The server's copy (data-prefs on <html>, saved by
// PUT /api/prefs) is the truth when present; localStorage keeps a copy for the next paint
// and for servers without the prefs table.
(function () {
  "use strict";
  const root = document.documentElement;
  const KEY = "mldrills:prefs";
  const THEMES = ["system", "light", "dark"];
  const DEFAULTS = { theme: "system", editor_font_size: 14, editor_tab_width: 4, editor_keymap: "default" };
  const FIELDS = {
    theme: (v) => THEMES.includes(v),
    editor_font_size: (v) => Number.isInteger(v) && v >= 10 && v <= 28,
    editor_tab_width: (v) => [2, 4, 8].includes(v),
    editor_keymap: (v) => ["default", "vim", "emacs"].includes(v),
  };
  const listeners = [];

  function clean(raw) {
    const out = {};
    for (const [name, ok] of Object.entries(FIELDS)) {
      if (raw && ok(raw[name])) out[name] = raw[name];
    }
    return out;
  }

  function fromServer() {
    try { return clean(JSON.parse(root.dataset.prefs || "null")); } catch (err) { return {}; }
  }

  function fromBrowser() {
    try { return clean(JSON.parse(localStorage.getItem(KEY) || "null")); } catch (err) { return {}; }
  }

  let prefs = { ...DEFAULTS, ...fromBrowser(), ...fromServer() };
  const darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function isDark() {
    if (prefs.theme === "dark") return true;
    if (prefs.theme === "light") return false;
    return !!(darkQuery && darkQuery.matches);
  }

  function applyTheme() {
    // data-theme only for an explicit choice: CSS follows prefers-color-scheme otherwise.
    if (prefs.theme === "system") root.removeAttribute("data-theme");
    else root.setAttribute("data-theme", prefs.theme);
  }

  function notify() {
    listeners.forEach((cb) => cb(prefs, isDark()));
  }

  function remember() {
    try { localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (err) { /* private mode */ }
  }

  // Saves go to the server one at a time, in the order of the changes, so their answers
  // arrive in order too and data-prefs ends as the server's newest copy. Three quick
  // changes sent at once could be answered out of order and leave an older copy there.
  let saving = Promise.resolve();

  function save(changes) {
    prefs = { ...prefs, ...clean(changes) };
    remember();
    applyTheme();
    notify();
    // The server keeps them per user when it has a place for them (data-prefs is set then).
    if (root.dataset.prefs === undefined || !window.MLDrills) return saving;
    const body = clean(changes);
    saving = saving
      .then(async () => {
        const res = await window.MLDrills.api("PUT", "/api/prefs", body);
        if (res.ok) root.dataset.prefs = JSON.stringify(res.data);
      })
      .catch(() => { /* the next save still goes; localStorage keeps this one */ });
    return saving;
  }

  // Settings for MLEditor.create / editor.configure.
  function editorOptions() {
    return {
      fontSize: prefs.editor_font_size,
      tabWidth: prefs.editor_tab_width,
      keymap: prefs.editor_keymap,
      dark: isDark(),
    };
  }

  function attachEditor(editor) {
    if (!editor || typeof editor.configure !== "function") return;
    editor.configure(editorOptions());
    if (document.getElementById("editor-leave-help")) editor.configure({ describedBy: "editor-leave-help" });
    listeners.push(() => editor.configure(editorOptions()));
  }

  function bindSelect(id, field, parse) {
    const el = document.getElementById(id);
    if (!el) return;
    el.value = String(prefs[field]);
    el.addEventListener("change", () => save({ [field]: parse(el.value) }));
    listeners.push(() => { el.value = String(prefs[field]); });
  }

  applyTheme();
  remember();
  if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener("change", notify);
  document.addEventListener("DOMContentLoaded", () => {
    bindSelect("theme-select", "theme", String);
    bindSelect("ed-font-size", "editor_font_size", Number);
    bindSelect("ed-tab-width", "editor_tab_width", Number);
    bindSelect("ed-keymap", "editor_keymap", String);
  });

  window.MLPrefs = {
    get: () => ({ ...prefs }),
    isDark,
    save,
    editorOptions,
    attachEditor,
    onChange: (cb) => listeners.push(cb),
  };
})();
