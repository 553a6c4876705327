// crisisguide admin: accessible names for Django's autocomplete widgets (its vendored select2),
// which otherwise leave the combobox and its search box unnamed. Loaded on every admin page.
(function () {
  "use strict";

  function labelFor(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label && !label.id) label.id = select.id + "-label";
    return label;
  }

  function fix(select) {
    var container = select.nextElementSibling;
    if (!container || !container.classList.contains("select2")) return;
    var label = labelFor(select);
    if (!label) return;
    var name = label.textContent.replace(/[:\s]+$/, "").trim();
    var selection = container.querySelector(".select2-selection");
    if (selection) {
      var rendered = container.querySelector(".select2-selection__rendered[id]");
      var ids = label.id + (rendered ? " " + rendered.id : "");
      if (selection.getAttribute("aria-labelledby") !== ids) {
        selection.setAttribute("aria-labelledby", ids);
      }
    }
    container.querySelectorAll('[role="textbox"]:not([aria-labelledby])').forEach(function (box) {
      box.setAttribute("aria-labelledby", label.id);
    });
    container.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (field) {
      field.setAttribute("aria-label", name);
    });
    // The chosen values are a list; select2 also puts its "clear" control in it.
    container.querySelectorAll("ul.select2-selection__rendered:not([role])").forEach(function (list) {
      list.setAttribute("role", "list");
    });
  }

  function fixAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(fix);
  }

  function start() {
    fixAll();
    // select2 redraws its markup on every change; name it again each time.
    new MutationObserver(fixAll).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
