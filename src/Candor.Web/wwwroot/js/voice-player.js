// The interviewer's voice: plays the audio of a turn, or the parts of a streamed reply in the order they arrive,
// through one <audio> element in the page, and shows the words being spoken as captions. stop() is barge-in:
// the candidate started talking, so the interviewer falls silent at once.

export function createPlayer({ audio, caption, onSpeaking }) {
  let queue = []; // [{ url, text }] not yet played
  let playing = null; // the part playing now
  let stopped = false; // barge-in: nothing more plays for this turn
  let idleWaiters = [];

  function settle() {
    if (playing || queue.length > 0) return;
    caption.textContent = "";
    caption.hidden = true;
    onSpeaking(false);
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function next() {
    playing = queue.shift() ?? null;
    if (!playing) {
      settle();
      return;
    }
    caption.textContent = playing.text;
    caption.hidden = false;
    onSpeaking(true);
    const part = playing;
    audio.src = part.url;
    audio.play().catch((error) => {
      if (playing !== part) return; // Stopped or replaced meanwhile (barge-in): nothing to skip.
      // Autoplay refused or the audio failed: the words are on screen regardless.
      console.warn("The interviewer's audio could not play", error);
      skip();
    });
  }

  function skip() {
    if (!playing) return;
    playing = null;
    next();
  }

  audio.addEventListener("ended", skip);
  audio.addEventListener("error", skip);

  return {
    /** A new turn: forget anything left from the last one. */
    reset() {
      queue = [];
      stopped = false;
      if (playing) {
        playing = null;
        audio.pause();
        audio.removeAttribute("src");
        audio.load();
      }
      settle();
    },
    /** Plays after whatever is queued (no-op after barge-in). */
    enqueue(url, text) {
      if (stopped) return;
      queue.push({ url, text });
      if (!playing) next();
    },
    /** Barge-in, or the candidate asked for quiet: stop now and drop the rest of this turn. */
    stop() {
      stopped = true;
      queue = [];
      if (playing) {
        playing = null;
        audio.pause();
      }
      settle();
    },
    get speaking() { return playing !== null; },
    get stopped() { return stopped; },
    /** Resolves when nothing is playing or queued. */
    idle() {
      return playing || queue.length > 0 ? new Promise((resolve) => idleWaiters.push(resolve)) : Promise.resolve();
    },
  };
}
