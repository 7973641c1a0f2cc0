// A secret shown only once (a new API key, a new share link) must not sit off-screen after the form posts back:
// bring it to the middle of the view and focus it, selected, so it can be copied at once.
const secret = document.querySelector('[data-once-secret]');
const secretInput = secret && document.getElementById(secret.dataset.onceSecret);
if (secretInput) {
    secret.scrollIntoView({ block: 'center' });
    secretInput.focus({ preventScroll: true });
    secretInput.select();
}

// "Copy link" buttons: <button data-copy-target="input-id" hidden> next to a readonly input holding the link.
// The button stays hidden without JS (the readonly input is the fallback: select and copy by hand).
for (const button of document.querySelectorAll('[data-copy-target]')) {
    const input = document.getElementById(button.dataset.copyTarget);
    const status = document.getElementById(button.dataset.copyStatus ?? '');
    if (!input) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
        try {
            await navigator.clipboard.writeText(input.value);
            if (status) status.textContent = button.dataset.copyDone ?? 'Link copied to the clipboard.';
        } catch {
            // No clipboard permission (or an insecure context): select the text so Ctrl+C / Cmd+C does it.
            input.focus();
            input.select();
            if (status) status.textContent = button.dataset.copyFallback ?? 'Press Ctrl+C (or Cmd+C) to copy the selected link.';
        }
    });
}
