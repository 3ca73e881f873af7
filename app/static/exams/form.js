/* The exam form: the points total follows the blueprint as it is typed, and "avoid questions
 * seen before" is off and disabled with a fixed paper (every candidate gets the same
 * questions, so there is nothing to avoid; the server drops it too). */
(function () {
  "use strict";
  var total = document.querySelector("[data-points-total]");
  var form = total && total.closest("form");
  if (!form) { return; }
  var questions = document.querySelector("[data-question-total]");
  var passOver = document.querySelector("[data-pass-over]");
  var mode = document.getElementById("mode");
  var avoid = document.getElementById("avoid_seen");
  var avoidNote = document.getElementById("avoid-seen-fixed");
  var passMark = document.getElementById("pass_mark");

  function number(id) {
    var el = document.getElementById(id);
    var value = el ? parseFloat(el.value) : NaN;
    return isNaN(value) ? 0 : value;
  }

  function recount() {
    var points = 0, count = 0;
    for (var i = 0; document.getElementById("sections-" + i + "-count"); i++) {
      var type = document.getElementById("sections-" + i + "-qtype");
      var n = number("sections-" + i + "-count"), each = number("sections-" + i + "-points");
      if (type && type.value && n > 0 && each > 0) {
        points += n * each;
        count += n;
      }
    }
    total.textContent = String(Math.round(points * 100) / 100);
    questions.textContent = String(count);
    passOver.hidden = !(passMark && parseFloat(passMark.value) > points);
  }

  var avoidWanted = avoid ? avoid.checked : false;
  function followMode() {
    if (!mode || !avoid) { return; }
    var fixed = mode.value === "fixed";
    if (fixed && !avoid.disabled) { avoidWanted = avoid.checked; }
    avoid.disabled = fixed;
    avoid.checked = fixed ? false : avoidWanted;
    avoidNote.hidden = !fixed;
  }

  /* "Available": how many questions each line can take on the window's first day, asked
   * again (debounced) whenever the window, the category or a line changes. */
  var note = document.querySelector("[data-available-note]");
  var timer = null, asked = 0;
  function value(id) {
    var el = document.getElementById(id);
    return el ? el.value : "";
  }
  function showCounts(data, seq) {
    if (seq !== asked) { return; }
    note.textContent = data.day ? note.dataset.day.replace("{d}", data.day) : note.dataset.none;
    document.querySelectorAll("[data-available]").forEach(function (cell) {
      var i = parseInt(cell.dataset.available, 10), n = data.counts ? data.counts[i] : null;
      var span = cell.firstElementChild, wanted = number("sections-" + i + "-count");
      span.textContent = (n === null || n === undefined) ? "—" : String(n);
      var short = n !== null && n !== undefined && wanted > 0 && n < wanted;
      span.classList.toggle("text-danger", short);
      span.classList.toggle("fw-semibold", short);
    });
  }
  function askCounts() {
    if (!note) { return; }
    var params = new URLSearchParams();
    params.set("day", value("opens_at").slice(0, 10));
    params.set("specialty_id", value("specialty_id"));
    for (var i = 0; document.getElementById("sections-" + i + "-qtype"); i++) {
      params.set("qtype-" + i, value("sections-" + i + "-qtype"));
      params.set("difficulty-" + i, value("sections-" + i + "-difficulty"));
      params.set("specialty-" + i, value("sections-" + i + "-specialty_id"));
      params.set("tags-" + i, value("sections-" + i + "-tags"));
    }
    var seq = ++asked;
    fetch(note.dataset.url + "?" + params.toString(), {credentials: "same-origin",
      headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { showCounts(data, seq); } })
      .catch(function () { /* the counts stay as they were; saving is unaffected */ });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(askCounts, 400);
  }

  form.addEventListener("input", recount);
  form.addEventListener("change", recount);
  form.addEventListener("change", later);
  form.addEventListener("input", function (event) {
    if (event.target && /-(tags|count)$/.test(event.target.id)) { later(); }
  });
  if (mode) { mode.addEventListener("change", followMode); }
  if (avoid) { avoid.addEventListener("change", function () { avoidWanted = avoid.checked; }); }
  recount();
  followMode();
})();
