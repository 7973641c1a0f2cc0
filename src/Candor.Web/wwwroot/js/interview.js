// The candidate's interview page. Everything shown is rebuilt from GET /api/v1/sessions/{token},
// so a reload or a dropped connection resumes exactly where the server says the interview is.
// Answers go to POST /answers as a stream (server-sent events: heard, delta, replace, audio, turn, error); a
// failed post is retried with the same turn_id, which the API treats as the same answer. A voice interview
// adds js/voice.js (recording, the interviewer's audio) and js/interview-spoken.js (sending spoken answers).
// The transcript's rendering is js/interview-transcript.js; typed drafts are js/interview-drafts.js.
import { Problem, failFor, retrying, postStreamed } from "./session-net.js";
import { createTurnTimer } from "./turn-timer.js";
import { openCodePanel } from "./code-panel.js";
import { openWhiteboard } from "./whiteboard.js";
import { addTurn as appendTurn, progressText } from "./interview-transcript.js";
import { createDrafts } from "./interview-drafts.js";
import { createSpokenSender } from "./interview-spoken.js";

const root = document.getElementById("interview");
const token = root.dataset.token;
const api = `/api/v1/sessions/${encodeURIComponent(token)}`;
const doneUrl = new URL(root.dataset.doneUrl, document.baseURI).href;
const maxAnswer = Number(root.dataset.maxAnswer) || 20000;
const maxCode = Number(root.dataset.maxCode) || 50000;
const $ = (id) => document.getElementById(id);
const ui = {
  conversation: $("conversation"), progress: $("progress"), connection: $("connection"), voiceNote: $("voice-note"), transcript: $("transcript"),
  form: $("answer-form"), answerLabel: $("answer-label"), answer: $("answer"), count: $("answer-count"), error: $("answer-error"), send: $("send"),
  finished: $("finished"), doneLink: $("done-link"), endButton: $("end-button"), endDialog: $("end-dialog"),
};
const numberFormat = new Intl.NumberFormat();

// current: the turn awaiting an answer ({ turn_id, kind, text, done, progress }); sending: an answer is on its way.
// Shared with js/interview-spoken.js, which sends spoken answers.
const state = { current: null, sending: false };
let code = null; // The code panel, when the interview has one.
let whiteboard = null; // The whiteboard panel, when the interview has one.
let voice = null; // The spoken side (js/voice.js), when the interview is a voice interview.

const timer = createTurnTimer({
  seconds: Number(root.dataset.turnSeconds) || 300,
  display: $("timer"),
  warning: $("timer-warning"),
  // Time up: a recording in progress is finished and sent; words awaiting confirmation are sent as they are.
  onTimeUp: () => (voice?.recording ? voice.finishNow() : send({ timedOut: true, text: voice?.heldText ?? null })),
});

// ---------------------------------------------------------------- network

function showConnection(message) {
  ui.connection.textContent = message;
  root.classList.toggle("reconnecting", message !== "");
}

const withRetry = retrying(showConnection);

/** A link that no longer opens (cancelled, expired, unknown): the server renders the friendly page. */
function handleFatal(error) {
  if (error instanceof Problem && (error.status === 404 || error.status === 410)) {
    location.reload();
    return true;
  }
  return false;
}

// ---------------------------------------------------------------- rendering

const addTurn = (who, text, codeText) => appendTurn(ui.transcript, who, text, codeText);

function showTurn(turn, askedAt, serverNow) {
  state.current = turn;
  ui.progress.textContent = progressText(turn);
  if (turn.done) {
    timer.stop();
    voice?.turnShown(turn); // The closing words are spoken too; then the microphone is let go.
    ui.form.hidden = true;
    ui.endButton.hidden = true;
    ui.finished.hidden = false;
    ui.doneLink.focus();
    return;
  }
  ui.form.hidden = false;
  restoreDraft();
  timer.start(askedAt, serverNow);
  voice?.turnShown(turn);
}

