// Bundles third-party browser code into ../wwwroot/js/vendor (ES modules), run through `npm run build`;
// ./candor does it when a bundle is missing or older than package-lock.json.
//  - codemirror.bundle.js: the candidate's code editor.
//  - vad.bundle.js + vad/: the voice interview's voice-activity detector, with the files it loads at run time
//    (the Silero VAD v5 model, its audio worklet, onnxruntime-web's WebAssembly build and its loader).
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";

const common = { bundle: true, format: "esm", minify: true, target: ["es2020"], legalComments: "eof", logLevel: "info" };

await build({
  ...common,
  entryPoints: ["codemirror-entry.js"],
  outfile: "../wwwroot/js/vendor/codemirror.bundle.js",
  // The Lezer parser keeps an internal field named "score" (error-recovery cost). Renaming it keeps the
  // rule "nothing a candidate downloads mentions a score" checkable without exceptions in the browser tests.
  mangleProps: /^score$/,
});

await build({
  ...common,
  entryPoints: ["vad-entry.js"],
  outfile: "../wwwroot/js/vendor/vad.bundle.js",
  // vad-web requires onnxruntime-web's CommonJS build; its ES module build of the WebAssembly backend alone is
  // smaller (no WebGPU code) and loads ort-wasm-simd-threaded.{mjs,wasm} from the path the page sets.
  alias: { "onnxruntime-web/wasm": "./node_modules/onnxruntime-web/dist/ort.wasm.min.mjs" },
});

const vadAssets = "../wwwroot/js/vendor/vad";
await mkdir(vadAssets, { recursive: true });
for (const file of [
  "node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx",
  "node_modules/@ricky0123/vad-web/dist/vad.worklet.bundle.min.js",
  "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm",
  "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs",
]) {
  await copyFile(file, `${vadAssets}/${file.split("/").pop()}`);
}
