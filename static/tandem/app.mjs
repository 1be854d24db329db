// Tandem's progressive enhancements. Everything works without JavaScript; this only improves it.
import { initAll } from "../govuk/js/govuk-frontend.min.js";

initAll();

// Re-initialise GOV.UK components inside content that htmx swaps in (components refuse to initialise twice,
// so scope it to the new element).
document.body.addEventListener("htmx:load", (event) => {
  if (event.target instanceof HTMLElement && event.target !== document.body) {
    initAll({ scope: event.target });
  }
});

// Session timeout warning (the GOV.UK timeout warning pattern, in a native modal <dialog>).
//
// The server signs a session out after a period without requests (15 minutes by default) and tells each page how
// many seconds it has left. Two minutes before the end, a modal dialog takes focus and offers "Stay signed in"
// (which tells the server the user is still there) or "Sign out". Escape also means "Stay signed in".
// If time runs out, the dialog says so but the page stays: anything typed is not lost, because a form sent after
// the session ended is kept and given back after signing in again. Several tabs share the clock through
// localStorage, so activity in one tab postpones the warning in the others.
const session = document.querySelector("[data-tandem-session]");
const dialog = document.getElementById("tandem-timeout-dialog");
if (session && dialog && typeof dialog.showModal === "function") {
  const STORE = "tandem:session-ends-at";
  const total = Number(session.dataset.idleTimeout) * 1000;
  const warnBefore = Math.max(0, total - Number(session.dataset.idleWarning) * 1000);
  const title = dialog.querySelector("[data-tandem-title]");
  const text = dialog.querySelector("[data-tandem-text]");
  const countdown = dialog.querySelector("[data-tandem-countdown]");
  const stay = dialog.querySelector("[data-tandem-stay]");
  const signOut = dialog.querySelector("[data-tandem-sign-out]");
  let endsAt = Date.now() + Number(session.dataset.idleRemaining) * 1000;
  let timer;
  let ticker;
  let signedOut = false;

  const readShared = () => Number(window.localStorage?.getItem(STORE)) || 0;
  const share = () => {
    try {
      window.localStorage.setItem(STORE, String(endsAt));
    } catch {
      // Storage can be switched off; each tab then keeps its own clock.
    }
  };

  const describe = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const showSignedOut = () => {
    signedOut = true;
    clearInterval(ticker);
    title.textContent = "You have been signed out";
    text.textContent =
      "We signed you out because you did nothing for a while. Anything you typed on this page is kept: " +
      "when you send it, sign in again and we will give it back to you.";
    stay.textContent = "Continue";
    signOut.hidden = true;
    if (!dialog.open) dialog.showModal();
    stay.focus();
  };

  const showWarning = () => {
    countdown.textContent = describe(endsAt - Date.now());
    clearInterval(ticker);
    ticker = setInterval(() => {
      countdown.textContent = describe(endsAt - Date.now());
    }, 1000);
    if (!dialog.open) dialog.showModal();
    stay.focus();
  };

  const schedule = () => {
    clearTimeout(timer);
    const shared = readShared();
    if (shared > endsAt) endsAt = shared; // another tab was active more recently
    const left = endsAt - Date.now();
    if (left <= 0) {
      showSignedOut();
    } else if (left <= warnBefore) {
      showWarning();
      timer = setTimeout(schedule, left);
    } else {
      timer = setTimeout(schedule, left - warnBefore);
    }
  };

  const closeWarning = () => {
    clearInterval(ticker);
    if (dialog.open) dialog.close();
  };

  const keepAlive = async () => {
    if (signedOut) {
      closeWarning();
      return;
    }
    try {
      const response = await fetch(session.dataset.keepAliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": session.dataset.csrfToken, Accept: "application/json" },
        credentials: "same-origin",
        redirect: "manual",
      });
      const body = response.ok ? await response.json() : { signed_in: false };
      if (body.signed_in) {
        endsAt = Date.now() + Number(body.idle_remaining) * 1000;
        share();
        closeWarning();
        schedule();
        return;
      }
    } catch {
      // Network trouble: say what we know rather than pretend the session was kept.
    }
    showSignedOut();
  };

  stay.addEventListener("click", keepAlive);
  // Escape closes a modal dialog; treat it as "Stay signed in" rather than leaving the clock running unseen.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    keepAlive();
  });
  window.addEventListener("storage", (event) => {
    if (event.key === STORE && !signedOut && readShared() > endsAt) {
      closeWarning();
      schedule();
    }
  });
  document.body.addEventListener("htmx:afterRequest", () => {
    endsAt = Date.now() + total;
    share();
    schedule();
  });
  share();
  schedule();
}
