// The spoken side of the candidate's interview page (js/interview.js opens it when the interview's tools say voice):
// the device check, then hands-free turn-taking. Per turn: the interviewer's words play (captions on screen); the
// microphone listens all the while, so speaking over the interviewer stops it (barge-in); speech starts a recording,
// and a pause of the chosen length ends it (a longer "think time" is allowed while only a few words were said); the
// recording goes to the server, and what was heard comes back to be confirmed, corrected or re-recorded. Push-to-talk
// (hold Space or the button) is the alternative; typing is always possible; "give me a moment" or P pauses the clock.
import { openMicrophone, createLevelMeter, startSpeechDetector, createRecorder, MediaError } from "./voice-audio.js";
import { createPlayer } from "./voice-player.js";
import { loadSettings, bindSettings } from "./voice-settings.js";

const PAUSE_PHRASE = /\b(give me (a|one) (moment|minute|second|sec)|one (moment|second|sec)|just a (moment|minute|second|sec)|let me think|hold on)\b/i;
const SUBSTANTIAL_SPEECH_MS = 1500; // Below this the think time applies, not the end-of-answer pause.
const GRACE_MS = 400; // The detector reports the end of speech this long after the voice stopped.
const SHORT_RECORDING_SECONDS = 3; // Short recordings are held first, in case they only say "give me a moment".

const $ = (id) => document.getElementById(id);

const MIC_PROBLEMS = {
  denied: "The microphone is blocked for this page. Allow it in your browser's site settings (the icon beside the address) and try again, or type your answers instead.",
  missing: "No microphone was found. Plug one in and try again, or type your answers instead.",
  busy: "The microphone is in use by another app. Close it and try again, or type your answers instead.",
  unsupported: "This browser can't record audio here. Try a current Chrome, Edge, Firefox or Safari, or type your answers instead.",
};

/**
 * hooks: sendRecording(blob, submit) → the spoken answer's final body, or null when it failed (the page shows why);
 * sendText(text) → sends the confirmed words as the answer; typing(reason) → the candidate types from now on.
 */
