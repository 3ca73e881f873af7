/* Behaviour every page may ask for through data attributes, so that no page needs inline script
   (the Content-Security-Policy runs only the site's own files):
   data-confirm="question" on a form or a submit button asks before submitting;
   data-autosubmit on a select submits its form when the choice changes. */
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target, button = event.submitter;
    var question = (button && button.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  document.addEventListener('change', function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute('data-autosubmit') && field.form) { field.form.submit(); }
  });
})();