function updateCount() {
  ui.count.textContent = `${numberFormat.format(ui.answer.value.length)} / ${numberFormat.format(maxAnswer)} characters`;
}

const drafts = createDrafts({
  token,
  turnId: () => state.current?.turn_id,
  read: () => ({ text: ui.answer.value, code: code?.getText() ?? "" }),
  write: (draft) => {
    ui.answer.value = draft?.text ?? "";
    if (draft?.code && code) code.setText(draft.code);
    updateCount();
  },
});
const saveDraft = () => drafts.save();
const restoreDraft = () => drafts.restore();

// ---------------------------------------------------------------- load / resume

async function load() {
  let response;
  try {
    response = await withRetry(async () => {
      const r = await fetch(api, { headers: { Accept: "application/json" }, cache: "no-store" });
      return r.ok ? r : failFor(r);
    });
  } catch (error) {
    if (!handleFatal(error)) ui.error.textContent = error.message;
    return;
  }
  const session = await response.json();
  if (session.status === "scheduled") {
    location.assign(new URL(root.dataset.landingUrl, document.baseURI).href);
    return;
  }
  const serverNow = Date.parse(response.headers.get("Date") ?? "") || Date.now();
  if (session.tools.mode === "voice" && !voice) await openVoicePanel(session);
  if (session.tools.code_editor && !code) {
    code = await openCodePanel({ panel: $("code-panel"), maxLength: maxCode, onChange: saveDraft, onSend: () => send({}) });
  }
  if (session.tools.whiteboard && !whiteboard) whiteboard = openWhiteboard({ panel: $("whiteboard-panel") });
  ui.transcript.replaceChildren();
  let askedAt = serverNow;
  for (const turn of session.transcript) {
    addTurn("interviewer", turn.text);
    if (turn.answer !== null) addTurn("candidate", turn.answer || "(no answer)", turn.code);
    askedAt = Date.parse(turn.asked_at);
  }
  if (session.current_turn) showTurn(session.current_turn, askedAt, serverNow);
  else if (session.done) location.assign(doneUrl);
  if (voice && session.current_turn) voice.begin(session.current_turn, session.voice?.latest_recording ?? null);
  else if (!ui.form.hidden) ui.answer.focus();
}

/** A voice interview: spoken answers when speech-to-text is on (else the candidate types, and is told why). */
async function openVoicePanel(session) {
  if (!session.voice?.speech_to_text) {
    ui.voiceNote.textContent = "Spoken answers aren't available right now, so please type your answers.";
    ui.voiceNote.hidden = false;
    return;
  }
  let openVoice;
  try {
    ({ openVoice } = await import("./voice.js"));
  } catch (error) {
    console.error("The voice interview could not load", error);
    ui.voiceNote.textContent = "Spoken answers couldn't start in this browser, so please type your answers.";
    ui.voiceNote.hidden = false;
    return;
  }
  voice = openVoice({
    token, api, voice: session.voice, confirm: session.tools.confirm_transcript !== false, timer,
    hooks: {
      sendRecording: sendSpoken,
      sendText: (text) => send({ text }),
      typing: () => {
        ui.answerLabel.textContent = "Your answer";
        ui.answer.focus();
      },
    },
  });
  ui.answerLabel.textContent = "Or type your answer";
}

// ---------------------------------------------------------------- answering

