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

// Session timeout warning: 13 minutes after the last page load (or keep-alive), warn; at 15 the server signs out.
const session = document.querySelector("[data-tandem-session]");
const dialog = document.getElementById("tandem-timeout-dialog");
if (session && dialog && typeof dialog.showModal === "function") {
  const timeout = Number(session.dataset.idleTimeout) * 1000;
  const warning = Number(session.dataset.idleWarning) * 1000;
  let warnTimer;
  let endTimer;
  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(() => dialog.showModal(), warning);
    endTimer = setTimeout(() => {
      dialog.querySelector("#tandem-timeout-title").textContent = "You have been signed out";
      dialog.querySelector("#tandem-timeout-text").textContent =
        "We signed you out because you did nothing for 15 minutes. Anything you typed on this page is kept: " +
        "when you continue, sign in again and we will give it back to you.";
      const stay = dialog.querySelector("[data-tandem-stay]");
      stay.textContent = "Continue";
      stay.dataset.tandemSignedOut = "true";
    }, timeout);
  };
  dialog.querySelector("[data-tandem-stay]").addEventListener("click", async (event) => {
    if (event.currentTarget.dataset.tandemSignedOut) {
      dialog.close();
      return;
    }
    const response = await fetch(session.dataset.keepAliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": session.dataset.csrfToken },
      credentials: "same-origin",
    });
    dialog.close();
    if (response.ok) schedule();
  });
  document.body.addEventListener("htmx:afterRequest", schedule);
  schedule();
}
