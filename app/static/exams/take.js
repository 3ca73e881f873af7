/* The exam page: render the paper, save every answer as it is given, survive reloads,
   dropped connections and a server in trouble, count down from the server's clock, record
   leaving the page.

   Every change gets a sequence number larger than any before it (from the clock, and
   never below what the server already holds) and the time it was given on the server's
   clock, is kept in localStorage until the server acknowledges that very (question,
   sequence), and is sent one at a time. The server stores an answer only if its number is
   higher than the stored one, so a replayed or late request changes nothing.

   What a save can get back, and what the page does:
   - 200 with the same seq: acknowledged, forgotten here;
   - no answer, 408, 429, 5xx, or anything that is not the API's own answer: kept and sent
     again after an exponential backoff with full jitter (1 s doubling to 30 s, at least
     Retry-After), so that a thousand phones do not all come back in the same second;
   - 400/404/422 from the API: a value that can never be stored: dropped, the question
     named and highlighted until answered again;
   - 403 (the token is no longer valid): kept on the device, nothing more sent until reload;
   - 409: the paper is submitted (or time is up): stop; 409 "late": that answer was given
     after the deadline and arrived in the grace: dropped, reported. */
(function () {
  "use strict";
  var root = document.getElementById("exam");
  var state = JSON.parse(document.getElementById("exam-state").textContent);
  var L = JSON.parse(document.getElementById("exam-labels").textContent);
  var KEY = "exam-queue-" + state.attempt;
  var BACKOFF_FIRST = 1000, BACKOFF_CAP = 30000, RETRY_AFTER_CAP = 60000;
  var statusEl = document.getElementById("save-status");
  var clockEl = document.getElementById("clock");
  var progressEl = document.getElementById("progress");
  var submitEl = document.getElementById("submit");
  var answers = {};          // position -> value shown
  var queue = load();        // position -> {value, seq, at} not yet acknowledged
  var lastSeq = Number(state.max_seq) || 0;
  var sending = false, finished = false, halted = "";
  var trouble = "";          // why answers wait: "network", "server" or "busy" (429)
  var failures = 0, retryTimer = null;
  var rejected = {};         // position -> why the server can never store the value given
  var afterDeadline = {saved: [], lost: []};   // positions, for the report at the end
  var clock = {server: state.now, perf: performance.now()};   // the server's clock, read here
  var deadline = state.deadline, graceMs = (state.grace_seconds || 0) * 1000;
  var MARKS = "exam-marks-" + state.attempt;   // marked for review: kept on this device only
  var marks = loadMarks();

  function fmt(s, args) { return s.replace(/\{(\w+)\}/g, function (_, k) { return args[k]; }); }
  function load() { try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; } }
  function loadMarks() { try { return JSON.parse(localStorage.getItem(MARKS)) || {}; } catch (e) { return {}; } }
  function storeMarks() { try { localStorage.setItem(MARKS, JSON.stringify(marks)); } catch (e) { /* full */ } }
  function store() { try { localStorage.setItem(KEY, JSON.stringify(queue)); } catch (e) { /* full */ } }
  function nextSeq() { lastSeq = Math.max(Date.now() * 1000, lastSeq + 1); return lastSeq; }
  function serverNow() { return clock.server + (performance.now() - clock.perf); }

  Object.keys(state.answers).forEach(function (q) { answers[q] = state.answers[q].value; });
  Object.keys(queue).forEach(function (q) {   // unsent answers of an earlier visit win if newer
    var mine = queue[q], theirs = state.answers[q];
    if (!theirs || mine.seq > theirs.seq) { answers[q] = mine.value; lastSeq = Math.max(lastSeq, mine.seq); }
    else { delete queue[q]; }
  });
  store();

  function api(url, body) {
    return fetch(url, {
      method: body === undefined ? "GET" : "POST", credentials: "same-origin", cache: "no-store",
      headers: {"Content-Type": "application/json", "Accept": "application/json",
                "X-Attempt-Token": state.token},
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }

  /* An answer as {status, data, wait}: status 0 when none came; data null unless JSON. */
  function call(url, body) {
    return api(url, body).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (data) {
        return {status: r.status, data: data, wait: retryAfter(r)};
      });
    }, function () { return {status: 0, data: null, wait: 0}; });
  }

  function retryAfter(r) {
    var h = r.headers.get("Retry-After");
    if (!h) { return 0; }
    var ms = /^\d+$/.test(h.trim()) ? Number(h) * 1000 : Date.parse(h) - Date.now();
    return ms > 0 ? Math.min(ms, RETRY_AFTER_CAP) : 0;
  }

  function troubleOf(status) { return status === 0 ? "network" : status === 429 ? "busy" : "server"; }

  /* Full jitter: a random wait up to a ceiling that doubles with each failure in a row. */
  function backoff(wait) {
    failures += 1;
    var ceiling = Math.min(BACKOFF_CAP, BACKOFF_FIRST * Math.pow(2, failures - 1));
    return Math.max(wait || 0, Math.random() * ceiling);
  }

  /* The server's clock: its time when it answered, plus half the round trip. */
  function sync(data, sentAt) {
    if (!data) { return; }
    if (typeof data.now === "number") {
      var back = performance.now();
      clock = {server: data.now + (back - (sentAt || back)) / 2, perf: back};
    }
    if (typeof data.deadline === "number") { deadline = data.deadline; }
  }

  /* ---- rendering ---- */
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function choice(item, type, letter, text, checked) {
    var id = "q" + item.position + "-" + letter;
    var wrap = el("div", {"class": "form-check exam-option"});
    var input = el("input", {"class": "form-check-input", type: type, id: id,
                             name: "q" + item.position, value: letter});
    input.checked = checked;
    input.addEventListener("change", function () { changed(item); });
    var label = el("label", {"class": "form-check-label", "for": id});
    if (item.type !== "truefalse") { label.appendChild(el("strong", {}, letter + ". ")); }
    label.appendChild(document.createTextNode(text));
    wrap.appendChild(input); wrap.appendChild(label);
    return wrap;
  }

  function render(item) {
    var li = el("li", {"class": "card mb-3 exam-question", id: "item-" + item.position,
                       "data-position": item.position, "data-type": item.type});
    var body = el("div", {"class": "card-body"});
    var head = el("div", {"class": "d-flex justify-content-between small text-muted mb-1"});
    head.appendChild(el("span", {}, item.position + " · " + L[item.type]));
    var right = el("span", {"class": "text-nowrap"}, fmt(L.points, {p: item.points}) + " ");
    right.appendChild(markButton(item.position));
    head.appendChild(right);
    body.appendChild(head);
    body.appendChild(el("p", {"class": "exam-stem mb-2"}, item.stem));
    var value = answers[item.position];
    var fieldset = el("fieldset", {"aria-label": item.position + ". " + L[item.type]});
    if (item.type === "single" || item.type === "multiple") {
      item.options.forEach(function (o) {
        fieldset.appendChild(choice(item, item.type === "single" ? "radio" : "checkbox", o[0], o[1],
                                    !!value && value.indexOf(o[0]) >= 0));
      });
    } else if (item.type === "truefalse") {
      fieldset.appendChild(choice(item, "radio", "正确", L["true"], value === "正确"));
      fieldset.appendChild(choice(item, "radio", "错误", L["false"], value === "错误"));
    } else if (item.type === "fill") {
      for (var i = 0; i < item.blanks; i++) {
        var input = el("input", {"class": "form-control mb-2", type: "text", maxlength: "200",
                                 "aria-label": fmt(L.blank, {n: i + 1}), placeholder: fmt(L.blank, {n: i + 1})});
        input.value = (value && value[i]) || "";
        typing(item, input);
        fieldset.appendChild(input);
      }
    } else {
      var area = el("textarea", {"class": "form-control", rows: "5", maxlength: "5000",
                                 "aria-label": L.short});
      area.value = value || "";
      typing(item, area);
      fieldset.appendChild(area);
    }
    body.appendChild(fieldset);
    li.appendChild(body);
    return li;
  }

  function markButton(q) {
    var button = el("button", {type: "button", "class": "btn btn-sm btn-outline-secondary py-0 exam-mark",
                               "aria-pressed": marks[q] ? "true" : "false"}, marks[q] ? L.marked : L.mark);
    button.addEventListener("click", function () {
      if (marks[q]) { delete marks[q]; } else { marks[q] = 1; }
      storeMarks();
      button.setAttribute("aria-pressed", marks[q] ? "true" : "false");
      button.textContent = marks[q] ? L.marked : L.mark;
      showProgress();
    });
    return button;
  }

  function typing(item, input) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer); timer = setTimeout(function () { changed(item); }, 500);
    });
    input.addEventListener("change", function () { clearTimeout(timer); changed(item); });
  }

  function read(item) {
    var li = document.getElementById("item-" + item.position);
    if (item.type === "fill") {
      return Array.prototype.map.call(li.querySelectorAll("input"), function (i) { return i.value; });
    }
    if (item.type === "short") { return li.querySelector("textarea").value; }
    return Array.prototype.filter.call(li.querySelectorAll("input"), function (i) { return i.checked; })
      .map(function (i) { return i.value; }).join("");
  }

  /* ---- saving ---- */
  function changed(item) {
    if (finished || serverNow() >= deadline) { return; }
    var value = read(item);
    answers[item.position] = value;
    queue[item.position] = {value: value, seq: nextSeq(), at: Math.round(serverNow())};
    if (rejected[item.position]) { delete rejected[item.position]; mark(item.position, ""); }
    store(); showProgress(); showStatus(); pump();
  }

  function forget(q, entry) {
    if (queue[q] && queue[q].seq === entry.seq) { delete queue[q]; store(); }
  }

  function pump() {
    if (sending || finished || halted || retryTimer) { return; }
    var q = Object.keys(queue)[0];
    if (q === undefined) { showStatus(); return; }
    var entry = queue[q], sentAt = performance.now();
    var body = {q: Number(q), value: entry.value, seq: entry.seq};
    if (entry.at) { body.at = entry.at; }
    sending = true; showStatus();
    call(state.urls.save, body).then(function (res) {
      sending = false;
      if (finished) { return; }
      if (answered(q, entry, res, sentAt)) { trouble = ""; failures = 0; showStatus(); pump(); }
    });
  }

  /* What the server said about one save; false when the page must not go on sending now. */
  function answered(q, entry, res, sentAt) {
    var data = res.data || {}, refusal = data.ok === false;   // the API's own, not a proxy's
    if (res.status === 200 && data.ok && data.seq === entry.seq) {
      forget(q, entry);
      if (data.in_grace) { afterDeadline.saved.push(q); }
      sync(data, sentAt);
    } else if (res.status === 409 && refusal && data.reason === "late") {
      forget(q, entry);
      afterDeadline.lost.push(q);
    } else if (res.status === 409 && refusal) {
      finish(data.error, data.reason === "overdue");
      return false;
    } else if ((res.status === 400 || res.status === 404 || res.status === 422) && refusal) {
      forget(q, entry);
      rejected[q] = data.error || String(res.status);
      mark(q, fmt(L.rejected, {q: q, error: rejected[q]}));
    } else if (res.status === 403 && refusal) {
      halted = data.error;
      showStatus();
      return false;
    } else {
      later(res);
      return false;
    }
    return true;
  }

  function later(res) {
    trouble = troubleOf(res.status);
    retryTimer = setTimeout(function () { retryTimer = null; pump(); }, backoff(res.wait));
    showStatus();
  }

  function retryNow() {
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    pump();
  }

  /* A question whose value the server refused: highlighted, with the reason, until answered again. */
  function mark(q, message) {
    var li = document.getElementById("item-" + q);
    if (!li) { return; }
    li.classList.toggle("exam-rejected", !!message);
    var note = li.querySelector(".exam-rejected-note");
    if (note) { note.remove(); }
    if (message) {
      li.querySelector(".card-body").appendChild(el("div", {"class": "exam-rejected-note text-danger small mt-2", role: "alert"}, message));
    }
  }

  function pending() { return Object.keys(queue).length; }

  function showStatus() {
    var n = pending(), d = statusEl.dataset, cls = "text-success", text = d.saved;
    var refused = Object.keys(rejected);
    if (halted) { cls = "text-danger"; text = fmt(d.error, {error: halted}); }
    else if (n && (trouble || navigator.onLine === false)) {
      cls = "text-danger"; text = fmt(d[trouble || "network"], {n: n});
    }
    else if (sending) { cls = "text-muted"; text = d.saving; }
    else if (n) { cls = "text-warning"; text = fmt(d.pending, {n: n}); }
    else if (refused.length) { cls = "text-danger"; text = fmt(d.rejected, {q: refused.join("、")}); }
    statusEl.className = "save-status text-end " + cls;
    statusEl.textContent = text;
    d.pendingCount = n;
    d.trouble = n ? trouble : "";
  }

  function isAnswered(q) {
    var v = answers[q];
    return Array.isArray(v) ? v.some(function (b) { return b.trim(); }) : !!(v && String(v).trim());
  }

  function unanswered() {
    return state.items.map(function (i) { return i.position; }).filter(function (q) { return !isAnswered(q); });
  }

  function showProgress() {
    var missing = unanswered().length, done = state.items.length - missing;
    progressEl.textContent = fmt(L.answered, {a: done, t: state.items.length});
    showOverview();
    return missing;
  }

  /* ---- the answer sheet: every question answered or not, marked or not; tap to jump ---- */
  var overviewEl = document.getElementById("overview");
  var gridEl = document.getElementById("overview-grid");
  var toggleEl = document.getElementById("overview-toggle");

  function showOverview() {
    state.items.forEach(function (item) {
      var q = item.position, cell = document.getElementById("cell-" + q);
      if (!cell) {
        var li = el("li");
        cell = el("a", {id: "cell-" + q, href: "#item-" + q, "class": "exam-cell", "data-q": q}, String(q));
        cell.addEventListener("click", function (event) { event.preventDefault(); jump(q); });
        li.appendChild(cell);
        gridEl.appendChild(li);
      }
      var done = isAnswered(q), flagged = !!marks[q];
      cell.className = "exam-cell" + (done ? " answered" : "") + (flagged ? " marked" : "");
      cell.setAttribute("aria-label", fmt(L.cell, {q: q, state: (done ? L.state_answered : L.state_unanswered) +
                                                         (flagged ? "，" + L.state_marked : "")}));
      var li2 = document.getElementById("item-" + q);
      if (li2) { li2.classList.toggle("exam-marked", flagged); }
    });
  }

  function openOverview(open) {
    overviewEl.hidden = !open;
    toggleEl.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function jump(q) {
    openOverview(false);
    var li = document.getElementById("item-" + q);
    if (!li) { return; }
    li.scrollIntoView({block: "start", behavior: "instant"});   // a tap jumps, as a link does
    var first = li.querySelector("input, textarea");
    if (first) { first.focus({preventScroll: true}); }
  }

  function positions(list) { return list.join("、"); }

  /* ---- time ---- */
  function tick() {
    var left = Math.max(0, Math.round((deadline - serverNow()) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
    clockEl.textContent = (h ? h + ":" : "") + (m < 10 && h ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    clockEl.classList.toggle("text-danger", left < 300);
    if (left === 0 && !finished) { lock(); submit(true); }
  }

  function lock() {
    Array.prototype.forEach.call(document.querySelectorAll("#questions fieldset"),
                                 function (f) { f.disabled = true; });
  }

  /* ---- submitting ---- */
  /* Wait until every answer is acknowledged, or the officer's patience (10 s), or, at the
     deadline, until the grace is over and no save can be taken any more. */
  function settle(timeUp) {
    var until = timeUp ? deadline + graceMs + 1000 : serverNow() + 10000;
    return new Promise(function (resolve) {
      (function wait() {
        if (!pending() || finished || serverNow() > until) { resolve(); } else { setTimeout(wait, 200); }
      })();
    });
  }

  var submitting = false;
  function submit(timeUp) {
    if (finished || submitting) { return; }
    if (!timeUp) {
      showProgress();
      var missing = unanswered(), flagged = Object.keys(marks), n = pending();
      var question = root.dataset.confirm +
                     (missing.length ? "\n" + fmt(root.dataset.unanswered, {n: missing.length, list: positions(missing)}) : "") +
                     (flagged.length ? "\n" + fmt(root.dataset.marked, {n: flagged.length, list: positions(flagged)}) : "") +
                     (n ? "\n" + fmt(root.dataset.waiting, {n: n}) : "");
      if (!window.confirm(question)) {
        if (missing.length) { jump(missing[0]); }   // back to the first one not answered
        return;
      }
    }
    submitting = true;
    submitEl.disabled = true;
    retryNow();
    settle(timeUp).then(function () {
      if (finished) { return; }
      if (!timeUp && pending() && !window.confirm(fmt(root.dataset.unsent, {n: pending()}))) {
        submitting = false; submitEl.disabled = false; showStatus();
        return;
      }
      call(state.urls.submit, {}).then(function (res) { submitted(res, timeUp); });
    });
  }

  function submitted(res, timeUp) {
    if (finished) { return; }
    if (res.status === 200 || (res.status === 409 && res.data && res.data.ok === false)) {
      finish(timeUp ? L.timeup : L.submitted, timeUp);
      return;
    }
    submitting = false;
    trouble = troubleOf(res.status);
    submitEl.disabled = false;
    showStatus();
    if (timeUp) { setTimeout(function () { submit(true); }, backoff(res.wait)); }
  }

  /* The paper is submitted. Answers still waiting can never be stored now: say which, and
     which arrived after the deadline and were taken in the grace; else go to the result. */
  function finish(message, timeUp) {
    finished = true;
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    lock();
    var lost = afterDeadline.lost.concat(Object.keys(queue)), saved = afterDeadline.saved;
    try { localStorage.removeItem(KEY); localStorage.removeItem(MARKS); } catch (e) { /* ignore */ }
    statusEl.textContent = message || "";
    if (!lost.length && !saved.length) { window.location.replace(state.done_url); return; }
    var box = el("div", {"class": "alert alert-warning", id: "exam-report", role: "alert"});
    box.appendChild(el("p", {"class": "mb-1"}, message || L.submitted));
    if (saved.length) {
      box.appendChild(el("p", {"class": "mb-1", "data-kind": "saved"},
                         fmt(L.grace_saved, {q: saved.join("、"), s: graceMs / 1000})));
    }
    if (lost.length) {
      box.appendChild(el("p", {"class": "mb-1", "data-kind": "lost"},
                         fmt(timeUp ? L.too_late : L.not_sent, {q: lost.join("、"), s: graceMs / 1000})));
    }
    var link = el("a", {href: state.done_url, "class": "alert-link"}, L.see_result);
    box.appendChild(link);
    root.insertBefore(box, document.getElementById("questions"));
    window.scrollTo(0, 0);   // the report sits above the questions, under the sticky bar
  }

  /* ---- leaving the page: recorded, never blocked ---- */
  var leftAt = null, leftKind = null;
  function left(kind) { if (leftAt === null) { leftAt = Date.now(); leftKind = kind; } }
  function back() {
    if (leftAt === null || finished) { return; }
    var away = Math.round((Date.now() - leftAt) / 1000), kind = leftKind;
    leftAt = null;
    api(state.urls.event, {kind: kind, seconds_away: away}).catch(function () { /* offline */ });
    pump();
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { left("hidden"); } else { back(); }
  });
  window.addEventListener("blur", function () { left("blur"); });
  window.addEventListener("focus", back);
  function resync() {      // the server's clock and state: time left, or submitted meanwhile
    if (finished) { return; }
    var sentAt = performance.now();
    call(state.urls.state).then(function (res) {
      var d = res.data;
      if (!d || !d.ok) { return; }   // offline or in trouble: the clock here goes on
      if (d.state === "in_progress") { sync(d, sentAt); }
      else if (d.state === "submitted") { finish(L.timeup, true); }
    });
  }
  /* ---- the session: answers travel with the attempt token, so its end only needs saying ---- */
  var sessionEnded = false;
  function checkSession() {
    if (sessionEnded || finished || !state.urls.session) { return; }
    fetch(state.urls.session, {credentials: "same-origin", cache: "no-store",
                               headers: {"Accept": "application/json"}}).then(function (r) {
      if (r.status === 401) {
        sessionEnded = true;
        document.getElementById("session-ended").classList.remove("d-none");
      }
    }).catch(function () { /* offline: asked again later */ });
  }
  window.addEventListener("online", function () { retryNow(); resync(); });
  window.addEventListener("offline", function () { trouble = "network"; showStatus(); });

  var list = document.getElementById("questions");
  state.items.forEach(function (item) { list.appendChild(render(item)); });
  submitEl.addEventListener("click", function () { submit(false); });
  toggleEl.addEventListener("click", function () { openOverview(overviewEl.hidden); });
  showProgress(); showStatus(); tick(); pump();
  setInterval(tick, 500);
  setInterval(resync, 60000);
  setInterval(checkSession, 60000);
  window.addEventListener("focus", checkSession);
  root.dataset.ready = "1";
})();
