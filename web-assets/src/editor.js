// Entry point for vendor/editor.js (esbuild IIFE bundle).
// Exposes window.MLEditor = { create(parentElement, {doc, onChange, readOnly, keys, label}) }.
import { basicSetup } from "codemirror";
import { EditorView, keymap } from "@codemirror/view";
import { EditorState, Compartment, EditorSelection, Prec } from "@codemirror/state";
import { indentLess, indentMore } from "@codemirror/commands";
import { indentUnit, syntaxHighlighting, HighlightStyle } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { tags as t } from "@lezer/highlight";

const INDENT = "    ";

// Tab: with a selection, indent the selected lines by 4 spaces; otherwise insert
// spaces up to the next multiple of 4 at the cursor. Shift-Tab dedents.
// (Same key binding shape as @codemirror/commands' indentWithTab, but never
// inserts a hard tab character.) Esc then Tab still moves focus out.
function tabInsertSpaces(view) {
  const { state } = view;
  if (state.readOnly) return false;
  if (state.selection.ranges.some((r) => !r.empty)) return indentMore(view);
  view.dispatch(
    state.changeByRange((range) => {
      const line = state.doc.lineAt(range.head);
      const col = range.head - line.from;
      const spaces = " ".repeat(INDENT.length - (col % INDENT.length));
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
      color: "#8c959f",
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

function create(parent, options = {}) {
  if (!parent || !(parent instanceof Element)) {
    throw new TypeError("MLEditor.create: parentElement must be a DOM element");
  }
  const { doc = "", onChange = null, readOnly = false, keys = [], label = "" } = options;
  // The page's own shortcuts (e.g. Mod-Enter to run) must win over basicSetup's
  // defaults, which bind Mod-Enter to "insert blank line".
  const pageKeys = keys.map(({ key, run }) => ({ key, run: () => run() !== false, preventDefault: true }));
  const readOnlyConf = new Compartment();
  const readOnlyExt = (ro) => [EditorState.readOnly.of(!!ro), EditorView.editable.of(!ro)];

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: String(doc),
      extensions: [
        Prec.highest(keymap.of(pageKeys)),
        basicSetup,
        python(),
        indentUnit.of(INDENT),
        EditorState.tabSize.of(4),
        keymap.of([tabKeymap]),
        lightTheme,
        syntaxHighlighting(lightHighlight),
        readOnlyConf.of(readOnlyExt(readOnly)),
        label ? EditorView.contentAttributes.of({ "aria-label": String(label) }) : [],
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
    destroy: () => view.destroy(),
  };
}

window.MLEditor = { create };
