// crisisguide: small progressive enhancements. Everything works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function message(name) {
    return document.body.getAttribute("data-msg-" + name) || "";
  }

  function announce(message) {
    var region = document.getElementById("announcer");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }
  window.crisisguide = { announce: announce, message: message };

  // What Copy puts on the clipboard: the phrase as it reads now, names filled in. A name
  // slot still empty is left out, with what only makes sense with a name: its comma
  // ("I'm so sorry, [client's name]." → "I'm so sorry."), a greeting before it
  // ("Dear [client's name], I…" → "I…"), a dash before a signature ("— [your name]").
  function textToCopy(target) {
    var copy = target.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".name-slot.name-empty"), function (slot) {
      slot.textContent = "\u0000";
    });
    var text = copy.textContent.replace(/\s+/g, " ").trim();
    text = text
      .replace(/^[^\s,.\u0000]+ \u0000\s*,\s*(\S)/, function (m, first) { return first.toUpperCase(); })
      .replace(/\s*,\s*\u0000/g, "")
      .replace(/\s*[\u2014\u2013-]\s*\u0000/g, "")
      .replace(/\u0000\s*,?\s*/g, "");
    return text.replace(/\s+([.,!?;:])/g, function (m, mark) {
      // French keeps its space before ! ? ; : (a non-breaking one); English does not.
      return /[!?;:]/.test(mark) && /^fr/.test(document.documentElement.lang) ? m : mark;
    }).replace(/\s+/g, " ").trim();
  }
  window.crisisguide.textToCopy = textToCopy;

  // Copy buttons say "Copied" for a moment, and screen readers hear it too.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) return;
    var text = textToCopy(target);
    var label = button.querySelector(".copy-label");
    var done = function () {
      button.classList.add("copied");
      if (label) {
        if (!label.hasAttribute("data-label")) label.setAttribute("data-label", label.textContent);
        label.textContent = message("copied-label") || label.textContent;
      }
      announce(message("copied"));
      window.clearTimeout(button.copiedTimer);
      button.copiedTimer = window.setTimeout(function () {
        button.classList.remove("copied");
        if (label) label.textContent = label.getAttribute("data-label");
      }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  });

  // Names: typed in the page, put into the phrases in the page, and sent nowhere. The inputs
  // have no name and sit outside every form, so no request can carry them; they are kept in
  // this tab only (sessionStorage), so they carry from search to a playbook or a plan.
  var NAMES_KEY = "crisisguide-names";

  function storedNames() {
    try { return JSON.parse(window.sessionStorage.getItem(NAMES_KEY) || "{}"); } catch (e) { return {}; }
  }

  function fillNames(root) {
    var names = storedNames();
    Array.prototype.forEach.call((root || document).querySelectorAll("[data-name-input]"), function (input) {
      var who = input.getAttribute("data-name-input");
      if (document.activeElement !== input && names[who] !== undefined) input.value = names[who];
    });
    Array.prototype.forEach.call(document.querySelectorAll(".name-slot[data-unfilled]"), function (slot) {
      var value = (names[slot.getAttribute("data-name")] || "").replace(/\s+/g, " ").trim();
      slot.textContent = value || slot.getAttribute("data-unfilled") || "";
      slot.classList.toggle("name-empty", !value);
    });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-name-input]")) return;
    var names = storedNames();
    names[input.getAttribute("data-name-input")] = input.value;
    try { window.sessionStorage.setItem(NAMES_KEY, JSON.stringify(names)); } catch (e) { /* private mode */ }
    fillNames();
  });
  document.addEventListener("htmx:load", function () { fillNames(); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { fillNames(); });
  } else {
    fillNames();
  }

  // htmx swaps nothing on an error response; show the server's message instead of failing
  // silently. Only the text is used, never the markup.
  function showError(message) {
    var box = document.getElementById("request-error");
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
  }
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var text = (doc.body && doc.body.textContent || "").replace(/\s+/g, " ").trim();
    showError(text || message("request-failed") + " (" + xhr.status + ")");
  });
  document.addEventListener("htmx:sendError", function () {
    showError(message("offline"));
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("request-error");
    if (box) { box.hidden = true; box.textContent = ""; }
  });

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more we can do */ }
    document.body.removeChild(area);
  }
})();
