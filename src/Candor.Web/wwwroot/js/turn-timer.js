// The per-turn clock: counts down from the moment the turn was asked (server time), warns politely
// a minute before the end, and calls onTimeUp when it runs out.
const WARNING_SECONDS = 60;

export function createTurnTimer({ seconds, display, warning, onTimeUp }) {
  let deadline = 0;
  let handle = null;
  let warned = false;
  let held = null; // The milliseconds left while the clock is held, else null.

  const format = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

  function tick() {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    display.textContent = format(left);
    display.parentElement.classList.toggle("warning", left <= WARNING_SECONDS);
    if (left <= WARNING_SECONDS && !warned) {
      warned = true;
      warning.textContent = "One minute left for this answer. What you've written will be sent when the time is up.";
    }
    if (left === 0) {
      stop();
      onTimeUp();
    }
  }

  function stop() {
    clearInterval(handle);
    handle = null;
  }

  return {
    /** Starts the clock for a turn asked at `askedAt` (ms, server clock); `serverNow` maps it onto this browser's clock. */
    start(askedAt, serverNow) {
      stop();
      held = null;
      const elapsed = Math.max(0, (serverNow - askedAt) / 1000);
      // After a reload a candidate always gets at least the warning minute, never an instant send.
      const left = Math.max(seconds - elapsed, Math.min(seconds, WARNING_SECONDS + 1));
      deadline = Date.now() + left * 1000;
      warned = false;
      warning.textContent = "";
      tick();
      handle = setInterval(tick, 1000);
    },
    /** Continues after a failed send, keeping the same deadline (at least a few seconds to retry). */
    resume() {
      deadline = Math.max(deadline, Date.now() + 5000);
      if (!handle) handle = setInterval(tick, 1000);
    },
    /** Stops the clock without losing the time left ("give me a moment", a device check): release() continues it. */
    hold() {
      if (!handle) return;
      stop();
      held = Math.max(0, deadline - Date.now());
    },
    release() {
      if (held === null) return;
      deadline = Date.now() + held;
      held = null;
      tick();
      if (!handle && deadline > Date.now()) handle = setInterval(tick, 1000);
    },
    get held() { return held !== null; },
    stop() {
      held = null;
      stop();
    },
  };
}
