// Progressive enhancement only: every page works without this file.
// When a form comes back rejected (or in conflict), move focus to the summary of what went wrong,
// so keyboard and screen-reader users start there instead of at the top of the page.
(function () {
  var target = document.getElementById('error-summary') || document.getElementById('conflict');
  if (target) target.focus();
})();
