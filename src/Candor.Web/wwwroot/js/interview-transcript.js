// The interview page's conversation: the transcript's turns and the progress line. Pure rendering; the page
// (js/interview.js) decides what to show.

/**
 * Appends one turn to `transcript` (an <ol>): who spoke, their words and, for the candidate, the code they sent.
 * Returns the element holding the words, which a streamed reply fills in as it arrives.
 */
export function addTurn(transcript, who, text, codeText) {
  const item = document.createElement("li");
  item.className = `turn ${who}`;
  const label = document.createElement("p");
  label.className = "who";
  label.textContent = who === "interviewer" ? "Interviewer" : "You";
  const words = document.createElement("div");
  words.className = "words";
  words.textContent = text;
  item.append(label, words);
  if (codeText) {
    const pre = document.createElement("pre");
    pre.className = "code";
    pre.tabIndex = 0;
    pre.setAttribute("aria-label", "Your code");
    pre.append(Object.assign(document.createElement("code"), { textContent: codeText }));
    item.append(pre);
  }
  transcript.append(item);
  return words;
}

/** The progress line for a turn: the introduction, question n of m, or the end. */
export function progressText(turn) {
  const { question, of } = turn.progress;
  return turn.done ? "Interview complete"
    : question === 0 ? `Introduction · ${of} questions ahead`
    : `Question ${question} of ${of}`;
}
