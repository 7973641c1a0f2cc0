// The candidate's listening preferences (kept in this browser): how long a pause ends an answer, how long a
// silence is allowed while thinking before the answer gets going, and hands-free or push-to-talk.
const KEY = "candor:voice-settings";
export const DEFAULTS = Object.freeze({ pause: 2, think: 10, mode: "hands-free" });

const clamp = (value, min, max, fallback) => (Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback);

export function loadSettings() {
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(KEY) ?? "{}") ?? {};
  } catch {
    saved = {};
  }
  return {
    pause: clamp(Number(saved.pause), 1, 10, DEFAULTS.pause),
    think: clamp(Number(saved.think), 3, 60, DEFAULTS.think),
    mode: saved.mode === "push-to-talk" ? "push-to-talk" : DEFAULTS.mode,
  };
}

/** Shows `settings` in the page's form (#pause-seconds, #think-seconds, [name=answer-mode]) and keeps it up to date. */
export function bindSettings(settings, onChange) {
  const pause = document.getElementById("pause-seconds");
  const think = document.getElementById("think-seconds");
  const modes = document.querySelectorAll("input[name=answer-mode]");
  pause.value = settings.pause;
  think.value = settings.think;
  for (const mode of modes) mode.checked = mode.value === settings.mode;
  const save = () => {
    settings.pause = clamp(Number(pause.value), 1, 10, settings.pause);
    settings.think = clamp(Number(think.value), 3, 60, settings.think);
    settings.mode = [...modes].find((m) => m.checked)?.value === "push-to-talk" ? "push-to-talk" : "hands-free";
    localStorage.setItem(KEY, JSON.stringify(settings));
    onChange();
  };
  for (const input of [pause, think, ...modes]) input.addEventListener("change", save);
}
