// A chapter page: a heartbeat every 30 s (data-beat-ms) while the page is visible and the
// video plays; the server measures the time between beats and answers what it counted.
// The page claims nothing: it reports what it sees, and shows what the server counted.
(function () {
  "use strict";
  var root = document.getElementById("study");
  if (!root) { return; }
  var labels = JSON.parse(document.getElementById("study-labels").textContent);
  var video = document.getElementById("player");
  var timeEl = document.getElementById("study-time");
  var stateEl = document.getElementById("study-state");
  var presence = document.getElementById("presence");
  var chapter = Number(root.dataset.chapter);
  var minMinutes = Math.ceil(Number(root.dataset.min) / 60);
  var storeKey = "study-position:" + chapter;

  // One id per browser tab, kept across reloads (sessionStorage is per tab).
  var tab = sessionStorage.getItem("study-tab");
  if (!tab) {
    tab = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    sessionStorage.setItem("study-tab", tab);
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  function playing() {
    if (!video) { return true; }
    return !video.paused && !video.ended && video.readyState > 2;
  }

  function position() { return video ? video.currentTime : 0; }

  function show(answer) {
    timeEl.textContent = fill(labels.counted_fmt, {m: Math.floor(answer.chapter_seconds / 60), n: minMinutes});
    root.dataset.seconds = answer.chapter_seconds;
    root.dataset.verdict = answer.verdict;
    root.dataset.complete = answer.complete ? "1" : "0";
    root.dataset.courseComplete = answer.course_complete ? "1" : "0";
    var state = answer.complete ? labels.complete : "";
    if (labels[answer.verdict]) { state = labels[answer.verdict]; }
    else if (answer.verdict === "counted" || answer.verdict === "fast" || answer.verdict === "start") {
      state = (answer.complete ? labels.complete + " " : "") + labels.counting;
    }
    stateEl.textContent = state;
    presence.classList.toggle("d-none", !answer.check);
  }

  function send(url, body, keepalive) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", keepalive: !!keepalive,
      headers: {"Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf},
      body: JSON.stringify(body || {})
    });
  }

  function beat(keepalive) {
    var body = {tab: tab, chapter_id: chapter, visible: document.visibilityState === "visible",
                playing: playing(), rate: video ? video.playbackRate : 1, position: position()};
    if (video) { localStorage.setItem(storeKey, String(body.position)); }
    return send(root.dataset.beatUrl, body, keepalive).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(show).catch(function () { stateEl.textContent = labels.offline; });
  }

  function resume() {
    var saved = Number(root.dataset.position) || Number(localStorage.getItem(storeKey)) || 0;
    if (video && saved > 0 && (!video.duration || saved < video.duration - 1)) {
      video.currentTime = saved;
    }
  }

  if (video) {
    video.addEventListener("loadedmetadata", resume, {once: true});
    video.addEventListener("play", function () { beat(); });
    video.addEventListener("pause", function () { beat(); });
  }
  document.addEventListener("visibilitychange", function () { beat(); });
  window.addEventListener("pagehide", function () { beat(true); });
  document.getElementById("presence-yes").addEventListener("click", function () {
    send(root.dataset.confirmUrl, {}).then(function () { presence.classList.add("d-none"); beat(); });
  });
  beat();
  setInterval(beat, Number(root.dataset.beatMs) || 30000);
}());
