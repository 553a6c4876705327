// crisisguide: write a message from the plan's phrases. Without this file the composer stays
// hidden and the plan says so. Names come from this tab's sessionStorage (the same key as
// app.js and check.js) and are put into the draft here only: "Check this message" sends the
// draft with each typed name turned back into {client} or {me}.
(function () {
  "use strict";

  var NAMES_KEY = "crisisguide-names";
  var WHO = ["client", "me"];
  // Acknowledgement first, then one concrete offer, then a line that asks nothing back.
  var ORDER = { acknowledge: 0, listen: 0, offer: 1, reassure: 1, boundary: 2, "follow-up": 2, refer: 2 };
  var SUBJECT = /^(?:subject|objet)\s*:\s*/i;
  var GREETING = /^(?:dear|hi|hello|bonjour|cher|ch\u00e8re)\s+\{client\}\s*,\s*/i;
  var SIGNATURE = /\s*[\u2014\u2013-]\s*\{me\}\s*$/;
  var edited = false;
  var lastNames = {};

  function panel() { return document.getElementById("composer"); }
  function draft() { return document.getElementById("compose-draft"); }

  function storedNames() {
    var names = {};
    try { names = JSON.parse(window.sessionStorage.getItem(NAMES_KEY) || "{}") || {}; } catch (e) { /* none */ }
    WHO.forEach(function (who) { names[who] = String(names[who] || "").replace(/\s+/g, " ").trim(); });
    return names;
  }

  // A phrase as the page shows it, with each name slot back to {client} or {me}.
  function template(node) {
    if (!node) return "";
    var copy = node.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".name-slot"), function (slot) {
      slot.textContent = "{" + slot.getAttribute("data-name") + "}";
    });
    // Collapse the markup's line breaks, never a French no-break space.
    return copy.textContent.replace(/[ \t\r\n]+/g, " ").trim();
  }

  function part(name) {
    return template(document.querySelector('#composer [data-compose-part="' + name + '"]'));
  }

  function capitalise(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  // A phrase with the names put in; an empty name is left out with its comma.
  function fill(text, names) {
    WHO.forEach(function (who) {
      var slot = "{" + who + "}";
      if (names[who]) { text = text.split(slot).join(names[who]); return; }
      text = text.replace(new RegExp("\\s*,\\s*\\{" + who + "\\}", "g"), "")
        .replace(new RegExp("\\{" + who + "\\}\\s*,?\\s*", "g"), "");
    });
    return capitalise(text.trim());
  }

  function chosen() {
    var boxes = document.querySelectorAll("#composer [data-compose-phrase]:checked");
    var lines = Array.prototype.map.call(boxes, function (box, index) {
      var text = template(box.closest("label").querySelector(".compose-text"));
      return { kind: box.getAttribute("data-kind"), text: text, index: index };
    });
    return lines.sort(function (a, b) {
      return ((ORDER[a.kind] || 0) - (ORDER[b.kind] || 0)) || a.index - b.index;
    });
  }

  function channel() {
    var radio = document.querySelector("#composer [data-compose-channel]:checked");
    return radio ? radio.value : "email";
  }

  function compose() {
    var names = storedNames();
    var chat = channel() === "chat";
    var subject = "";
    var body = [];
    var hasBoundary = false;
    chosen().forEach(function (line) {
      var text = line.text;
      if (SUBJECT.test(text)) { subject = text; return; }
      // The greeting names them once; "…for your loss, {client}." need not say it again.
      text = text.replace(GREETING, "").replace(SIGNATURE, "").replace(/\s*,\s*\{client\}(?=\s*[.!?])/g, "");
      if (ORDER[line.kind] === 2) hasBoundary = true;
      body.push(fill(capitalise(text), names));
    });
    if (!body.length) return "";
    if (!hasBoundary) body.push(part("boundary"));
    var greeting = names.client
      ? fill(part(chat ? "greeting-chat" : "greeting"), names)
      : part("greeting-unnamed");
    if (chat) {
      return greeting + " " + body.join(" ") + (names.me ? " \u2014 " + names.me : "");
    }
    var parts = [];
    if (subject) parts.push(fill(subject, names), "");
    parts.push(greeting, "", body.join("\n\n"), "", part("sign-off"));
    if (names.me) parts.push(names.me);
    return parts.join("\n");
  }

  function rebuild() {
    var area = draft();
    if (!area) return;
    area.value = compose();
    edited = false;
    lastNames = storedNames();
  }

  function escapeRe(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // The typed name, wherever it stands as a whole word, back to {client} or {me}.
  function swapOut(text, who, name) {
    if (!name) return text;
    var edge = "[^\\p{L}\\p{N}]";
    var pattern = new RegExp("(^|" + edge + ")" + escapeRe(name) + "(?=$|" + edge + ")", "gu");
    return text.replace(pattern, "$1{" + who + "}");
  }

  function namesOut(text, names) {
    WHO.forEach(function (who) { text = swapOut(text, who, names[who]); });
    return text;
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.closest || !target.closest("#composer")) return;
    if (target.hasAttribute("data-compose-phrase") || target.hasAttribute("data-compose-channel")) rebuild();
  });

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target === draft()) { edited = true; return; }
    if (!target.matches || !target.matches("[data-name-input]")) return;
    // app.js has stored the name already (its listener ran first, on load order).
    var area = draft();
    if (!area) return;
    if (!edited) { rebuild(); return; }
    var names = storedNames();
    var text = namesOut(area.value, lastNames);
    WHO.forEach(function (who) { if (names[who]) text = text.split("{" + who + "}").join(names[who]); });
    area.value = text;
    lastNames = names;
  });

  // The checker gets the draft with the names taken out; they never leave this page.
  document.addEventListener("submit", function (event) {
    if (event.target.id !== "compose-check-form") return;
    var area = draft();
    var text = namesOut(area.value, storedNames());
    if (!text.trim()) {
      event.preventDefault();
      area.focus();
      if (window.crisisguide) window.crisisguide.announce(panel().getAttribute("data-empty") || "");
      return;
    }
    document.getElementById("compose-check-text").value = text;
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-compose-copy]");
    if (!button) return;
    var area = draft();
    var label = button.querySelector(".copy-label");
    var message = window.crisisguide ? window.crisisguide.message : function () { return ""; };
    var done = function () {
      button.classList.add("copied");
      if (label) {
        if (!label.hasAttribute("data-label")) label.setAttribute("data-label", label.textContent);
        label.textContent = message("copied-label") || label.textContent;
      }
      if (window.crisisguide) window.crisisguide.announce(message("copied"));
      window.clearTimeout(button.copiedTimer);
      button.copiedTimer = window.setTimeout(function () {
        button.classList.remove("copied");
        if (label) label.textContent = label.getAttribute("data-label");
      }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(done, function () { legacyCopy(area); done(); });
    } else {
      legacyCopy(area);
      done();
    }
  });

  function legacyCopy(area) {
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more we can do */ }
  }
})();
