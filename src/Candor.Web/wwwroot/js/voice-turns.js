// Turn-taking for a spoken answer, driven by the voice detector's events:
//   waiting ── speech ──▶ recording ── silence ──▶ trailing ── pause elapsed ──▶ recorded (onRecorded)
//                              ▲─────── speech again ───┘
// The pause that ends an answer is the candidate's setting once they have said a little (SUBSTANTIAL_SPEECH_MS);
// before that the longer think time applies, so "Hmm, let me see…" and a silence don't end the answer. Speech that
// was already going on when listening began is not this answer's (it is waited out). Push-to-talk records while held.
// Pausing the clock holds the answer timer and the end-of-answer pause; speaking again resumes it.

import { SPEECH_GRACE_MS } from "./voice-audio.js";

const SUBSTANTIAL_SPEECH_MS = 1500;
const GRACE_MS = SPEECH_GRACE_MS; // The detector reports the end of speech this long after the voice stopped.

/**
 * settings: { pause, think, mode } (live); timer: the answer clock (hold/release); player: the interviewer's voice
 * (stopped on barge-in); controls: { done, talk, pause } buttons; say(text): the status line;
 * onRecorded(blob, spokenSeconds) when an answer was recorded.
 */
export function createTurnTaking({ settings, timer, player, controls, say, onRecorded }) {
  let devices = null; // { recorder, detector } once the device check is done
  let state = "off"; // off | idle | waiting | recording | trailing
  let paused = false;
  let holding = false;
  let ignoreOngoing = false;
  let speechStartedAt = 0;
  let spokenMs = 0;
  let endTimer = null;
  let thinkTimer = null;

  function listening() {
    if (paused) return;
    say(settings.mode === "push-to-talk"
      ? "Hold the Talk button (or Space) while you answer."
      : "Listening. Answer whenever you're ready.");
  }

  function clearTimers() {
    clearTimeout(endTimer);
    clearTimeout(thinkTimer);
    endTimer = thinkTimer = null;
  }

  function arm() {
    if (!devices) return;
    clearTimers();
    state = "waiting";
    spokenMs = 0;
    ignoreOngoing = devices.detector.speaking;
    controls.done.disabled = true;
    listening();
    player.idle().then(() => {
      if (state !== "waiting" || settings.mode === "push-to-talk") return;
      thinkTimer = setTimeout(() => {
        if (state === "waiting" && !paused) {
          say("Take your time. Start speaking whenever you're ready, or say “give me a moment” or press P to pause the clock.");
        }
      }, settings.think * 1000);
    });
  }

  function stop() {
    clearTimers();
    devices?.recorder.discard();
    state = devices ? "idle" : "off";
    holding = false;
    controls.talk.setAttribute("aria-pressed", "false");
  }

  function bargeIn() {
    if (player.speaking) player.stop();
  }

  function beginRecording() {
    clearTimers();
    if (!devices.recorder.recording) devices.recorder.start();
    state = "recording";
    speechStartedAt = performance.now();
    controls.done.disabled = false;
    say(holding ? "Recording: let go when you've finished."
      : `Recording. When you've finished, pause for ${settings.pause} seconds (or choose “I've finished”).`);
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
    controls.talk.setAttribute("aria-pressed", "false");
    controls.done.disabled = true;
    const blob = await devices.recorder.stop();
    if (blob) onRecorded(blob, spokenMs / 1000);
    else arm();
  }

  function setPaused(on, message) {
    paused = on;
    controls.pause.setAttribute("aria-pressed", String(on));
    controls.pause.textContent = on ? "Resume the clock" : "Pause the clock";
    if (on) {
      timer.hold();
      clearTimers();
      say(message ?? "The clock is paused. Take your time: start speaking, or press P, when you're ready.");
    } else {
      timer.release();
      if (state === "trailing") scheduleEnd();
      else if (state === "waiting") listening();
    }
  }

  return {
    /** The device check is done: listen from now on. */
    attach(ready) {
      devices = ready;
      state = "idle";
    },
    detach() {
      stop();
      devices = null;
      state = "off";
    },
    arm,
    stop,
    finish,
    listening,
    setPaused,
    togglePause: () => setPaused(!paused),
    /** The settings changed: a pending end of answer follows the new pause. */
    settingsChanged: () => scheduleEnd(),
    get recording() { return state === "recording" || state === "trailing"; },
    get waiting() { return state === "waiting"; },
    get holding() { return holding; },
    get paused() { return paused; },

    // The voice detector's events.
    speechStarted() {
      if (!devices) return;
      bargeIn();
      if (ignoreOngoing) return;
      if (paused && state !== "idle") setPaused(false);
      if (holding) return;
      if (state === "waiting" && settings.mode === "hands-free") beginRecording();
      else if (state === "trailing") {
        clearTimers();
        state = "recording";
        speechStartedAt = performance.now();
      }
    },
    speechEnded() {
      if (ignoreOngoing) {
        ignoreOngoing = false;
        return;
      }
      if (state !== "recording" || holding) return;
      spokenMs += Math.max(0, performance.now() - speechStartedAt - GRACE_MS);
      state = "trailing";
      scheduleEnd();
    },
    misfired() {
      if (ignoreOngoing) {
        ignoreOngoing = false;
        return;
      }
      if (state !== "recording" || holding) return;
      if (spokenMs === 0) {
        devices.recorder.discard(); // A cough or a click, not an answer.
        arm();
      } else {
        state = "trailing";
        scheduleEnd();
      }
    },

    // Push-to-talk.
    talkDown() {
      if (!devices || holding || !["waiting", "recording", "trailing"].includes(state)) return;
      bargeIn();
      if (paused) setPaused(false);
      holding = true;
      controls.talk.setAttribute("aria-pressed", "true");
      beginRecording();
    },
    talkUp() {
      if (holding) finish();
    },
  };
}
