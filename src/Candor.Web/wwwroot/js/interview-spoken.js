// A voice interview's spoken answer on the interview page: the recording goes to POST /answers as multipart, the
// reply streams back like a typed answer's, and the page shows the turn that follows. js/voice.js records; this
// module sends and shows.
import { Problem } from "./session-net.js";
import { recordingFileName } from "./voice-audio.js";

/**
 * Returns sendSpoken(blob, submit): sends a recording as the answer to the current turn (submit: send what is heard
 * at once; else the server holds it for the candidate to confirm). Resolves to the final body ({ outcome: answered |
 * held | not_heard, heard, … }), or null after showing why it failed. An answered turn is shown like a typed one.
 * `page` is the interview page's shared state and actions (js/interview.js).
 */
export function createSpokenSender(page) {
  const { state, ui, timer, addTurn, postReply, showTurn, load, handleFatal, withRetry } = page;
  return async function sendSpoken(blob, submit) {
    const voice = page.voice();
    if (state.sending || !state.current || state.current.done) return null;
    state.sending = true;
    timer.hold();
    voice.beforeSend();
    ui.error.textContent = "";
    ui.form.classList.add("busy");
    ui.send.disabled = true;
    const answered = state.current;
    let heard = "";
    let words = null;
    // The words appear once the interviewer starts replying: a held or unheard recording adds nothing to the transcript.
    const wordsFor = () => {
      if (!words) {
        addTurn("candidate", heard || "(no answer)");
        words = addTurn("interviewer", "");
        words.parentElement.classList.add("streaming");
        ui.conversation.setAttribute("aria-busy", "true");
      }
      return words;
    };
    const form = () => {
      const data = new FormData();
      data.append("turn_id", answered.turn_id);
      data.append("submit", String(submit));
      data.append("audio", blob, recordingFileName(blob));
      return data;
    };
    try {
      const result = await withRetry(() => postReply({}, form(), wordsFor, (data) => { heard = data.text ?? ""; }));
      if (result.outcome !== "answered" || result.turn_id === answered.turn_id) {
        words?.parentElement.remove();
        if (words) ui.transcript.lastElementChild?.remove();
        timer.release();
        return result;
      }
      wordsFor().textContent = result.text;
      showTurn(result, Date.now(), Date.now());
      return result;
    } catch (error) {
      if (handleFatal(error)) return null;
      words?.parentElement.remove();
      if (words) ui.transcript.lastElementChild?.remove();
      if (error instanceof Problem && error.status === 409) {
        await load();
        return null;
      }
      ui.error.textContent = error instanceof Problem && (error.status === 400 || error.status === 413)
        ? error.message
        : `Your recording could not be sent (${error.message}). Please say it again, or type your answer.`;
      if (error instanceof Problem && error.code === "speech_to_text_off") voice.close();
      timer.release();
      return null;
    } finally {
      words?.parentElement?.classList.remove("streaming");
      ui.conversation.setAttribute("aria-busy", "false");
      ui.form.classList.remove("busy");
      ui.send.disabled = false;
      state.sending = false;
    }
  };
}
