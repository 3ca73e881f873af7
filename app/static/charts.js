/* Draws every <canvas data-chart='{"kind", "title", "labels", "values", "unit"}'> with Chart.js.
   kind "bar": horizontal bars of percentages (green from 90 %, orange from 60 %, else red);
   kind "doughnut": shares of a whole. The page carries the same figures as a table. */
(function () {
  'use strict';
  if (typeof Chart === 'undefined') { return; }
  var SLICES = ['#198754', '#fd7e14', '#dc3545', '#6c757d', '#0d6efd', '#6f42c1'];

  function rateColour(value) {
    return value >= 90 ? '#198754' : (value >= 60 ? '#fd7e14' : '#dc3545');
  }

  function bar(spec) {
    return {
      type: 'bar',
      data: {labels: spec.labels, datasets: [{label: spec.title, data: spec.values,
        backgroundColor: spec.values.map(rateColour)}]},
      options: {indexAxis: 'y', maintainAspectRatio: false, animation: false,
        scales: {x: {min: 0, max: 100, ticks: {callback: function (v) { return v + spec.unit; }}}},
        plugins: {legend: {display: false}}}
    };
  }

  function doughnut(spec) {
    return {
      type: 'doughnut',
      data: {labels: spec.labels, datasets: [{label: spec.title, data: spec.values,
        backgroundColor: SLICES.slice(0, spec.values.length)}]},
      options: {maintainAspectRatio: false, animation: false,
        plugins: {legend: {position: 'bottom', labels: {boxWidth: 12}}}}
    };
  }

  // A page may give a whole Chart.js configuration (plain JSON, no functions) instead.
  document.querySelectorAll('canvas[data-chart-config]').forEach(function (canvas) {
    new Chart(canvas, JSON.parse(canvas.getAttribute('data-chart-config')));
  });

  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var spec = JSON.parse(canvas.getAttribute('data-chart'));
    new Chart(canvas, spec.kind === 'doughnut' ? doughnut(spec) : bar(spec));
  });
})();
