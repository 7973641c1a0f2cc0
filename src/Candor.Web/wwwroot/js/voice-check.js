// The device check before a spoken interview: the microphone (permission, a live level meter) and the speakers
// ("Can you hear this?" with a bundled clip), with a way out to typing at every step. The voice detector starts
// loading as soon as the microphone is on, so it is usually ready by the time the candidate presses Start.
import { openMicrophone, createLevelMeter, startSpeechDetector, createRecorder, MediaError } from "./voice-audio.js";

const $ = (id) => document.getElementById(id);

const MIC_PROBLEMS = {
  denied: "The microphone is blocked for this page. Allow it in your browser's site settings (the icon beside the address) and try again, or type your answers instead.",
  missing: "No microphone was found. Plug one in and try again, or type your answers instead.",
  busy: "The microphone is in use by another app. Close it and try again, or type your answers instead.",
  unsupported: "This browser can't record audio here. Try a current Chrome, Edge, Firefox or Safari, or type your answers instead.",
};

/**
 * on: the voice detector's callbacks (start, end, misfire); levels: more <meter>s to show the microphone level in;
 * onReady({ mic, detector, recorder }) when the candidate starts.
 */
export function createDeviceCheck({ voice, timer, on, levels, onReady }) {
  const ui = {
    check: $("voice-check"), micAllow: $("mic-allow"), micStatus: $("mic-status"), micLevel: $("mic-level"),
    speakerStep: $("speaker-step"), speakerPlay: $("speaker-play"), speakerQuestion: $("speaker-question"),
    speakerYes: $("speaker-yes"), speakerNo: $("speaker-no"), speakerStatus: $("speaker-status"), speakerClip: $("speaker-clip"),
    start: $("voice-start"), checkStatus: $("check-status"), checkError: $("check-error"),
  };
  let mic = null; // { stream, context, source, meter }
  let recorder = null;
  let detecting = null; // the detector loading (its model and runtime are large)
  let meterHandle = null;
  let micOk = false;
  let heardOk = !voice.text_to_speech; // Nothing to hear when the interviewer doesn't speak.

  function show({ resumed }) {
    ui.check.hidden = false;
    ui.speakerStep.hidden = !voice.text_to_speech;
    ui.check.classList.toggle("resumed", resumed);
    updateStart();
    timer.hold(); // The answer clock waits while the candidate sets up.
  }

  function updateStart() {
    const resumed = ui.check.classList.contains("resumed");
    ui.start.disabled = !(resumed || (micOk && heardOk));
    ui.start.textContent = resumed ? "Continue the spoken interview" : "Start speaking";
  }

  async function ensureMicrophone() {
    if (mic) return mic;
    const stream = await openMicrophone();
    const context = new AudioContext();
    const source = context.createMediaStreamSource(stream);
    mic = { stream, context, source, meter: createLevelMeter(context, source) };
    recorder = createRecorder(context, source);
    if (meterHandle === null) {
      meterHandle = setInterval(() => {
        const level = mic.meter.level();
        ui.micLevel.value = level;
        for (const meter of levels) meter.value = level;
      }, 100);
    }
    return mic;
  }

  function loadDetector() {
    detecting ??= startSpeechDetector({
      context: mic.context, stream: mic.stream, meter: mic.meter,
      on,
    }).catch((error) => {
      detecting = null;
      throw error;
    });
    return detecting;
  }

  function micProblem(error) {
    const reason = error instanceof MediaError ? error.reason : "unsupported";
    ui.checkError.textContent = MIC_PROBLEMS[reason];
    ui.micStatus.textContent = "The microphone isn't working yet.";
    micOk = false;
    updateStart();
  }

  ui.micAllow.addEventListener("click", async () => {
    ui.checkError.textContent = "";
    ui.micAllow.disabled = true;
    try {
      await ensureMicrophone();
      await mic.context.resume();
      micOk = true;
      ui.micStatus.textContent = "Your microphone is on. Say a few words: the level bar should move.";
      ui.micLevel.hidden = false;
      ui.micAllow.hidden = true; // Nothing more to do here; focus moves on to the next step.
      updateStart();
      (voice.text_to_speech ? ui.speakerPlay : ui.start).focus();
      loadDetector();
    } catch (error) {
      micProblem(error);
    } finally {
      ui.micAllow.disabled = false;
      updateStart();
    }
  });

  ui.speakerPlay.addEventListener("click", () => {
    ui.speakerClip.currentTime = 0;
    ui.speakerClip.play().then(() => {
      ui.speakerQuestion.hidden = false;
      ui.speakerStatus.textContent = "";
    }).catch(() => {
      ui.speakerStatus.textContent = "The sound check could not play in this browser. Check your speakers, or type your answers instead.";
      ui.speakerQuestion.hidden = false;
    });
  });
  ui.speakerYes.addEventListener("click", () => {
    heardOk = true;
    ui.speakerStatus.textContent = "Great: your speakers work.";
    updateStart();
  });
  ui.speakerNo.addEventListener("click", () => {
    heardOk = false;
    ui.speakerStatus.textContent = "Turn the volume up or plug in headphones, then play the sound check again. Or type your answers instead: the interviewer's words are always shown on screen.";
    updateStart();
  });

  ui.start.addEventListener("click", async () => {
    ui.checkError.textContent = "";
    ui.start.disabled = true;
    try {
      await ensureMicrophone();
      await mic.context.resume();
    } catch (error) {
      ui.check.classList.remove("resumed");
      micProblem(error);
      return;
    }
    ui.checkStatus.textContent = "Getting ready to listen…";
    let detector;
    try {
      detector = await loadDetector();
    } catch (error) {
      ui.checkStatus.textContent = "";
      ui.checkError.textContent = "Listening could not start in this browser. Please type your answers instead.";
      updateStart();
      return;
    }
    ui.checkStatus.textContent = "";
    ui.check.hidden = true;
    onReady({ mic, detector, recorder });
  });

  return {
    show,
    hide() {
      ui.check.hidden = true;
    },
    focus() {
      (ui.check.classList.contains("resumed") ? ui.start : ui.micAllow).focus();
    },
    /** Lets go of the microphone (the interview ended, or the candidate types). */
    release() {
      detecting?.then((detector) => detector.destroy()).catch(() => {});
      detecting = null;
      mic?.stream.getTracks().forEach((track) => track.stop());
      mic?.context.close().catch(() => {});
      mic = null;
      recorder = null;
      clearInterval(meterHandle);
      meterHandle = null;
      micOk = false;
    },
  };
}
