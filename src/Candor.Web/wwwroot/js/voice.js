// The spoken side of the candidate's interview page (js/interview.js opens it when the interview's tools say voice).
// Per turn: the interviewer's words play with captions (voice-player.js); the microphone listens all the while, so
// speaking over the interviewer stops it (barge-in); speech is recorded and a pause ends the answer (voice-turns.js);
// the recording goes to the server, and what was heard comes back to be confirmed, corrected or re-recorded.
// Before all that, the device check (voice-check.js); typing is possible at every step.
import { createDeviceCheck } from "./voice-check.js";
import { createPlayer } from "./voice-player.js";
import { createTurnTaking } from "./voice-turns.js";
import { loadSettings, bindSettings } from "./voice-settings.js";

const PAUSE_PHRASE = /\b(give me (a|one) (moment|minute|second|sec)|one (moment|second|sec)|just a (moment|minute|second|sec)|let me think|hold on)\b/i;
const SHORT_RECORDING_SECONDS = 3; // Short recordings are held first, in case they only say "give me a moment".

const $ = (id) => document.getElementById(id);

/**
 * voice: the session's voice settings; confirm: show what was heard before sending (the job's setting).
 * hooks: sendRecording(blob, submit) → the spoken answer's final body, or null when it failed (the page shows why);
 * sendText(text) → sends the confirmed words as the answer; typing() → the candidate types from now on.
 */
