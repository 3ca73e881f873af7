/* Type to filter a long drop-down (476 units, hundreds of knowledge points).
 *
 * Every single-choice <select> with at least MIN_OPTIONS options (or marked data-search)
 * gets a search box just above it. Typing keeps the options whose text contains what was
 * typed (spaces ignored, case-insensitive); the chosen option always stays, so filtering
 * never changes the form's value by itself. Enter in the box chooses the first match,
 * ArrowDown moves to the list; the number of matches is announced to screen readers.
 * No dependency; served from the app. */
(function () {
  "use strict";
  var MIN_OPTIONS = 20;
  var counter = 0;

  function squeeze(text) {
    return text.replace(/[\s\u3000]+/g, "").toLowerCase();
  }

  function snapshot(select) {
    // The original children in order: options, and optgroups with their options.
    return Array.prototype.map.call(select.children, function (node) {
      if (node.tagName === "OPTGROUP") {
        return { group: node, options: Array.prototype.slice.call(node.children) };
      }
      return { option: node };
    });
  }

  function keep(option, needle, chosen) {
    return option.value === chosen || option.value === "" || squeeze(option.textContent).indexOf(needle) !== -1;
  }

  function isMatch(option, needle) {
    return option.value !== "" && squeeze(option.textContent).indexOf(needle) !== -1;
  }

  function rebuild(select, items, needle) {
    // Read the value first: moving the chosen option out makes the browser choose another.
    var chosen = select.value;
    var matches = [];
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) {
      if (item.option) {
        if (keep(item.option, needle, chosen)) { fragment.appendChild(item.option); }
        if (isMatch(item.option, needle)) { matches.push(item.option); }
        return;
      }
      var kept = item.options.filter(function (o) { return keep(o, needle, chosen); });
      item.options.forEach(function (o) { if (isMatch(o, needle)) { matches.push(o); } });
      while (item.group.firstChild) { item.group.removeChild(item.group.firstChild); }
      kept.forEach(function (o) { item.group.appendChild(o); });
      if (kept.length) { fragment.appendChild(item.group); }
    });
    while (select.firstChild) { select.removeChild(select.firstChild); }
    select.appendChild(fragment);
    select.value = chosen;
    return matches;
  }

  function enhance(select) {
    var items = snapshot(select);
    var id = "select-search-" + (++counter);
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1 select-search";
    box.id = id;
    box.placeholder = "输入文字筛选…";
    // A name of its own (not the select's label), so that the label still names one field.
    box.setAttribute("aria-label", "输入文字筛选下方列表");
    box.setAttribute("autocomplete", "off");
    box.setAttribute("aria-controls", select.id || "");
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    status.id = id + "-status";
    box.setAttribute("aria-describedby", status.id);
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select);
    var matches = [];
    box.addEventListener("input", function () {
      var needle = squeeze(box.value);
      matches = rebuild(select, items, needle);
      status.textContent = needle ? "匹配 " + matches.length + " 项" : "";
      box.classList.toggle("is-invalid", needle !== "" && matches.length === 0);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();   // never submits the form from the search box
        if (box.value && matches.length) {
          select.value = matches[0].value;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          status.textContent = "已选择：" + matches[0].textContent.trim();
        }
      } else if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });
  }

  function init() {
    var selects = document.querySelectorAll("select:not([multiple])");
    Array.prototype.forEach.call(selects, function (select) {
      if (select.hasAttribute("data-search") || select.options.length >= MIN_OPTIONS) {
        enhance(select);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
