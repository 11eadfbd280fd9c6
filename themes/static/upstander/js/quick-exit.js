/* Quick exit. Without JavaScript the button is a plain link to a neutral page.
   With it, the page is hidden at once, the current history entry is replaced (so
   Back does not bring the site straight back), and pressing Shift three times
   within a second and a half also leaves, as on GOV.UK services. */
(function () {
  "use strict";
  var SHIFT_PRESSES = 3;
  var WINDOW_MS = 1500;

  function leave(url) {
    document.documentElement.style.visibility = "hidden";
    document.title = "";
    window.location.replace(url);
  }
  function exitUrl() {
    var link = document.querySelector("[data-quick-exit]");
    return link ? link.getAttribute("href") : "about:blank";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    leave(link.getAttribute("href"));
  });

  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      presses = [];
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < WINDOW_MS; });
    presses.push(now);
    if (presses.length >= SHIFT_PRESSES) leave(exitUrl());
  });
})();
