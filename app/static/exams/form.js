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

  form.addEventListener("input", recount);
  form.addEventListener("change", recount);
  if (mode) { mode.addEventListener("change", followMode); }
  if (avoid) { avoid.addEventListener("change", function () { avoidWanted = avoid.checked; }); }
  recount();
  followMode();
})();
