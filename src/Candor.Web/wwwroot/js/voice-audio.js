// The microphone side of a voice interview: the stream, a level meter, a voice-activity detector and a recorder.
//  - Speech is detected by Silero VAD (vad-web on onnxruntime-web, served from /js/vendor/vad/); if that cannot load
//    (an old browser, WebAssembly blocked), a simple energy detector on the analyser's levels takes its place.
//  - The recorder listens to the microphone through a short delay line, so a recording started when speech is
//    detected still holds the first syllable (detection always lags the voice a little).

const PRE_ROLL_SECONDS = 0.5;
/** Silence shorter than this is still the same stretch of speech (a breath between sentences is 300–500 ms). */
export const SPEECH_GRACE_MS = 700;
const VAD_ASSETS = new URL("vendor/vad/", import.meta.url).href;

/** Asks for the microphone. Rejects with a MediaError whose `reason` is denied, missing, busy or unsupported. */
export async function openMicrophone() {
  if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined") {
    throw new MediaError("unsupported");
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
  } catch (error) {
    const reason = error?.name === "NotAllowedError" || error?.name === "SecurityError" ? "denied"
      : error?.name === "NotFoundError" || error?.name === "OverconstrainedError" ? "missing"
      : error?.name === "NotReadableError" ? "busy"
      : "unsupported";
    throw new MediaError(reason, error);
  }
}

export class MediaError extends Error {
  constructor(reason, cause) {
    super(reason);
    this.reason = reason;
    this.cause = cause;
  }
}

/** Level of the microphone, 0..1 (a loudness, not a raw amplitude), read from an AnalyserNode. */
export function createLevelMeter(context, source) {
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  return {
    analyser,
    /** Root mean square in dBFS (−100 for silence). */
    decibels() {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = Math.sqrt(sum / samples.length);
      return rms > 0 ? Math.max(-100, 20 * Math.log10(rms)) : -100;
    },
    /** −60 dBFS and below shows as empty, −10 dBFS and above as full. */
    level() {
      return Math.min(1, Math.max(0, (this.decibels() + 60) / 50));
    },
  };
}

/**
 * Starts a voice-activity detector on the microphone and calls on.start() when speech begins, on.end() when it
 * has stopped (after a short grace period), on.misfire() for a blip too short to be speech. Resolves to
 * { kind: "silero" | "energy", speaking, destroy() }.
 */
export async function startSpeechDetector({ context, stream, meter, on }) {
  try {
    const { MicVAD } = await import("./vendor/vad.bundle.js");
    let speaking = false;
    const vad = await MicVAD.new({
      model: "v5",
      baseAssetPath: VAD_ASSETS,
      onnxWASMBasePath: VAD_ASSETS,
      audioContext: context,
      getStream: async () => stream,
      pauseStream: async () => {}, // The stream is shared with the meter and the recorder: never stop its tracks here.
      resumeStream: async () => stream,
      startOnLoad: true,
      positiveSpeechThreshold: 0.5,
      negativeSpeechThreshold: 0.35,
      redemptionMs: SPEECH_GRACE_MS,
      preSpeechPadMs: 300,
      minSpeechMs: 250,
      ortConfig: (ort) => {
        ort.env.logLevel = "error";
        ort.env.wasm.numThreads = 1; // Threads need cross-origin isolation; one is plenty for 32 ms frames.
      },
      onSpeechStart: () => { speaking = true; on.start(); },
      onSpeechEnd: () => { speaking = false; on.end(); },
      onVADMisfire: () => { speaking = false; on.misfire(); },
    });
    return { kind: "silero", get speaking() { return speaking; }, destroy: () => vad.destroy().catch(() => {}) };
  } catch (error) {
    console.warn("The neural voice detector could not start; using the energy detector instead.", error);
    return startEnergyDetector(meter, on);
  }
}

/** Loudness with hysteresis: speech above −38 dBFS for 150 ms starts, below −45 dBFS for the grace period ends. */
function startEnergyDetector(meter, on) {
  const frameMs = 30;
  let speaking = false;
  let loudMs = 0;
  let quietMs = 0;
  let spokenMs = 0;
  const handle = setInterval(() => {
    const db = meter.decibels();
    if (!speaking) {
      loudMs = db > -38 ? loudMs + frameMs : 0;
      if (loudMs >= 150) {
        speaking = true;
        quietMs = 0;
        spokenMs = loudMs;
        on.start();
      }
    } else {
      spokenMs += frameMs;
      quietMs = db < -45 ? quietMs + frameMs : 0;
      if (quietMs >= SPEECH_GRACE_MS) {
        speaking = false;
        loudMs = 0;
        if (spokenMs - quietMs < 250) on.misfire();
        else on.end();
      }
    }
  }, frameMs);
  return { kind: "energy", get speaking() { return speaking; }, destroy: () => clearInterval(handle) };
}

/** The best recording format this browser offers: webm/opus (Chromium, Firefox), ogg/opus, or mp4 (Safari). */
function recordingType() {
  for (const type of ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"]) {
    if (MediaRecorder.isTypeSupported?.(type)) return type;
  }
  return "";
}

/** A recorder of the microphone heard through a delay line (see the top of this file). One recording at a time. */
export function createRecorder(context, source) {
  const delay = context.createDelay(1);
  delay.delayTime.value = PRE_ROLL_SECONDS;
  const destination = context.createMediaStreamDestination();
  source.connect(delay).connect(destination);
  const type = recordingType();
  let recorder = null;
  let chunks = [];
  let startedAt = 0;

  return {
    get recording() { return recorder !== null; },
    /** Seconds recorded so far (0 when not recording). */
    get seconds() { return recorder ? (performance.now() - startedAt) / 1000 : 0; },
    start() {
      if (recorder) return;
      chunks = [];
      recorder = new MediaRecorder(destination.stream, type ? { mimeType: type } : undefined);
      recorder.addEventListener("dataavailable", (event) => { if (event.data.size > 0) chunks.push(event.data); });
      recorder.start(1000);
      startedAt = performance.now();
    },
    /** Stops and resolves to the recording as a Blob (null if nothing was recorded). */
    stop() {
      const current = recorder;
      recorder = null;
      if (!current) return Promise.resolve(null);
      return new Promise((resolve) => {
        current.addEventListener("stop", () => {
          const blob = new Blob(chunks, { type: (current.mimeType || type || "audio/webm").split(";")[0] });
          resolve(blob.size > 0 ? blob : null);
        }, { once: true });
        current.stop();
      });
    },
    /** Throws the recording away (the candidate re-records, or the interview ends). */
    discard() {
      const current = recorder;
      recorder = null;
      if (current && current.state !== "inactive") current.stop();
    },
  };
}

/** The file name the server sees for a recording, by its type (the server probes the content anyway). */
export function recordingFileName(blob) {
  const type = blob.type || "audio/webm";
  return `answer.${type.includes("ogg") ? "ogg" : type.includes("mp4") ? "m4a" : "webm"}`;
}
