// Live updates for the dashboard without a page framework: every 10 s ask the server for the fingerprint of
// what this page shows (GET /app/dashboard/version with the page's filters) and, when it changed, fetch the
// same page and swap in its status cards and results table, announcing it politely. While the reader is
// working inside those regions (focus or an open menu), nothing moves under them: a Refresh banner is
// offered instead.
const marker = document.querySelector('[data-live-url]');
const banner = document.querySelector('[data-live-banner]');
const intervalMs = 10_000;

if (marker && banner) {
    const url = marker.dataset.liveUrl;
    let seen = marker.dataset.liveVersion;
    const regions = () => [...document.querySelectorAll('[data-live-region]')];
    const busy = () => regions().some(r => r.contains(document.activeElement) || r.querySelector('details[open]'));

    // Swaps the live regions for the server's current rendering of this same page; false when it can't.
    const refreshInPlace = async (version) => {
        if (busy() || regions().length === 0) {
            return false; // Reading inside them, or the empty state: the banner's reload is the right move.
        }
        const response = await fetch(window.location.href, { credentials: 'same-origin', cache: 'no-store' });
        if (!response.ok || response.redirected) {
            return false;
        }
        const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
        for (const region of regions()) {
            const replacement = fresh.querySelector(`[data-live-region="${region.dataset.liveRegion}"]`);
            if (!replacement) {
                return false;
            }
            region.replaceWith(document.importNode(replacement, true));
        }
        seen = version;
        banner.textContent = 'Dashboard updated.';
        return true;
    };
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
            if (version !== seen && !(await refreshInPlace(version))) {
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
