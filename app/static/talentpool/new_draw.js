// Without JavaScript every row shows; with it, unused rows wait behind "Add another specialty".
(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('[data-team-row]'));
  var add = document.getElementById('add-team');
  var hidden = rows.filter(function (row) { return !row.hasAttribute('data-used'); });
  hidden.forEach(function (row) { row.classList.add('d-none'); });
  function refresh() { add.classList.toggle('d-none', hidden.length === 0); }
  add.addEventListener('click', function () {
    var row = hidden.shift();
    row.classList.remove('d-none');
    row.querySelector('select').focus();
    refresh();
  });
  refresh();
})();
