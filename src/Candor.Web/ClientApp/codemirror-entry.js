// The candidate's code editor: CodeMirror 6 with a small, keyboard-friendly setup.
// Tab is left to the browser (moving focus), so keyboard users are never trapped in the editor;
// indentation comes from Enter and the language's rules.
import { EditorState, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import {
  indentOnInput, bracketMatching, syntaxHighlighting, defaultHighlightStyle, indentUnit,
} from "@codemirror/language";
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import { sql, StandardSQL } from "@codemirror/lang-sql";

const languages = {
  javascript: () => javascript(),
  typescript: () => javascript({ typescript: true }),
  python: () => python(),
  // Standard SQL: the questions ask for queries, not one database's dialect.
  sql: () => sql({ dialect: StandardSQL }),
  plain: () => [],
};

/**
 * Creates an editor in `parent`. Returns { getText, setText, setLanguage, focus }.
 * `onChange(text)` is called after every edit; `extraKeys` are key bindings that win over the defaults.
 */
export function createCodeEditor(parent, { doc = "", language = "plain", label = "Code editor", onChange, extraKeys = [] } = {}) {
  const languageSlot = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        keymap.of(extraKeys),
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        indentUnit.of("    "),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        languageSlot.of((languages[language] ?? languages.plain)()),
        // tabindex: the scrolling area must hold something focusable for keyboard users (and axe), and long lines wrap
        // rather than scroll sideways on a phone.
        EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true", tabindex: "0" }),
        EditorView.lineWrapping,
        EditorView.updateListener.of((update) => {
          if (update.docChanged && onChange) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    getText: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    setLanguage: (name) => view.dispatch({ effects: languageSlot.reconfigure((languages[name] ?? languages.plain)()) }),
    focus: () => view.focus(),
  };
}

export const codeLanguages = Object.keys(languages);