export function openVoice({ token, api, voice, confirm, timer, hooks }) {
  const ui = {
    root: $("voice"), check: $("voice-check"), live: $("voice-live"),
    micAllow: $("mic-allow"), micStatus: $("mic-status"), micLevel: $("mic-level"),
    speakerStep: $("speaker-step"), speakerPlay: $("speaker-play"), speakerQuestion: $("speaker-question"),
    speakerYes: $("speaker-yes"), speakerNo: $("speaker-no"), speakerStatus: $("speaker-status"), speakerClip: $("speaker-clip"),
    start: $("voice-start"), checkStatus: $("check-status"), checkError: $("check-error"), typingButtons: document.querySelectorAll("[data-voice-typing]"),
    caption: $("caption"), status: $("voice-status"), liveLevel: $("live-level"),
    talk: $("talk"), done: $("voice-done"), pause: $("voice-pause"), quiet: $("voice-quiet"), replay: $("voice-replay"),
    heardPanel: $("heard-panel"), heardText: $("heard-text"), heardLow: $("heard-low"), heardSend: $("heard-send"), heardAgain: $("heard-again"),
    audio: $("interviewer-audio"), back: $("voice-back"),
  };
  const readyKey = `candor:${token}:voice-ready`;
  const typedKey = `candor:${token}:typed`;
  const settings = loadSettings();
  bindSettings(settings, () => { if (state === "trailing") scheduleEnd(); });

  let mic = null; // { stream, context, source, meter }
  let detector = null;
  let detecting = null; // the detector loading (its model and runtime are large): started as soon as the microphone is on
  let recorder = null;
  let micOk = false;
  let heardOk = !voice.text_to_speech; // Nothing to hear when the interviewer doesn't speak.
  let started = false;
  let state = "off"; // off | idle | waiting | recording | trailing | confirming
  let paused = false;
  let holding = false; // push-to-talk held down
  let ignoreOngoing = false; // speech that began before listening did: not this answer's
  let speechStartedAt = 0;
  let spokenMs = 0;
  let endTimer = null;
  let thinkTimer = null;
  let meterHandle = null;
  let current = null; // the turn listened for
  let partsFor = null; // the turn whose audio parts arrived while its reply streamed
  let lastAudio = null; // { url, text } of the current turn, for "Hear the question again"
  let pending = null; // the newest recording of the current turn, restored after a reload

  const player = createPlayer({
    audio: ui.audio,
    caption: ui.caption,
    onSpeaking: (speaking) => {
      ui.quiet.disabled = !speaking;
      if (speaking) setStatus("The interviewer is speaking. Start answering whenever you like: it stops when you speak.");
      else if (state === "waiting" && !paused) listening();
    },
  });

  // ------------------------------------------------------------ device check

  function showCheck({ resumed }) {
    ui.root.hidden = false;
    ui.check.hidden = false;
    ui.live.hidden = true;
    ui.back.hidden = true;
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
        ui.liveLevel.value = level;
      }, 100);
    }
    return mic;
  }

  function loadDetector() {
    detecting ??= startSpeechDetector({
      context: mic.context, stream: mic.stream, meter: mic.meter,
      on: { start: onSpeechStart, end: onSpeechEnd, misfire: onMisfire },
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
    try {
      detector = await loadDetector();
    } catch (error) {
      ui.checkStatus.textContent = "";
      ui.checkError.textContent = "Listening could not start in this browser. Please type your answers instead.";
      updateStart();
      return;
    }
    ui.checkStatus.textContent = "";
    ui.root.dataset.detector = detector.kind;
    sessionStorage.setItem(readyKey, "1");
    sessionStorage.removeItem(typedKey);
    started = true;
    ui.check.hidden = true;
    ui.live.hidden = false;
    timer.release();
    if (current) showRestored(current);
    ui.talk.focus();
  });

  for (const button of ui.typingButtons) button.addEventListener("click", () => switchToTyping());
  ui.back.addEventListener("click", () => {
    sessionStorage.removeItem(typedKey);
    showCheck({ resumed: sessionStorage.getItem(readyKey) === "1" });
    (ui.check.classList.contains("resumed") ? ui.start : ui.micAllow).focus();
  });

  function switchToTyping() {
    sessionStorage.setItem(typedKey, "1");
    stopListening();
    player.stop();
    started = false;
    ui.check.hidden = true;
    ui.live.hidden = true;
    ui.heardPanel.hidden = true;
    ui.back.hidden = false;
    timer.release();
    hooks.typing();
  }

  // ------------------------------------------------------------ turn-taking

  function setStatus(text) {
    ui.status.textContent = text;
  }

  function listening() {
    if (paused) return;
    setStatus(settings.mode === "push-to-talk"
      ? "Hold the Talk button (or Space) while you answer."
      : "Listening. Answer whenever you're ready.");
  }

  function arm() {
    clearTimers();
    state = "waiting";
    spokenMs = 0;
    ignoreOngoing = detector?.speaking ?? false;
    ui.done.disabled = true;
    listening();
    player.idle().then(() => {
      if (state !== "waiting" || settings.mode === "push-to-talk") return;
      thinkTimer = setTimeout(() => {
        if (state === "waiting" && !paused) {
          setStatus("Take your time. Start speaking whenever you're ready, or say “give me a moment” or press P to pause the clock.");
        }
      }, settings.think * 1000);
    });
  }

  function stopListening() {
    clearTimers();
    recorder?.discard();
    state = started ? "idle" : "off";
    holding = false;
    ui.talk.setAttribute("aria-pressed", "false");
  }

  function clearTimers() {
    clearTimeout(endTimer);
    clearTimeout(thinkTimer);
    endTimer = thinkTimer = null;
  }

  function bargeIn() {
    if (player.speaking) player.stop();
  }

  function beginRecording() {
    clearTimers();
    if (!recorder.recording) recorder.start();
    state = "recording";
    speechStartedAt = performance.now();
    ui.done.disabled = false;
    setStatus(holding ? "Recording: let go when you've finished."
      : `Recording. When you've finished, pause for ${settings.pause} seconds (or choose “I've finished”).`);
  }

  function onSpeechStart() {
    if (!started) return;
    bargeIn();
    if (ignoreOngoing) return;
    if (paused && (state === "waiting" || state === "trailing" || state === "recording")) setPaused(false);
    if (holding) return;
    if (state === "waiting" && settings.mode === "hands-free") beginRecording();
    else if (state === "trailing") {
      clearTimers();
      state = "recording";
      speechStartedAt = performance.now();
    }
  }

  function onSpeechEnd() {
    if (ignoreOngoing) {
      ignoreOngoing = false;
      return;
    }
    if (state !== "recording" || holding) return;
    spokenMs += Math.max(0, performance.now() - speechStartedAt - GRACE_MS);
    state = "trailing";
    scheduleEnd();
  }

  function onMisfire() {
    if (ignoreOngoing) {
      ignoreOngoing = false;
      return;
    }
    if (state !== "recording" || holding) return;
    if (spokenMs === 0) {
      recorder.discard(); // A cough or a click, not an answer.
      arm();
    } else {
      state = "trailing";
      scheduleEnd();
    }
  }

  function scheduleEnd() {
    clearTimeout(endTimer);
    if (state !== "trailing" || paused) return;
    const allowed = (spokenMs >= SUBSTANTIAL_SPEECH_MS ? settings.pause : settings.think) * 1000;
    endTimer = setTimeout(finish, Math.max(200, allowed - GRACE_MS));
  }

  async function finish() {
    if (state !== "recording" && state !== "trailing") return;
    if (state === "recording") spokenMs += performance.now() - speechStartedAt;
    clearTimers();
    state = "idle";
    holding = false;
    ui.talk.setAttribute("aria-pressed", "false");
    ui.done.disabled = true;
    const seconds = spokenMs / 1000;
    const blob = await recorder.stop();
    if (!blob) {
      arm();
      return;
    }
    const submit = !confirm && seconds >= SHORT_RECORDING_SECONDS;
    setStatus("Sending your answer…");
    const result = await hooks.sendRecording(blob, submit);
    if (!result) {
      if (started && current && !current.done) arm();
      return;
    }
    handleSpoken(result);
  }

  /** What came back for a recording that did not move the interview on (held or not heard). */
  function handleSpoken(result) {
    if (result.outcome === "answered") return; // interview.js shows the next turn, which calls turnShown.
    if (result.outcome === "not_heard") {
      arm();
      setStatus(result.message || "Sorry, I didn't catch that — could you repeat it or type it?");
      return;
    }
    const heard = (result.heard ?? "").trim();
    if (PAUSE_PHRASE.test(heard) && heard.split(/\s+/).length <= 10) {
      arm();
      setPaused(true, "Of course, take your time. The clock is paused: start speaking, or press P, when you're ready.");
      return;
    }
    if (!confirm) {
      setStatus("Sending your answer…");
      hooks.sendText(heard);
      return;
    }
    showHeld(heard, result.low_confidence);
  }

  function showHeld(heard, lowConfidence) {
    stopListening();
    state = "confirming";
    ui.heardPanel.hidden = false;
    ui.heardText.value = heard;
    ui.heardLow.hidden = !lowConfidence;
    setStatus("Here is what we heard. Send it, correct it first, or record it again.");
    ui.heardSend.focus();
  }

  ui.heardSend.addEventListener("click", () => {
    const text = ui.heardText.value.trim();
    if (text === "") {
      setStatus("There is nothing to send: record your answer again, or type it.");
      ui.heardText.focus();
      return;
    }
    hooks.sendText(text);
  });
  ui.heardAgain.addEventListener("click", () => {
    ui.heardPanel.hidden = true;
    arm();
    ui.talk.focus();
  });

  function setPaused(on, message) {
    paused = on;
    ui.pause.setAttribute("aria-pressed", String(on));
    ui.pause.textContent = on ? "Resume the clock" : "Pause the clock";
    if (on) {
      timer.hold();
      clearTimers();
      setStatus(message ?? "The clock is paused. Take your time: start speaking, or press P, when you're ready.");
    } else {
      timer.release();
      if (state === "trailing") scheduleEnd();
      else if (state === "waiting") listening();
    }
  }

  ui.pause.addEventListener("click", () => setPaused(!paused));
  ui.done.addEventListener("click", () => finish());
  ui.quiet.addEventListener("click", () => player.stop());
  ui.replay.addEventListener("click", () => {
    if (!lastAudio) return;
    player.reset();
    player.enqueue(lastAudio.url, lastAudio.text);
  });

  // Push-to-talk: hold the button (pointer, or Space/Enter on it) or Space anywhere outside a text field.
  function talkDown() {
    if (!started || holding || !["waiting", "recording", "trailing"].includes(state)) return;
    bargeIn();
    if (paused) setPaused(false);
    holding = true;
    ui.talk.setAttribute("aria-pressed", "true");
    beginRecording();
  }
  function talkUp() {
    if (!holding) return;
    finish();
  }
  ui.talk.addEventListener("pointerdown", (event) => { event.preventDefault(); talkDown(); });
  ui.talk.addEventListener("pointerup", talkUp);
  ui.talk.addEventListener("pointerleave", talkUp);
  ui.talk.addEventListener("keydown", (event) => {
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      if (!event.repeat) talkDown();
    }
  });
  ui.talk.addEventListener("keyup", (event) => {
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      talkUp();
    }
  });
  ui.talk.addEventListener("click", (event) => event.preventDefault());

  const typingTarget = (target) => target.closest?.("input, textarea, select, button, a, [contenteditable], .cm-editor, dialog");
  document.addEventListener("keydown", (event) => {
    if (!started || ui.live.hidden || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && player.speaking) {
      player.stop();
      return;
    }
    if (typingTarget(event.target)) return;
    if (event.key === " ") {
      event.preventDefault();
      if (!event.repeat) talkDown();
    } else if (event.key === "p" || event.key === "P") {
      event.preventDefault();
      setPaused(!paused);
    }
  });
  document.addEventListener("keyup", (event) => {
    if (event.key === " " && holding && !typingTarget(event.target)) talkUp();
  });

  // ------------------------------------------------------------ the page's events

  const audioUrl = (turnId) => `${api}/turns/${encodeURIComponent(turnId)}/audio`;

  /** A turn awaits an answer (first load, or the reply to an answer): speak it unless its parts already play, and listen. */
  function turnShown(turn) {
    current = turn;
    ui.heardPanel.hidden = true;
    if (!started) return;
    const streamed = partsFor === turn.turn_id;
    partsFor = null;
    lastAudio = voice.text_to_speech ? { url: audioUrl(turn.turn_id), text: turn.text } : null;
    ui.replay.disabled = !lastAudio;
    if (!streamed) {
      player.reset();
      if (lastAudio) player.enqueue(lastAudio.url, lastAudio.text);
    }
    if (turn.done) {
      stopListening();
      releaseMicrophone();
      setStatus("That's the end of the interview. Thank you!");
      return;
    }
    arm();
  }

  function releaseMicrophone() {
    detector?.destroy();
    detector = null;
    detecting = null;
    mic?.stream.getTracks().forEach((track) => track.stop());
    clearInterval(meterHandle);
    meterHandle = null;
  }

  /** The first turn after the device check: a transcript held for confirmation before a reload comes back as it was. */
  function showRestored(turn) {
    const latest = pending;
    pending = null;
    if (latest?.status === "heard" && latest.heard) {
      current = turn;
      lastAudio = voice.text_to_speech ? { url: audioUrl(turn.turn_id), text: turn.text } : null;
      ui.replay.disabled = !lastAudio;
      showHeld(latest.heard, latest.low_confidence);
      return;
    }
    turnShown(turn);
    if (latest?.status === "not_heard" && latest.message) setStatus(latest.message);
    else if (latest?.status === "pending") setStatus("Your last recording is still being processed. If it doesn't appear as your answer, say it again or type it.");
  }

  return {
    /** Called by the page once it knows the session: the device check, or typing if the candidate chose it. */
    begin(turn, latest) {
      current = turn;
      if (sessionStorage.getItem(typedKey) === "1") {
        switchToTyping();
        return;
      }
      showCheck({ resumed: sessionStorage.getItem(readyKey) === "1" });
      pending = latest && turn && !turn.done ? latest : null;
    },
    turnShown(turn) {
      current = turn;
      if (started) turnShown(turn);
    },
    /** An answer is on its way: stop listening and the question's audio; the reply's audio follows. */
    beforeSend() {
      stopListening();
      ui.heardPanel.hidden = true;
      player.reset();
      partsFor = null;
    },
    /** The answer failed to send: listen again for this turn. */
    sendFailed() {
      if (started && current && !current.done && state !== "confirming") arm();
    },
    audioPart(part) {
      if (!started || !voice.text_to_speech) return;
      partsFor = part.turn_id;
      player.enqueue(part.url, part.text);
    },
    replaced() {
      partsFor = null;
      player.reset();
    },
    get active() { return started; },
    get recording() { return state === "recording" || state === "trailing"; },
    finishNow: () => finish(),
    /** The interview ended: let go of the microphone. */
    close() {
      stopListening();
      player.stop();
      releaseMicrophone();
      state = "off";
    },
  };
}