export function openVoice({ token, api, voice, confirm, timer, hooks }) {
  const ui = {
    root: $("voice"), live: $("voice-live"), typingButtons: document.querySelectorAll("[data-voice-typing]"),
    caption: $("caption"), status: $("voice-status"), liveLevel: $("live-level"),
    talk: $("talk"), done: $("voice-done"), pause: $("voice-pause"), quiet: $("voice-quiet"), replay: $("voice-replay"),
    heardPanel: $("heard-panel"), heardText: $("heard-text"), heardLow: $("heard-low"), heardSend: $("heard-send"), heardAgain: $("heard-again"),
    audio: $("interviewer-audio"), back: $("voice-back"),
  };
  const readyKey = `candor:${token}:voice-ready`;
  const typedKey = `candor:${token}:typed`;
  const audioUrl = (turnId) => `${api}/turns/${encodeURIComponent(turnId)}/audio`;
  const say = (text) => { ui.status.textContent = text; };

  let started = false;
  let current = null; // the turn awaiting an answer
  let partsFor = null; // the turn whose audio parts arrived while its reply streamed
  let lastAudio = null; // { url, text } of the current turn, for "Hear the question again"
  let pending = null; // the newest recording of the current turn, restored after a reload

  const settings = loadSettings();
  const player = createPlayer({
    audio: ui.audio,
    caption: ui.caption,
    onSpeaking: (speaking) => {
      ui.quiet.disabled = !speaking;
      if (speaking) say("The interviewer is speaking. Start answering whenever you like: it stops when you speak.");
      else if (turns.waiting) turns.listening();
    },
  });
  const turns = createTurnTaking({
    settings, timer, player, say,
    controls: { done: ui.done, talk: ui.talk, pause: ui.pause },
    onRecorded: sendRecording,
  });
  bindSettings(settings, () => turns.settingsChanged());

  const check = createDeviceCheck({
    voice, timer,
    on: { start: () => turns.speechStarted(), end: () => turns.speechEnded(), misfire: () => turns.misfired() },
    levels: [ui.liveLevel],
    onReady: (devices) => {
      turns.attach(devices);
      ui.root.dataset.detector = devices.detector.kind;
      sessionStorage.setItem(readyKey, "1");
      sessionStorage.removeItem(typedKey);
      started = true;
      ui.live.hidden = false;
      ui.back.hidden = true;
      timer.release();
      if (current) showRestored(current);
      ui.talk.focus();
    },
  });

  function showCheck() {
    ui.root.hidden = false;
    ui.live.hidden = true;
    ui.back.hidden = true;
    check.show({ resumed: sessionStorage.getItem(readyKey) === "1" });
  }

  function switchToTyping() {
    sessionStorage.setItem(typedKey, "1");
    stopVoice();
    check.hide();
    ui.root.hidden = false;
    ui.back.hidden = false;
    timer.release();
    hooks.typing();
  }

  function stopVoice() {
    turns.detach();
    player.stop();
    check.release();
    started = false;
    ui.live.hidden = true;
    ui.heardPanel.hidden = true;
  }

  for (const button of ui.typingButtons) button.addEventListener("click", switchToTyping);
  ui.back.addEventListener("click", () => {
    sessionStorage.removeItem(typedKey);
    showCheck();
    check.focus();
  });

  // ------------------------------------------------------------ a recorded answer

  async function sendRecording(blob, seconds) {
    const submit = !confirm && seconds >= SHORT_RECORDING_SECONDS;
    say("Sending your answer…");
    const result = await hooks.sendRecording(blob, submit);
    if (!result) {
      if (started && current && !current.done) turns.arm();
      return;
    }
    if (result.outcome === "answered") return; // interview.js shows the next turn, which calls turnShown.
    if (result.outcome === "not_heard") {
      turns.arm();
      say(result.message || "Sorry, I didn't catch that — could you repeat it or type it?");
      return;
    }
    const heard = (result.heard ?? "").trim();
    if (PAUSE_PHRASE.test(heard) && heard.split(/\s+/).length <= 10) {
      turns.arm();
      turns.setPaused(true, "Of course, take your time. The clock is paused: start speaking, or press P, when you're ready.");
      return;
    }
    if (!confirm) {
      say("Sending your answer…");
      hooks.sendText(heard);
      return;
    }
    showHeld(heard, result.low_confidence);
  }

  function showHeld(heard, lowConfidence) {
    turns.stop();
    ui.heardPanel.hidden = false;
    ui.heardText.value = heard;
    ui.heardLow.hidden = !lowConfidence;
    say("Here is what we heard. Send it, correct it first, or record it again.");
    ui.heardSend.focus();
  }

  ui.heardSend.addEventListener("click", () => {
    const text = ui.heardText.value.trim();
    if (text === "") {
      say("There is nothing to send: record your answer again, or type it.");
      ui.heardText.focus();
      return;
    }
    hooks.sendText(text);
  });
  ui.heardAgain.addEventListener("click", () => {
    ui.heardPanel.hidden = true;
    turns.arm();
    ui.talk.focus();
  });

  // ------------------------------------------------------------ controls and keys

  ui.pause.addEventListener("click", () => turns.togglePause());
  ui.done.addEventListener("click", () => turns.finish());
  ui.quiet.addEventListener("click", () => player.stop());
  ui.replay.addEventListener("click", () => {
    if (!lastAudio) return;
    player.reset();
    player.enqueue(lastAudio.url, lastAudio.text);
  });

  // Push-to-talk: hold the button (pointer, or Space/Enter on it) or Space anywhere outside a field.
  const isTalkKey = (event) => event.key === " " || event.key === "Enter";
  ui.talk.addEventListener("pointerdown", (event) => { event.preventDefault(); turns.talkDown(); });
  ui.talk.addEventListener("pointerup", () => turns.talkUp());
  ui.talk.addEventListener("pointerleave", () => turns.talkUp());
  ui.talk.addEventListener("keydown", (event) => {
    if (!isTalkKey(event)) return;
    event.preventDefault();
    if (!event.repeat) turns.talkDown();
  });
  ui.talk.addEventListener("keyup", (event) => {
    if (!isTalkKey(event)) return;
    event.preventDefault();
    turns.talkUp();
  });
  ui.talk.addEventListener("click", (event) => event.preventDefault());

  const inField = (target) => target.closest?.("input, textarea, select, button, a, [contenteditable], .cm-editor, dialog");
  document.addEventListener("keydown", (event) => {
    if (!started || ui.live.hidden || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape" && player.speaking) {
      player.stop();
      return;
    }
    if (inField(event.target)) return;
    if (event.key === " ") {
      event.preventDefault();
      if (!event.repeat) turns.talkDown();
    } else if (event.key === "p" || event.key === "P") {
      event.preventDefault();
      turns.togglePause();
    }
  });
  document.addEventListener("keyup", (event) => {
    if (event.key === " " && turns.holding && !inField(event.target)) turns.talkUp();
  });

  // ------------------------------------------------------------ the page's events

  /** A turn awaits an answer (first load, or the reply to an answer): speak it unless its parts already play, and listen. */
  function turnShown(turn) {
    current = turn;
    ui.heardPanel.hidden = true;
    const streamed = partsFor === turn.turn_id;
    partsFor = null;
    lastAudio = voice.text_to_speech ? { url: audioUrl(turn.turn_id), text: turn.text } : null;
    ui.replay.disabled = !lastAudio;
    if (!streamed) {
      player.reset();
      if (lastAudio) player.enqueue(lastAudio.url, lastAudio.text);
    }
    if (turn.done) {
      turns.detach();
      check.release(); // The closing words still play; the microphone is let go.
      say("That's the end of the interview. Thank you!");
      return;
    }
    turns.arm();
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
    if (latest?.status === "not_heard" && latest.message) say(latest.message);
    else if (latest?.status === "pending") say("Your last recording is still being processed. If it doesn't appear as your answer, say it again or type it.");
  }

  return {
    /** Called once the session is known: the device check, or typing if the candidate chose it in this tab. */
    begin(turn, latest) {
      current = turn;
      pending = latest && turn && !turn.done ? latest : null;
      if (sessionStorage.getItem(typedKey) === "1") {
        switchToTyping();
      } else {
        showCheck();
        check.focus();
      }
    },
    turnShown(turn) {
      current = turn;
      if (started) turnShown(turn);
    },
    /** An answer is on its way: stop listening and the question's audio; the reply's audio follows. */
    beforeSend() {
      turns.stop();
      player.reset();
      partsFor = null;
    },
    /** The answer failed to send: listen again for this turn (unless the candidate is confirming what was heard). */
    sendFailed() {
      if (started && current && !current.done && ui.heardPanel.hidden) turns.arm();
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
    get recording() { return turns.recording; },
    /** What was heard and is awaiting confirmation (possibly corrected), else null: sent if the answer time runs out. */
    get heldText() { return ui.heardPanel.hidden ? null : ui.heardText.value; },
    finishNow: () => turns.finish(),
    /** The interview ended: let go of the microphone. */
    close: stopVoice,
  };
}
