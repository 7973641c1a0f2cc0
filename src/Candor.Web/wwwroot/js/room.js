// The coding room: loads the room through the API, then Run / Submit, hints, review and the AI interviewer's
// conversation. The candidate's token comes from the link's #token fragment (kept in this tab's session storage,
// and removed from the address bar); an interviewer signed in to Candor uses their session instead.
const root = document.getElementById("room");
const roomId = root.dataset.roomId;
const api = `/api/v1/rooms/${roomId}`;
const $ = (id) => document.getElementById(id);

const tokenKey = `candor-room-token:${roomId}`;
const fromLink = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromLink) {
  sessionStorage.setItem(tokenKey, fromLink);
  history.replaceState(null, "", location.pathname + location.search);
}
const token = sessionStorage.getItem(tokenKey);

const levels = { easy: [1, "Easy"], medium: [2, "Medium"], hard: [3, "Hard"] };
const verdictWords = {
  ok: "Your code ran.",
  compile_error: "Your code didn't compile.",
  runtime_error: "Your code stopped with an error.",
  timeout: "Your code took too long and was stopped.",
  memory_limit: "Your code used too much memory and was stopped.",
  output_limit: "Your code printed too much output and was stopped.",
  forbidden: "Your code tried something the sandbox doesn't allow.",
};

class ProblemError extends Error {}

async function call(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    // Problem details carry a human message; the page shows it as is.
    throw new ProblemError(data.detail || (response.status === 401 || response.status === 404
      ? "This room link doesn't work. Ask the person who sent it for a new one."
      : "Something went wrong. Please try again."));
  }
  return data;
}

function notice(text) {
  const box = $("room-notice");
  box.textContent = text || "";
  box.hidden = !text;
}

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

function setDifficulty(name) {
  const [value, label] = levels[name] ?? levels.medium;
  $("difficulty-meter").value = value;
  $("difficulty-label").textContent = label;
  root.dataset.difficulty = name;
}

/** Posts an AI request (202), then polls its job until completed or failed. */
async function aiJob(kind, body) {
  return pollJob(kind, await call(`${api}/ai/${kind}`, { method: "POST", body }));
}