/** Sends the typed answer, or `text` (a spoken answer's confirmed or corrected transcript). */
async function send({ timedOut = false, text: spoken = null }) {
  if (state.sending || !state.current || state.current.done) return;
  const text = spoken ?? ui.answer.value;
  const codeText = code?.getText() ?? "";
  ui.error.textContent = "";
  if (!timedOut && text.trim() === "" && codeText.trim() === "") {
    ui.error.textContent = "Write your answer first. (If you'd rather stop, use End interview.)";
    ui.answer.focus();
    return;
  }
  if (codeText.length > maxCode) {
    ui.error.textContent = `Your code is ${numberFormat.format(codeText.length)} characters; the limit is ${numberFormat.format(maxCode)}.`;
    return;
  }
  state.sending = true;
  timer.stop();
  voice?.beforeSend();
  ui.form.classList.add("busy");
  ui.send.disabled = true;
  ui.answer.readOnly = true;
  const answered = state.current;
  addTurn("candidate", text || "(no answer)", codeText.trim() ? codeText : null);
  const words = addTurn("interviewer", "");
  words.parentElement.classList.add("streaming");
  ui.conversation.setAttribute("aria-busy", "true"); // Announce the reply once, when it is complete.
  const sketch = whiteboard?.toDataUrl() ?? null;
  const body = JSON.stringify({ turn_id: answered.turn_id, text, code: codeText.trim() ? codeText : null, whiteboard: sketch });
  try {
    const turn = await withRetry(() => postAnswer(body, words));
    words.textContent = turn.text;
    if (spoken === null) drafts.discard();
    if (turn.kind === "question" && code) code.setText(""); // A new question starts with a clean editor.
    whiteboard?.clear(); // The sketch went with this answer; the next turn starts on a clean board.
    showTurn(turn, Date.now(), Date.now());
    if (!turn.done && !voice?.active) ui.answer.focus();
  } catch (error) {
    if (handleFatal(error)) return;
    if (error instanceof Problem && error.status === 409) {
      await load(); // The interview moved on elsewhere (another tab): show the server's state.
    } else {
      words.parentElement.remove();
      ui.transcript.lastElementChild?.remove();
      ui.error.textContent = error.message;
      timer.resume();
      voice?.sendFailed();
    }
  } finally {
    words.parentElement?.classList.remove("streaming");
    ui.conversation.setAttribute("aria-busy", "false");
    ui.form.classList.remove("busy");
    ui.send.disabled = false;
    ui.answer.readOnly = false;
    state.sending = false;
  }
}

/** One attempt at posting the answer; the interviewer's words appear in `words` as they stream. */
function postAnswer(body, words) {
  words.textContent = "";
  return postReply({ "Content-Type": "application/json" }, body, () => words);
}

/** `wordsFor()` gives the element the interviewer's words stream into; a voice interview's audio goes to voice.js. */
function postReply(headers, body, wordsFor, heard) {
  return postStreamed(`${api}/answers`, headers, body, {
    delta: (text) => { wordsFor().textContent += text; },
    replace: (text) => {
      wordsFor().textContent = text;
      voice?.replaced();
    },
    audio: (part) => voice?.audioPart(part),
    heard,
  });
}

const sendSpoken = createSpokenSender({
  state, ui, timer, addTurn, postReply, showTurn, load, handleFatal, withRetry, voice: () => voice,
});

// ---------------------------------------------------------------- ending

async function endInterview() {
  ui.endButton.disabled = true;
  voice?.close();
  try {
    await withRetry(async () => {
      const r = await fetch(`${api}/end`, { method: "POST", headers: { Accept: "application/json" } });
      if (!(r.ok || r.status === 409)) return failFor(r);
      await r.text(); // Finish reading before leaving the page.
      return r;
    });
    location.assign(doneUrl);
  } catch (error) {
    if (!handleFatal(error)) ui.error.textContent = error.message;
    ui.endButton.disabled = false;
  }
}

// ---------------------------------------------------------------- wiring

ui.form.addEventListener("submit", (event) => { event.preventDefault(); send({}); });
ui.answer.addEventListener("input", () => { updateCount(); saveDraft(); });
ui.answer.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    send({});
  }
});
ui.endButton.addEventListener("click", () => ui.endDialog.showModal());
ui.endDialog.addEventListener("close", () => {
  if (ui.endDialog.returnValue === "end") endInterview();
  ui.endDialog.returnValue = "";
});

load();
