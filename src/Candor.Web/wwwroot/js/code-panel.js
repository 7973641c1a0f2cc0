// The code editor panel, shown only when the interview's tools include it. CodeMirror is loaded on
// demand from the vendored bundle, so interviews without an editor never download it.
export async function openCodePanel({ panel, maxLength, onChange, onSend }) {
  const { createCodeEditor } = await import("./vendor/codemirror.bundle.js");
  const language = panel.querySelector("#code-language");
  const host = panel.querySelector("#code-editor");
  const editor = createCodeEditor(host, {
    language: language.value,
    label: "Code editor",
    onChange: (text) => {
      panel.classList.toggle("too-long", text.length > maxLength);
      onChange(text);
    },
    extraKeys: [{ key: "Mod-Enter", run: () => { onSend(); return true; } }],
  });
  language.addEventListener("change", () => editor.setLanguage(language.value));
  panel.hidden = false;
  return editor;
}
