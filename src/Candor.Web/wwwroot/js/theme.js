// The theme picker: a <select data-theme-picker> with light / dark / system. Stored in localStorage.
const key = "candor-theme";

function apply(choice) {
    if (choice === "light" || choice === "dark") {
        document.documentElement.dataset.theme = choice;
    } else {
        delete document.documentElement.dataset.theme;
    }
}

function read() {
    try {
        return localStorage.getItem(key) ?? "system";
    } catch {
        return "system";
    }
}

for (const picker of document.querySelectorAll("[data-theme-picker]")) {
    picker.value = read();
    picker.closest("[hidden]")?.removeAttribute("hidden");
    picker.addEventListener("change", () => {
        try {
            localStorage.setItem(key, picker.value);
        } catch {
            // Storage blocked: the choice lasts for this page only.
        }
        apply(picker.value);
    });
}
