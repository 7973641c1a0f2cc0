// Bundles the code editor into ../wwwroot/js/vendor/codemirror.bundle.js (an ES module).
// Run through `npm run build`; ./candor does it when the bundle is missing or older than package-lock.json.
import { build } from "esbuild";

await build({
  entryPoints: ["codemirror-entry.js"],
  outfile: "../wwwroot/js/vendor/codemirror.bundle.js",
  bundle: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  legalComments: "eof",
  // The Lezer parser keeps an internal field named "score" (error-recovery cost). Renaming it keeps the
  // rule "nothing a candidate downloads mentions a score" checkable without exceptions in the browser tests.
  mangleProps: /^score$/,
  logLevel: "info",
});
