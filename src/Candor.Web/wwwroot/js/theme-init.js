// Applies the stored theme before first paint. "system" (or nothing stored) follows prefers-color-scheme.
try {
    const theme = localStorage.getItem("candor-theme");
    if (theme === "light" || theme === "dark") {
        document.documentElement.dataset.theme = theme;
    }
} catch {
    // Storage blocked: follow the system setting.
}
