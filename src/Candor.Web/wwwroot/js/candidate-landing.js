// The landing page's Start button stays disabled until the candidate ticks the consent box.
// Without JavaScript the box is still `required`, and the server refuses a start without consent.
const form = document.querySelector("[data-consent-form]");
if (form) {
  const consent = form.querySelector("#consent");
  const start = form.querySelector("#start");
  const sync = () => { start.disabled = !consent.checked; };
  consent.addEventListener("change", sync);
  sync();
}
