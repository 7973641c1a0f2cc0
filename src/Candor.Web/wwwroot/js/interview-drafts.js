// Typed drafts survive a reload in this tab (sessionStorage, per interview and turn): the server holds only what
// was sent.

/**
 * `turnId()` names the turn being answered; `read()` / `write(draft)` move { text, code } between the page and
 * storage.
 */
export function createDrafts({ token, turnId, read, write }) {
  const key = () => `candor:${token}:${turnId()}`;
  return {
    save() {
      if (turnId()) sessionStorage.setItem(key(), JSON.stringify(read()));
    },
    restore() {
      write(JSON.parse(sessionStorage.getItem(key()) ?? "null"));
    },
    discard() {
      sessionStorage.removeItem(key());
    },
  };
}
