// Progress feedback for slow form posts: a <form data-busy-label="…"> shows a spinner and the label on its
// submit button, marks itself aria-busy and announces the label in its [data-busy-status] live region.
// Without JavaScript the form posts exactly the same; this only adds feedback while the server works.
for (const form of document.querySelectorAll("form[data-busy-label]")) {
    form.addEventListener("submit", () => {
        const button = form.querySelector("button[type=submit]");
        const label = form.dataset.busyLabel;
        form.setAttribute("aria-busy", "true");
        if (button) {
            button.setAttribute("aria-busy", "true");
            button.setAttribute("aria-disabled", "true");
            button.classList.add("busy");
            const spinner = document.createElement("span");
            spinner.className = "spinner";
            spinner.setAttribute("aria-hidden", "true");
            button.replaceChildren(spinner, document.createTextNode(label));
        }
        const status = form.querySelector("[data-busy-status]");
        if (status) {
            status.textContent = label;
        }
        // A second click would post a second job: ignore submits while this one is under way.
        form.addEventListener("submit", (event) => event.preventDefault());
    }, { once: true });
}

// After saving, moving or failing to save a question the page comes back at #question-<id>: the browser scrolls there;
// focus follows, so keyboard and screen-reader users continue from the question they were working on.
const target = location.hash.startsWith("#question-") ? document.getElementById(location.hash.slice(1)) : null;
if (target) {
    const invalid = target.querySelector("[aria-invalid=true]");
    (invalid ?? target).focus();
}
