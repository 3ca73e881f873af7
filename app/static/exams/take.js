/* The exam page: render the paper, save every answer as it is given, survive reloads and
   dropped connections, count down from the server's clock, record leaving the page.

   Every change gets a sequence number larger than any before it (from the clock, and
   never below what the server already holds), is kept in localStorage until the server
   acknowledges it, and is sent one at a time. The server stores an answer only if its
   number is higher than the stored one, so a replayed or late request changes nothing. */
(function () {
  "use strict";
  var root = document.getElementById("exam");
  var state = JSON.parse(document.getElementById("exam-state").textContent);
  var L = JSON.parse(document.getElementById("exam-labels").textContent);
  var KEY = "exam-queue-" + state.attempt;
  var statusEl = document.getElementById("save-status");
  var clockEl = document.getElementById("clock");
  var progressEl = document.getElementById("progress");
  var answers = {};          // position -> value shown
  var queue = load();        // position -> {value, seq} not yet acknowledged
  var lastSeq = Number(state.max_seq) || 0;
  var sending = false, offline = false, finished = false, lastError = "";
  var deadline = performance.now() + state.seconds_left * 1000;

  function fmt(s, args) { return s.replace(/\{(\w+)\}/g, function (_, k) { return args[k]; }); }
  function load() { try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; } }
  function store() { try { localStorage.setItem(KEY, JSON.stringify(queue)); } catch (e) { /* full */ } }
  function nextSeq() { lastSeq = Math.max(Date.now() * 1000, lastSeq + 1); return lastSeq; }

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
      headers: {"Content-Type": "application/json", "X-Attempt-Token": state.token},
      body: body === undefined ? undefined : JSON.stringify(body)
    });
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
    head.appendChild(el("span", {}, fmt(L.points, {p: item.points})));
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
    if (finished) { return; }
    var value = read(item);
    answers[item.position] = value;
    queue[item.position] = {value: value, seq: nextSeq()};
    store(); showProgress(); showStatus(); pump();
  }

  function pump() {
    if (sending || finished) { return; }
    var keys = Object.keys(queue);
    if (!keys.length) { showStatus(); return; }
    var q = keys[0], entry = queue[q];
    sending = true; showStatus();
    api(state.urls.save, {q: Number(q), value: entry.value, seq: entry.seq}).then(function (r) {
      return r.json().then(function (data) { return {status: r.status, data: data}; });
    }).then(function (res) {
      sending = false; offline = false;
      if (res.status === 200) {
        if (queue[q] && queue[q].seq === entry.seq) { delete queue[q]; store(); }
        lastError = "";
        sync(res.data.seconds_left);
      } else if (res.status === 409) {      // submitted, or time is up
        finish(res.data.error);
        return;
      } else {                               // refused as malformed: drop it, say so
        if (queue[q] && queue[q].seq === entry.seq) { delete queue[q]; store(); }
        lastError = res.data.error || String(res.status);
      }
      showStatus(); pump();
    }).catch(function () {
      sending = false; offline = true; showStatus();
      setTimeout(pump, 3000);
    });
  }

  function pending() { return Object.keys(queue).length; }

  function showStatus() {
    var n = pending(), cls = "text-success", text = statusEl.dataset.saved;
    if (lastError) { cls = "text-danger"; text = fmt(statusEl.dataset.error, {error: lastError}); }
    else if (offline && n) { cls = "text-danger"; text = fmt(statusEl.dataset.offline, {n: n}); }
    else if (sending) { cls = "text-muted"; text = statusEl.dataset.saving; }
    else if (n) { cls = "text-warning"; text = fmt(statusEl.dataset.pending, {n: n}); }
    statusEl.className = "save-status text-end " + cls;
    statusEl.textContent = text;
    statusEl.dataset.pendingCount = n;
  }

  function showProgress() {
    var done = state.items.filter(function (i) {
      var v = answers[i.position];
      return Array.isArray(v) ? v.some(function (b) { return b.trim(); }) : !!(v && String(v).trim());
    }).length;
    progressEl.textContent = fmt(L.answered, {a: done, t: state.items.length});
    return state.items.length - done;
  }

  /* ---- time ---- */
  function sync(secondsLeft) {
    if (typeof secondsLeft === "number") { deadline = performance.now() + secondsLeft * 1000; }
  }

  function tick() {
    var left = Math.max(0, Math.round((deadline - performance.now()) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
    clockEl.textContent = (h ? h + ":" : "") + (m < 10 && h ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    clockEl.classList.toggle("text-danger", left < 300);
    if (left === 0 && !finished) { submit(true); }
  }

  /* ---- submitting ---- */
  function flushThenSubmit(deadlineMs) {
    return new Promise(function (resolve) {
      (function wait() {
        if (!pending() || performance.now() > deadlineMs) { resolve(); } else { pump(); setTimeout(wait, 200); }
      })();
    });
  }

  var submitting = false;
  function submit(timeUp) {
    if (finished || submitting) { return; }
    if (!timeUp) {
      var missing = showProgress();
      var question = root.dataset.confirm + (missing ? "\n" + fmt(root.dataset.unanswered, {n: missing}) : "");
      if (!window.confirm(question)) { return; }
    }
    submitting = true;
    document.getElementById("submit").disabled = true;
    flushThenSubmit(performance.now() + 10000).then(function () {
      return api(state.urls.submit, {});
    }).then(function (r) {
      if (r.status === 200 || r.status === 409) { finish(timeUp ? L.timeup : L.submitted); }
      else { submitting = false; document.getElementById("submit").disabled = false; }
    }).catch(function () {
      submitting = false; offline = true; showStatus();
      document.getElementById("submit").disabled = false;
      if (timeUp) { setTimeout(function () { submit(true); }, 3000); }
    });
  }

  function finish(message) {
    finished = true;
    try { localStorage.removeItem(KEY); } catch (e) { /* ignore */ }
    statusEl.textContent = message || "";
    window.location.replace(state.done_url);
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
    api(state.urls.state).then(function (r) { return r.json(); }).then(function (d) {
      if (d.ok && d.state === "in_progress") { sync(d.seconds_left); }
      else if (d.ok && d.state === "submitted") { finish(L.timeup); }
    }).catch(function () { /* offline: the local clock goes on */ });
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
  window.addEventListener("online", function () { offline = false; pump(); resync(); });
  window.addEventListener("offline", function () { offline = true; showStatus(); });

  var list = document.getElementById("questions");
  state.items.forEach(function (item) { list.appendChild(render(item)); });
  document.getElementById("submit").addEventListener("click", function () { submit(false); });
  showProgress(); showStatus(); tick(); pump();
  setInterval(tick, 500);
  setInterval(resync, 60000);
  setInterval(checkSession, 60000);
  window.addEventListener("focus", checkSession);
  root.dataset.ready = "1";
})();
