// crisisguide "Check my message": names stay in the browser, the draft is checked as you type.
// Without this file the page is a plain form that posts the draft and shows the results.
(function () {
  "use strict";

  var WHO = ["client", "me"];
  // The same key as app.js: a name typed on a plan is here too, and the other way round.
  var NAMES_KEY = "crisisguide-names";
  var previous = {};

  function form() { return document.getElementById("check-form"); }
  function textArea() { return document.getElementById("id_text"); }
  function nameInput(who) { return document.querySelector('[data-check-name="' + who + '"]'); }

  function escapeRe(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function nameOf(who) {
    var input = nameInput(who);
    return input ? input.value.replace(/\s+/g, " ").trim() : "";
  }

  // The typed name, wherever it stands as a whole word, becomes {client} or {me} again.
  function swapOut(text, who, name) {
    if (!name) return text;
    var edge = "[^\\p{L}\\p{N}]";
    var pattern = new RegExp("(^|" + edge + ")" + escapeRe(name) + "(?=$|" + edge + ")", "gu");
    return text.replace(pattern, "$1{" + who + "}");
  }

  function namesOut(text) {
    WHO.forEach(function (who) { text = swapOut(text, who, nameOf(who)); });
    return text;
  }

  function namesIn(text) {
    WHO.forEach(function (who) {
      var name = nameOf(who);
      if (name) text = text.split("{" + who + "}").join(name);
    });
    return text;
  }

  function fillSlots() {
    WHO.forEach(function (who) {
      var name = nameOf(who);
      document.querySelectorAll('#check-results .name-slot[data-name="' + who + '"]').forEach(function (slot) {
        if (!slot.hasAttribute("data-default")) slot.setAttribute("data-default", slot.textContent);
        slot.textContent = name || slot.getAttribute("data-default");
      });
    });
  }

  // Names live in this tab only (sessionStorage): never in a request, gone when it closes.
  function storedNames() {
    try { return JSON.parse(window.sessionStorage.getItem(NAMES_KEY) || "{}") || {}; } catch (e) { return {}; }
  }

  function remember(who) {
    var names = storedNames();
    names[who] = nameOf(who);
    try { window.sessionStorage.setItem(NAMES_KEY, JSON.stringify(names)); } catch (e) { /* private mode */ }
  }

  function restore() {
    var names = storedNames();
    WHO.forEach(function (who) {
      var input = nameInput(who);
      if (!input) return;
      input.value = String(names[who] || "");
      previous[who] = nameOf(who);
    });
    var area = textArea();
    if (area) area.value = namesIn(area.value);
    fillSlots();
  }

  document.addEventListener("input", function (event) {
    var who = event.target.getAttribute && event.target.getAttribute("data-check-name");
    if (!who) return;
    var area = textArea();
    if (area) {
      area.value = swapOut(area.value, who, previous[who]);
      area.value = namesIn(area.value);
    }
    previous[who] = nameOf(who);
    remember(who);
    fillSlots();
  });

  // Every request the form makes carries the draft with the names swapped out.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt !== form()) return;
    var params = event.detail.parameters;
    var text = namesOut(textArea().value);
    if (params instanceof FormData) params.set("text", text); else params.text = text;
  });

  // While typing, an empty draft just clears the results; pressing Check still explains.
  document.addEventListener("htmx:confirm", function (event) {
    if (event.detail.elt !== form()) return;
    var trigger = event.detail.triggeringEvent;
    if (trigger && trigger.type !== "submit" && !textArea().value.trim()) {
      event.preventDefault();
      document.getElementById("check-results").innerHTML = "";
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "check-results") return;
    fillSlots();
    var summary = document.getElementById("check-summary");
    if (summary && window.crisisguide) window.crisisguide.announce(summary.textContent.trim());
  });

  // Without htmx the form posts itself: swap the names out first all the same.
  document.addEventListener("submit", function (event) {
    if (event.target !== form() || window.htmx) return;
    textArea().value = namesOut(textArea().value);
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-check-copy]");
    if (!button) return;
    var text = textArea().value;
    var done = function () {
      button.classList.add("copied");
      if (window.crisisguide) window.crisisguide.announce(window.crisisguide.message("copied"));
      window.setTimeout(function () { button.classList.remove("copied"); }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, done);
    } else {
      textArea().select();
      try { document.execCommand("copy"); } catch (e) { /* nothing more to do */ }
      done();
    }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", restore);
  else restore();
})();
