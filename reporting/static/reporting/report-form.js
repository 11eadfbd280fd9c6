// Progressive enhancement for the report pages. Everything works without it.
// It warns about a file that is too big before the pupil waits for the upload,
// and shows the 999 advice as soon as "someone is in danger" is chosen.
(function () {
  "use strict";
  document.querySelectorAll('input[type="file"][data-max-file-bytes]').forEach(function (input) {
    var limitMb = parseInt(input.getAttribute("data-max-file-bytes"), 10);
    var warning = document.createElement("p");
    warning.className = "upload-warning";
    warning.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", warning);
    input.addEventListener("change", function () {
      var tooBig = Array.prototype.filter.call(input.files || [], function (file) {
        return file.size > limitMb * 1024 * 1024;
      });
      // The words come from the page, in the pupil's language ({mb} and {files} filled in here).
      var words = input.getAttribute("data-too-big") ||
        "Too big (more than {mb} MB): {files}. Please pick a smaller file or a screenshot.";
      warning.textContent = tooBig.length
        ? words.replace("{mb}", limitMb).replace("{files}", tooBig.map(function (f) { return f.name; }).join(", "))
        : "";
    });
  });
  // The radio, not the hidden copy later steps carry (which has no fieldset).
  var danger = document.querySelector('input[type="radio"][name="danger_now"][value="yes"]');
  if (danger) {
    var note = document.createElement("p");
    note.className = "danger-banner";
    note.setAttribute("role", "alert");
    note.hidden = true;
    var form = danger.closest("form");
    note.textContent = (form && form.getAttribute("data-danger-note")) ||
      "If someone is in danger right now, call 999 now. You can finish this report afterwards.";
    danger.closest("fieldset").insertAdjacentElement("beforebegin", note);
    document.querySelectorAll('input[name="danger_now"]').forEach(function (radio) {
      radio.addEventListener("change", function () { note.hidden = !danger.checked; });
    });
  }
  // An error summary's link: show the whole question (its label or legend, below the
  // sticky help bar's scroll-padding) and put focus in its first input, as GOV.UK does.
  // Without this script the link still goes to the input.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      var question = input.closest(".question");
      var label = question && question.querySelector(".question__label");
      event.preventDefault();
      (label || input).scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
    });
  });
  // "Show my words": shows the secret words at once. Without this script, ticking it
  // brings the page back with them in a plain text box.
  document.querySelectorAll("[data-show-words]").forEach(function (box) {
    var words = document.getElementById(box.getAttribute("data-show-words"));
    if (!words) return;
    box.addEventListener("change", function () { words.type = box.checked ? "text" : "password"; });
  });
  document.querySelectorAll(".error-summary").forEach(function (summary) { summary.focus(); });
})();
