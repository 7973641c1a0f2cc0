// The voice-activity detector of the candidate's voice interview: Silero VAD (ONNX) on onnxruntime-web, from
// @ricky0123/vad-web. Its model, audio worklet and WebAssembly runtime are copied beside the bundle by build.mjs
// and served from our own origin (wwwroot/js/vendor/vad/); nothing is fetched from anywhere else.
// Only the real-time detector: the package index also pulls in the non-real-time one, with all of onnxruntime-web.
export { MicVAD } from "@ricky0123/vad-web/dist/real-time-vad.js";
