// Runs inside the sandbox: transpiles the candidate's /src/main.ts to JavaScript on stdout.
// Syntax errors go to stderr with exit code 2 (shown as compile_error). Types are not checked,
// the way esbuild and Node's type stripping treat TypeScript: the tests judge the behaviour.
"use strict";
const path = require("path");
const fs = require("fs");
const ts = require(path.join(__dirname, "node_modules", "typescript"));

const source = fs.readFileSync("/src/main.ts", "utf8");
const result = ts.transpileModule(source, {
  fileName: "main.ts",
  reportDiagnostics: true,
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: false },
});
const errors = (result.diagnostics || []).filter((d) => d.category === ts.DiagnosticCategory.Error);
if (errors.length > 0) {
  for (const d of errors) {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    process.stderr.write(where ? `main.ts(${where.line + 1},${where.character + 1}): error TS${d.code}: ${text}\n` : `error TS${d.code}: ${text}\n`);
  }
  process.exit(2);
}
process.stdout.write(result.outputText);