/** Posts a spoken message (multipart: the recording plus the code), then polls it like a typed one. */
async function spokenJob(recording, fileName, code, language) {
  const form = new FormData();
  form.append("audio", recording, fileName);
  form.append("code", code);
  form.append("language", language);
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${api}/ai/message`, { method: "POST", headers, body: form, credentials: "same-origin" });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ProblemError(data.detail || "Your recording could not be sent. Please try again, or type your message.");
  return pollJob("message", data);
}

/** The reply's speech, fetched with the room's credentials (an audio element cannot send them) and played; the words stay on screen. */
async function playReply(turn, url) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(url, { headers, credentials: "same-origin" }).catch(() => null);
  if (!response?.ok) return;
  const audio = element("audio", { controls: true, src: URL.createObjectURL(await response.blob()) });
  audio.setAttribute("aria-label", "The interviewer's reply, spoken");
  turn.append(audio);
  audio.play().catch(() => { /* autoplay refused: the controls are there */ });
}

async function pollJob(kind, accepted) {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 600));
    const state = await call(`${api}/ai/${kind}/${accepted.job_id}`);
    if (state.status === "completed") return state.result;
    if (state.status === "failed") throw new ProblemError(state.error?.message || "The AI could not answer this time. Please try again.");
  }
}

/**
 * Runs one piece of work with its buttons disabled and says what it is waiting for ("Running your code…") in the
 * status line. Disabling the focused button would drop keyboard focus to the page, so focus goes back to it after.
 */
async function busy(buttons, work, waiting = "Working…") {
  const focused = buttons.find((b) => b === document.activeElement);
  buttons.forEach((b) => { b.disabled = true; });
  notice("");
  const progress = $("room-progress");
  progress.textContent = waiting;
  root.setAttribute("aria-busy", "true");
  try {
    await work();
  } catch (error) {
    notice(error instanceof ProblemError ? error.message : "Something went wrong. Please try again.");
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
    progress.textContent = "";
    root.removeAttribute("aria-busy");
    if (focused && !focused.hidden && (document.activeElement === document.body || document.activeElement === null)) focused.focus();
  }
}

function renderRun(result, mode) {
  const panel = $("run-result");
  const noun = mode === "submit" ? "tests" : "examples";
  const heading = element("h3", { textContent: mode === "submit" ? "Submission" : "Run" });
  const summary = element("p", { textContent: `${verdictWords[result.verdict] ?? ""} ${result.passed} of ${result.total} ${noun} pass.` });
  const list = element("ul", { className: "test-list" });
  for (const test of result.tests) {
    const item = element("li", { className: test.passed ? "passed" : "failed", textContent: `${test.name}: ${test.passed ? "passed" : "failed"}` });
    if (test.expected !== undefined) {
      item.append(element("div", {}, "Expected", element("pre", { textContent: test.expected })));
      item.append(element("div", {}, "Got", element("pre", { textContent: test.actual ?? "" })));
    }
    list.append(item);
  }
  panel.replaceChildren(heading, summary, list);
  if (result.stdout) panel.append(element("p", { textContent: "Output" }), element("pre", { textContent: result.stdout }));
  if (result.stderr) panel.append(element("p", { textContent: "Errors" }), element("pre", { textContent: result.stderr }));
  panel.hidden = false;
}

/** A review; the scores only for the interviewer (a candidate never sees scores, only what to improve and where). */
function renderReview(review, showScores) {
  const panel = $("review");
  const names = { correctness: "Correctness", edge_cases: "Edge cases", complexity: "Complexity", readability: "Readability", structure: "Structure", testing: "Testing" };
  const table = element("table", { className: "review-categories" },
    element("caption", { className: "visually-hidden", textContent: "Review by category" }));
  const head = element("tr", {}, element("th", { scope: "col", textContent: "Area" }),
    ...(showScores ? [element("th", { scope: "col", textContent: "Score" })] : []), element("th", { scope: "col", textContent: "Why" }));
  table.append(element("thead", {}, head));
  const body = element("tbody");
  for (const [key, category] of Object.entries(review.categories)) {
    const why = category.evidence.map((e) => `Line ${e.line}: ${e.note}`).join(" ");
    if (!showScores && !why) continue;
    body.append(element("tr", {}, element("th", { scope: "row", textContent: names[key] ?? key }),
      ...(showScores ? [element("td", { textContent: `${category.score}` })] : []), element("td", { textContent: why || "Nothing to point out." })));
  }
  table.append(body);
  const suggestions = element("ul", { className: "suggestion-list" });
  for (const s of review.suggestions) suggestions.append(element("li", { textContent: `Line ${s.line} (${s.severity}): ${s.message}` }));
  panel.replaceChildren(
    element("h3", { textContent: showScores ? `Review: ${review.score} / 100` : "Review of your code" }),
    element("p", { textContent: review.summary }),
    table,
    ...(review.suggestions.length ? [element("h4", { textContent: "Suggestions" }), suggestions] : []));
  panel.hidden = false;
}

function addTurn(author, text) {
  const who = { ai: "Interviewer (AI)", interviewer: "Interviewer", candidate: "You" }[author] ?? author;
  const turn = element("li", { className: `turn ${author}` }, element("span", { className: "who", textContent: who }), text);
  $("chat-log").append(turn);
  return turn;
}

async function start() {
  let room;
  try {
    room = await call(api);
  } catch (error) {
    $("room-status").textContent = error.message;
    return;
  }
  const can = new Set(room.capabilities);
  const problem = room.problem;
  $("room-title").textContent = problem ? problem.title : "Coding room";
  document.title = `${problem ? problem.title : "Coding room"} — Candor`;
  $("room-mode").textContent = room.mode === "ai" ? "An AI interviewer runs this session." : "A live session with your interviewer.";
  setDifficulty(room.difficulty);
  // Statements mark names and values as `code`, the way problem banks write them: shown as code, not as backticks.
  $("problem-statement").replaceChildren(...(problem ? problem.statement : "Your interviewer will give you a problem.")
    .split("`").map((part, i) => (i % 2 === 1 ? element("code", { textContent: part }) : part)));
  for (const example of problem?.examples ?? []) {
    $("problem-examples").append(element("li", {}, element("strong", { textContent: example.name }),
      element("pre", { textContent: `Input:\n${example.input}\nOutput:\n${example.output}` })));
  }

  const languageSelect = $("room-language");
  const names = { python: "Python", javascript: "JavaScript", typescript: "TypeScript", csharp: "C#", sql: "SQL" };
  const offered = Object.keys(problem?.starter_code ?? { [room.language ?? "python"]: "" });
  for (const name of offered) languageSelect.append(element("option", { value: name, textContent: names[name] ?? name }));
  languageSelect.value = room.language && offered.includes(room.language) ? room.language : offered[0];

  // The candidate's editor is shared live: every change is pushed (at most every 400 ms) for the interviewer to
  // watch, and a reload picks up where the candidate left off.
  const sharesCode = room.role === "candidate" && can.has("code:edit");
  let pushTimer = null;
  const pushSoon = () => {
    if (!sharesCode) return;
    clearTimeout(pushTimer);
    pushTimer = setTimeout(() => {
      call(`${api}/code`, { method: "PUT", body: { code: editor.getText(), language: languageSelect.value } }).catch(() => {});
    }, 400);
  };
  const live = sharesCode ? await call(`${api}/code`).catch(() => null) : null;
  if (live?.version > 0 && offered.includes(live.language)) languageSelect.value = live.language;

  const { createCodeEditor } = await import("./vendor/codemirror.bundle.js");
  const editor = createCodeEditor($("room-editor"), {
    doc: live?.version > 0 && live.language === languageSelect.value ? live.code : problem?.starter_code?.[languageSelect.value] ?? "",
    language: languageSelect.value, label: "Code editor", onChange: pushSoon,
  });
  languageSelect.addEventListener("change", () => {
    editor.setLanguage(languageSelect.value);
    const starter = problem?.starter_code?.[languageSelect.value];
    if (starter !== undefined && editor.getText().trim() === "") editor.setText(starter);
    pushSoon();
  });

  const run = $("run-button");
  const submit = $("submit-button");
  const hint = $("hint-button");
  const review = $("review-button");
  const canEdit = can.has("code:edit") && problem;
  run.hidden = submit.hidden = !canEdit;
  const runCode = (mode) => busy([run, submit], async () => {
    renderRun(await call(`${api}/runs`, { method: "POST", body: { code: editor.getText(), language: languageSelect.value, mode } }), mode);
  }, mode === "submit" ? "Running the hidden tests…" : "Running your code against the examples…");
  run.addEventListener("click", () => runCode("run"));
  submit.addEventListener("click", () => runCode("submit"));

  if (can.has("ai:use")) {
    hint.hidden = !problem || room.hints_left === 0;
    review.hidden = false;
    const showHint = (h) => $("hint-list").append(element("li", { textContent: `Hint ${h.level} of 3: ${h.hint}` }));
    // The hints given so far come back after a reload.
    for (const given of room.hints ?? []) showHint(given);
    if (room.hints_used > 0) $("hints").hidden = false;
    hint.addEventListener("click", () => busy([hint], async () => {
      const result = await aiJob("hint", { code: editor.getText(), language: languageSelect.value });
      showHint(result);
      $("hints").hidden = false;
      if (result.hints_left === 0) {
        hint.hidden = true;
        notice("That was the last hint for this problem.");
      }
    }, "Getting a hint…"));
    review.addEventListener("click", () => busy([review], async () => {
      renderReview(await aiJob("review", { code: editor.getText(), language: languageSelect.value }), room.role === "interviewer");
    }, "Reviewing the code…"));
  }

  if (room.role === "interviewer") {
    review.textContent = "Review the code";
    hint.textContent = "Get a hint for the candidate";
    $("runs").hidden = false;
    let seen = null;
    const refresh = async () => {
      const runs = await call(`${api}/runs`).catch(() => null);
      if (!runs) return;
      const key = runs.map((r) => r.id).join(",");
      if (key === seen) return;
      seen = key;
      const list = $("runs-list");
      list.replaceChildren();
      if (runs.length === 0) list.append(element("li", { textContent: "No runs yet." }));
      for (const r of runs) {
        const when = new Date(r.created_at).toLocaleTimeString();
        const open = element("button", { type: "button", className: "button", textContent: "Open in the editor" });
        open.addEventListener("click", () => { editor.setText(r.code); editor.focus(); });
        list.append(element("li", { className: "run-entry" },
          element("p", { textContent: `${r.mode === "submit" ? "Submit" : "Run"} at ${when}: ${r.passed} of ${r.total} pass (${r.verdict.replace("_", " ")})` }),
          element("details", {}, element("summary", { textContent: "Code" }), element("pre", { textContent: r.code })),
          open));
      }
    };
    await refresh();
    setInterval(refresh, 3000);

    // The candidate's code as they type: polled every second, 304 until it changes.
    $("live").hidden = false;
    let etag = null;
    const follow = async () => {
      const headers = { Accept: "application/json" };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (etag) headers["If-None-Match"] = etag;
      const response = await fetch(`${api}/code`, { headers, credentials: "same-origin" }).catch(() => null);
      if (!response || response.status !== 200) return;
      etag = response.headers.get("ETag");
      const state = await response.json();
      if (state.version === 0) return;
      $("live-code").textContent = state.code;
      const by = state.updated_by === "candidate" ? "the candidate" : "an interviewer";
      $("live-status").textContent = `${names[state.language] ?? state.language}, last changed by ${by} at ${new Date(state.updated_at).toLocaleTimeString()}.`;
    };
    await follow();
    setInterval(follow, 1000);
  }

  if (room.mode === "ai" && can.has("code:view")) {
    $("chat").hidden = false;
    const history = await call(`${api}/ai/messages?limit=200`);
    // The greeting opens every conversation, so a reload shows the same one.
    addTurn("ai", "Hello! Read the problem, then tell me how you'd approach it. Run your code whenever you like.");
    for (const message of history.items) addTurn(message.author, message.text);
    const form = $("chat-form");
    const input = $("chat-input");
    const send = $("chat-send");
    if (!can.has("ai:use")) form.hidden = true;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) {
        notice("Write a message first.");
        input.focus();
        return;
      }
      busy([send], async () => {
        // The message shows at once; if it could not be sent it goes back into the box.
        const turn = addTurn(room.role === "candidate" ? "candidate" : "interviewer", text);
        input.value = "";
        try {
          showReply(await aiJob("message", { text, code: editor.getText(), language: languageSelect.value }));
        } catch (error) {
          turn.remove();
          input.value = text;
          throw error;
        }
      }, "The interviewer is replying…");
    });

    const showReply = (result) => {
      const turn = addTurn("ai", result.reply);
      setDifficulty(result.difficulty);
      if (result.audio_url) playReply(turn, result.audio_url);
    };

    // Voice rooms: a push-to-talk button (press to start, press again to send; Enter and Space work too). What was
    // heard is shown as the candidate's turn, and the reply is spoken with its words on screen.
    const mic = $("mic-button");
    if (room.voice?.hears && can.has("ai:use") && navigator.mediaDevices?.getUserMedia) {
      mic.hidden = false;
      let recorder = null;
      let stream = null;
      mic.addEventListener("click", async () => {
        if (!recorder) {
          notice("");
          try {
            const { openMicrophone, createRecorder } = await import("./voice-audio.js");
            stream = await openMicrophone();
            const context = new AudioContext();
            recorder = createRecorder(context, context.createMediaStreamSource(stream));
            recorder.start();
            mic.setAttribute("aria-pressed", "true");
            mic.textContent = "Stop and send";
            $("mic-status").textContent = "Recording… press again to send.";
          } catch {
            recorder = null;
            notice("The microphone isn't available. Please allow it, or type your message.");
          }
          return;
        }
        const current = recorder;
        recorder = null;
        mic.setAttribute("aria-pressed", "false");
        mic.textContent = "Speak";
        $("mic-status").textContent = "";
        const recording = await current.stop();
        stream?.getTracks().forEach((t) => t.stop());
        if (!recording) return;
        const { recordingFileName } = await import("./voice-audio.js");
        busy([mic, send], async () => {
          $("mic-status").textContent = "Listening to your message…";
          try {
            const result = await spokenJob(recording, recordingFileName(recording), editor.getText(), languageSelect.value);
            if (result.heard) addTurn("candidate", result.heard);
            showReply(result);
          } finally {
            $("mic-status").textContent = "";
          }
        }, "The interviewer is replying…");
      });
    }
  }

  $("room-status").hidden = true;
  $("room-body").hidden = false;
}

start();
