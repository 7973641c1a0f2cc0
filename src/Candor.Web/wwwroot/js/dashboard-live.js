// Live updates for the dashboard without a page framework: every 10 s ask the server for the fingerprint of
// what this page shows (GET /app/dashboard/version with the page's filters) and, when it changed, offer a
// refresh in a polite live region rather than moving the table under the reader's cursor.
const marker = document.querySelector('[data-live-url]');
const banner = document.querySelector('[data-live-banner]');
const intervalMs = 10_000;

if (marker && banner) {
    const url = marker.dataset.liveUrl;
    const seen = marker.dataset.liveVersion;
    let failures = 0;

    const poll = async () => {
        if (document.hidden) {
            return; // No point polling a background tab; the next visible tick catches up.
        }
        try {
            const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
            if (!response.ok || response.redirected) {
                // Signed out or no longer allowed: stop quietly, the next navigation will show why.
                if (++failures >= 3) clearInterval(timer);
                return;
            }
            failures = 0;
            const { version } = await response.json();
            if (version !== seen) {
                clearInterval(timer);
                showBanner();
            }
        } catch {
            if (++failures >= 3) clearInterval(timer);
        }
    };

    const showBanner = () => {
        banner.classList.add('live-banner');
        const text = document.createElement('span');
        text.textContent = 'New activity — ';
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'button';
        button.textContent = 'Refresh';
        button.addEventListener('click', () => window.location.reload());
        banner.replaceChildren(text, button);
    };

    const timer = setInterval(poll, intervalMs);
}
