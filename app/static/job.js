// Polls a job's status and moves its progress bar; reloads the page when the job ends.
(function () {
  const box = document.getElementById("job");
  if (!box) return;
  const bar = box.querySelector(".progress-bar");
  const holder = box.querySelector(".progress");
  async function poll() {
    const response = await fetch(box.dataset.statusUrl, {headers: {Accept: "application/json"}});
    if (!response.ok) return;
    const s = await response.json();
    const pct = s.total ? Math.floor(100 * s.done / s.total) : 0;
    bar.style.width = pct + "%";
    bar.textContent = pct + "%";
    holder.setAttribute("aria-valuenow", pct);
    if (s.finished) { window.location.reload(); return; }
    setTimeout(poll, 700);
  }
  poll();
})();
