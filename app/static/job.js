// Polls a job's status (an import or an export) and moves its progress bar; reloads the
// page when the job ends, which then shows the result or the download button.
(function () {
  const box = document.getElementById("job");
  if (!box) return;
  const bar = box.querySelector(".progress-bar");
  const holder = box.querySelector(".progress");
  const percent = box.querySelector("[data-job-percent]");
  async function poll() {
    let s;
    try {
      const response = await fetch(box.dataset.statusUrl,
                                   {headers: {Accept: "application/json"}, redirect: "manual"});
      if (response.type === "opaqueredirect" || (response.status >= 400 && response.status < 500)) {
        return;   // logged out, or not this user's job: reloading would not help
      }
      if (!response.ok) throw new Error(String(response.status));
      s = await response.json();
    } catch (e) {
      setTimeout(poll, 3000);   // a restart or a dropped connection: try again
      return;
    }
    const pct = s.total ? Math.min(100, Math.floor(100 * s.done / s.total)) : 0;
    bar.style.width = pct + "%";
    if (percent) percent.textContent = pct + "%";
    holder.setAttribute("aria-valuenow", pct);
    if (s.finished) { window.location.reload(); return; }
    setTimeout(poll, 700);
  }
  poll();
})();
