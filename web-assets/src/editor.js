// Entry point for vendor/editor.js (esbuild IIFE bundle).
// Exposes window.MLEditor = { create(parentElement, {doc, onChange, readOnly, keys, label,
// fontSize, tabWidth, keymap, dark}) }, and MLEditor.KEYMAPS.
import { basicSetup } from "codemirror";
import { vim } from "@replit/codemirror-vim";
import { emacs } from "@replit/codemirror-emacs";
import { EditorView, keymap } from "@codemirror/view";
import { EditorState, Compartment, EditorSelection, Prec } from "@codemirror/state";
import { indentLess, indentMore } from "@codemirror/commands";
import { indentUnit, syntaxHighlighting, HighlightStyle } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { tags as t } from "@lezer/highlight";

const TAB_WIDTHS = [2, 4, 8];
const KEYMAPS = ["default", "vim", "emacs"];

// Tab: with a selection, indent the selected lines by one indent unit; otherwise insert
// spaces up to the next multiple of the tab width at the cursor. Shift-Tab dedents.
// (Same key binding shape as @codemirror/commands' indentWithTab, but never
// inserts a hard tab character.) Esc then Tab, or Ctrl-M, still moves focus out.
function tabInsertSpaces(view) {
  const { state } = view;
  if (state.readOnly) return false;
  if (state.selection.ranges.some((r) => !r.empty)) return indentMore(view);
  const width = state.tabSize;
  view.dispatch(
    state.changeByRange((range) => {
      const line = state.doc.lineAt(range.head);
      const col = range.head - line.from;
      const spaces = " ".repeat(width - (col % width));
      return {
        changes: { from: range.head, insert: spaces },
        range: EditorSelection.cursor(range.head + spaces.length),
      };
    }),
  );
  return true;
}
const tabKeymap = { key: "Tab", run: tabInsertSpaces, shift: indentLess };

// Clean light theme; font size is inherited from the page.
const lightTheme = EditorView.theme(
  {
    "&": {
      fontSize: "inherit",
      color: "#1f2328",
      backgroundColor: "#ffffff",
      border: "1px solid #d0d7de",
      borderRadius: "6px",
    },
    "&.cm-focused": { outline: "2px solid #0969da55", outlineOffset: "-1px" },
    ".cm-scroller": {
      fontFamily:
        'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace',
      fontSize: "inherit",
      lineHeight: "1.5",
    },
    ".cm-content": { caretColor: "#1f2328", padding: "6px 0" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: "#1f2328" },
    ".cm-gutters": {
      backgroundColor: "#f6f8fa",
      color: "#59636e",
      borderRight: "1px solid #d0d7de",
      borderTopLeftRadius: "6px",
      borderBottomLeftRadius: "6px",
    },
    ".cm-activeLine": { backgroundColor: "#f6f8fa99" },
    ".cm-activeLineGutter": { backgroundColor: "#eaeef2", color: "#1f2328" },
    "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection":
      { backgroundColor: "#b6d7ff" },
    "&.cm-focused .cm-matchingBracket": {
      backgroundColor: "#d2f4d3",
      outline: "1px solid #4ac26b",
    },
    "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "#ffd8d3" },
  },
  { dark: false },
);

const lightHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword], color: "#cf222e" },
  { tag: [t.bool, t.null, t.self], color: "#0550ae" },
  { tag: [t.number], color: "#0550ae" },
  { tag: [t.string, t.special(t.string)], color: "#0a3069" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "#6e7781", fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.definition(t.variableName))], color: "#8250df" },
  { tag: [t.definition(t.variableName)], color: "#953800" },
  { tag: [t.className, t.definition(t.className)], color: "#953800" },
  { tag: [t.propertyName, t.function(t.propertyName)], color: "#0550ae" },
  { tag: [t.meta, t.annotation], color: "#8250df" },
  { tag: [t.operator], color: "#1f2328" },
  { tag: [t.invalid], color: "#82071e" },
]);

// Dark theme: the same layout with colours that keep AA contrast on a dark background.
const darkTheme = EditorView.theme(
  {
    "&": {
      fontSize: "inherit",
      color: "#e6edf3",
      backgroundColor: "#0d1117",
      border: "1px solid #3d444d",
      borderRadius: "6px",
    },
    "&.cm-focused": { outline: "2px solid #4493f8aa", outlineOffset: "-1px" },
    ".cm-scroller": {
      fontFamily:
        'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace',
      fontSize: "inherit",
      lineHeight: "1.5",
    },
    ".cm-content": { caretColor: "#e6edf3", padding: "6px 0" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: "#e6edf3" },
    ".cm-gutters": {
      backgroundColor: "#151b23",
      color: "#9198a1",
      borderRight: "1px solid #3d444d",
      borderTopLeftRadius: "6px",
      borderBottomLeftRadius: "6px",
    },
    ".cm-activeLine": { backgroundColor: "#151b2399" },
    ".cm-activeLineGutter": { backgroundColor: "#212830", color: "#e6edf3" },
    "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection":
      { backgroundColor: "#264f78" },
    "&.cm-focused .cm-matchingBracket": {
      backgroundColor: "#2ea04366",
      outline: "1px solid #3fb950",
    },
    "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "#f8514966" },
    ".cm-panels": { backgroundColor: "#151b23", color: "#e6edf3" },
    ".cm-vim-panel input, .cm-panels input": { color: "#e6edf3" },
  },
  { dark: true },
);

const darkHighlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword], color: "#ff7b72" },
  { tag: [t.bool, t.null, t.self], color: "#79c0ff" },
  { tag: [t.number], color: "#79c0ff" },
  { tag: [t.string, t.special(t.string)], color: "#a5d6ff" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "#9198a1", fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.definition(t.variableName))], color: "#d2a8ff" },
  { tag: [t.definition(t.variableName)], color: "#ffa657" },
  { tag: [t.className, t.definition(t.className)], color: "#ffa657" },
  { tag: [t.propertyName, t.function(t.propertyName)], color: "#79c0ff" },
  { tag: [t.meta, t.annotation], color: "#d2a8ff" },
  { tag: [t.operator], color: "#e6edf3" },
  { tag: [t.invalid], color: "#ffa198" },
]);

const looks = (dark) =>
  dark ? [darkTheme, syntaxHighlighting(darkHighlight)] : [lightTheme, syntaxHighlighting(lightHighlight)];

// Font size in px (10-28), tab width 2/4/8; anything else falls back to the default.
const fontSizeExt = (px) => {
  const n = Number(px);
  return Number.isFinite(n) && n >= 10 && n <= 28
    ? // Higher precedence than the colour theme, whose "inherit" would win otherwise.
      Prec.high(EditorView.theme({ "&": { fontSize: `${n}px` }, ".cm-scroller": { fontSize: `${n}px` } }))
    : [];
};
const indentExt = (width) => {
  const n = TAB_WIDTHS.includes(Number(width)) ? Number(width) : 4;
  return [indentUnit.of(" ".repeat(n)), EditorState.tabSize.of(n)];
};
// Vim and Emacs bindings go before basicSetup so their keys win (their docs ask for this).
const keymapExt = (name) => (name === "vim" ? vim() : name === "emacs" ? emacs() : []);

function create(parent, options = {}) {
  if (!parent || !(parent instanceof Element)) {
    throw new TypeError("MLEditor.create: parentElement must be a DOM element");
  }
  const { doc = "", onChange = null, readOnly = false, keys = [], label = "" } = options;
  const { fontSize = null, tabWidth = 4, keymap: keys2 = "default", dark = false } = options;
  // The page's own shortcuts (e.g. Mod-Enter to run) must win over basicSetup's
  // defaults, which bind Mod-Enter to "insert blank line".
  const pageKeys = keys.map(({ key, run }) => ({ key, run: () => run() !== false, preventDefault: true }));
  const readOnlyConf = new Compartment();
  const fontConf = new Compartment();
  const indentConf = new Compartment();
  const keymapConf = new Compartment();
  const themeConf = new Compartment();
  const describedConf = new Compartment();
  // The id of an element explaining how to leave the editor (for screen readers).
  const describedExt = (id) => (id ? EditorView.contentAttributes.of({ "aria-describedby": String(id) }) : []);
  const readOnlyExt = (ro) => [EditorState.readOnly.of(!!ro), EditorView.editable.of(!ro)];

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: String(doc),
      extensions: [
        keymapConf.of(keymapExt(keys2)),
        Prec.highest(keymap.of(pageKeys)),
        basicSetup,
        python(),
        indentConf.of(indentExt(tabWidth)),
        keymap.of([tabKeymap]),
        themeConf.of(looks(dark)),
        fontConf.of(fontSizeExt(fontSize)),
        describedConf.of(describedExt(options.describedBy)),
        readOnlyConf.of(readOnlyExt(readOnly)),
        label ? EditorView.contentAttributes.of({ "aria-label": String(label) }) : [],
        // The content is focusable anyway (contenteditable); saying so explicitly lets
        // accessibility checkers see that the scroll area around it is keyboard reachable.
        EditorView.contentAttributes.of({ tabindex: "0" }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && typeof onChange === "function") onChange(u.state.doc.toString());
        }),
      ],
    }),
  });

  return {
    view,
    getValue: () => view.state.doc.toString(),
    setValue(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: String(text ?? "") } });
    },
    focus: () => view.focus(),
    setReadOnly(ro) {
      view.dispatch({ effects: readOnlyConf.reconfigure(readOnlyExt(ro)) });
    },
    // Change any of fontSize, tabWidth, keymap ("default" | "vim" | "emacs"), dark, describedBy.
    configure(settings = {}) {
      const effects = [];
      if ("fontSize" in settings) effects.push(fontConf.reconfigure(fontSizeExt(settings.fontSize)));
      if ("tabWidth" in settings) effects.push(indentConf.reconfigure(indentExt(settings.tabWidth)));
      if ("keymap" in settings) effects.push(keymapConf.reconfigure(keymapExt(settings.keymap)));
      if ("dark" in settings) effects.push(themeConf.reconfigure(looks(settings.dark)));
      if ("describedBy" in settings) effects.push(describedConf.reconfigure(describedExt(settings.describedBy)));
      if (effects.length) view.dispatch({ effects });
    },
    destroy: () => view.destroy(),
  };
}

window.MLEditor = { create, KEYMAPS, TAB_WIDTHS };
