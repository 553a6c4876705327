// crisisguide admin: the playbook change form's small enhancements. It works without them.
(function () {
  "use strict";

  function message(name) {
    var preview = document.getElementById("playbook-preview");
    return (preview && preview.getAttribute("data-msg-" + name)) || "";
  }

  function status(text) {
    var region = document.getElementById("playbook-preview-status");
    if (region) region.textContent = text;
  }

  function ready() {
    // A refused save: take the reader to the explanation first.
    var conflict = document.getElementById("conflict");
    if (conflict) conflict.focus();

    // "Use the saved value" buttons copy the value saved meanwhile into the field.
    document.querySelectorAll(".cg-take[hidden]").forEach(function (group) {
      group.hidden = false;
    });
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-take-field]");
      if (!button) return;
      var field = document.getElementById(button.getAttribute("data-take-field"));
      if (!field) return;
      field.value = button.getAttribute("data-take-value");
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.focus();
    });
  }

  // The live preview reports failures in its own status line, never silently.
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.target && event.detail.target.id === "playbook-preview") {
      status(event.detail.xhr.responseText || message("failed"));
    }
  });
  document.addEventListener("htmx:sendError", function () {
    status(message("offline"));
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
