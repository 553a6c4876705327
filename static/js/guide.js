// crisisguide guide: step-by-step questions (names are filled in by app.js).
// Everything works without this file: the questions are one plain form.
(function () {
  "use strict";

  var FORM = "guide-form";
  var lastPointer = 0;

  function guideForm() {
    return document.getElementById(FORM);
  }

  function stepMode(form) {
    return form && !form.classList.contains("show-all");
  }

  // Without htmx the steps cannot advance: show the whole form instead.
  function fallBackWithoutHtmx() {
    var form = guideForm();
    if (form && !window.htmx) form.classList.add("show-all");
  }

  function currentStep(form) {
    return form.querySelector(".guide-step.is-current");
  }

  function advance(step) {
    var next = step && step.querySelector("[data-guide-next]");
    if (next) {
      next.click();
      return true;
    }
    return false;
  }

  // A tap or click on an answer moves on at once; arrow keys only choose (press Next or
  // Enter to move on), so keyboard users are never carried past a question.
  document.addEventListener("pointerdown", function (event) {
    if (event.target.closest && event.target.closest("#" + FORM)) lastPointer = Date.now();
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = guideForm();
    if (!stepMode(form) || !form.contains(input) || input.type !== "radio") return;
    if (Date.now() - lastPointer > 1500) return;
    var step = input.closest(".guide-step");
    if (step && step.classList.contains("is-current")) advance(step);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var input = event.target;
    var form = guideForm();
    if (!form || !form.contains(input) || input.tagName !== "INPUT") return;
    event.preventDefault();
    if (stepMode(form) && advance(input.closest(".guide-step"))) return;
    form.requestSubmit();
  });

  // After htmx shows the next step: focus its answer and say which step this is.
  document.addEventListener("htmx:load", function (event) {
    var form = event.target;
    if (!form || form.id !== FORM) return;
    fallBackWithoutHtmx();
    var step = currentStep(form);
    if (!step) return;
    var input = step.querySelector("input:checked") || step.querySelector("input");
    // Once the situation is chosen, what to say comes first on screen; the next question
    // still has the focus, and is scrolled to only if the screen cannot show both.
    var early = form.querySelector(".guide-first-phrases");
    if (early) early.scrollIntoView({ block: "start" });
    if (input) {
      input.focus({ preventScroll: !!early });
      if (early && input.getBoundingClientRect().bottom > window.innerHeight) {
        input.scrollIntoView({ block: "nearest" });
      }
    }
    var progress = document.getElementById("guide-progress");
    var legend = step.querySelector("legend");
    if (progress && window.crisisguide) {
      window.crisisguide.announce(
        progress.textContent.trim() + ". " + (legend ? legend.textContent.trim() : "")
      );
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fallBackWithoutHtmx);
  } else {
    fallBackWithoutHtmx();
  }
})();
