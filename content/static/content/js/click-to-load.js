/* Click-to-load external video: nothing is requested from YouTube or Vimeo until the
   reader presses the button. Without JavaScript the plain link to the provider stays. */
(function () {
  "use strict";
  function load(container) {
    var src = container.getAttribute("data-player");
    if (!src || !/^https:\/\/(www\.youtube-nocookie\.com|player\.vimeo\.com)\//.test(src)) {
      return;
    }
    var frame = document.createElement("iframe");
    frame.setAttribute("src", src + (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1");
    frame.setAttribute("title", container.getAttribute("data-title") || "Video");
    frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.className = "click-to-load-frame";
    container.innerHTML = "";
    container.appendChild(frame);
    frame.focus();
  }
  function init() {
    var containers = document.querySelectorAll("[data-click-to-load]");
    Array.prototype.forEach.call(containers, function (container) {
      var button = container.querySelector("[data-click-to-load-button]");
      if (!button) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        load(container);
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
