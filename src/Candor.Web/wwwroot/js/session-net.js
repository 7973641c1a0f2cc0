// The candidate page's conversation with the session API: retries with backoff for what retrying can fix
// (network errors, 5xx, 408, 429), problem details for what it can't, and answers posted as event streams.
import { readEvents } from "./sse.js";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Retryable extends Error {}

export class Problem extends Error {
  constructor(status, body) {
    super(body?.detail || `The server answered ${status}.`);
    this.status = status;
    this.code = body?.code;
    this.errors = body?.errors;
  }
}

export async function failFor(response) {
  if (response.status >= 500 || response.status === 429 || response.status === 408) throw new Retryable();
  throw new Problem(response.status, await response.json().catch(() => null));
}

/** withRetry(attempt) runs attempt() until it succeeds or fails for a reason retrying can't fix; showConnection(message) meanwhile. */
export function retrying(showConnection) {
  return async function withRetry(attempt) {
    for (let tries = 0; ; tries++) {
      try {
        const result = await attempt();
        showConnection("");
        return result;
      } catch (error) {
        if (!(error instanceof Retryable || error instanceof TypeError)) throw error; // TypeError: the network failed.
        showConnection("Reconnecting…");
        await sleep(Math.min(500 * 2 ** tries, 8000));
      }
    }
  };
}

/**
 * Posts an answer (JSON, or a multipart recording) to `url` asking for the reply as a stream, and resolves to the
 * final turn. on: { delta(text), replace(text), audio(part), heard(heard) } for the events on the way.
 */
export async function postStreamed(url, headers, body, on) {
  const response = await fetch(url, { method: "POST", headers: { ...headers, Accept: "text/event-stream" }, body });
  if (!response.ok) return failFor(response);
  if (!(response.headers.get("Content-Type") ?? "").startsWith("text/event-stream")) return response.json();
  let turn = null;
  let failure = null;
  await readEvents(response, (name, data) => {
    if (name === "delta") on.delta(data.text);
    else if (name === "replace") on.replace(data.text);
    else if (name === "audio") on.audio?.(data);
    else if (name === "heard") on.heard?.(data);
    else if (name === "turn") turn = data;
    else if (name === "error") failure = data;
  });
  if (failure) {
    if (failure.status >= 500) throw new Retryable();
    throw new Problem(failure.status, failure);
  }
  if (!turn) throw new Retryable(); // The stream was cut before the turn arrived: ask again.
  return turn;
}
