// Search as you type: htmx fetches the results; this file only adds keyboard movement.
// Down from the search box enters the results, Up and Down move between them, Escape goes back.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var results = document.getElementById("search-results");
  if (!input || !results) return;

  var help = document.getElementById("search-keys");
  if (help) {
    help.hidden = false;
    input.setAttribute("aria-describedby", "search-keys");
  }

  // A query is logged once it settles (search/views.py, typing): after a pause in typing, on
  // submit, or, when the reader opens a result before either, by the playbook page.
  var settled = true;
  input.addEventListener("input", function () { settled = false; });
  document.addEventListener("htmx:afterRequest", function (event) {
    var id = event.detail.elt && event.detail.elt.id;
    if (id === "search-settled" || id === "search-form") settled = true;
  });
  results.addEventListener("click", function (event) {
    var link = event.target.closest("a.search-result-link");
    if (link && !settled && link.href.indexOf("from_search=") >= 0) link.href += "&log_search=1";
  });

  function links() {
    return Array.prototype.slice.call(results.querySelectorAll("a.search-result-link"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var all = links();
    if (!all.length) return;
    if (event.target === input) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        all[0].focus();
      }
      return;
    }
    var index = all.indexOf(event.target);
    if (index < 0) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      all[Math.min(index + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (index === 0 ? input : all[index - 1]).focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      input.focus();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      all[event.key === "Home" ? 0 : all.length - 1].focus();
    }
  });
})();
