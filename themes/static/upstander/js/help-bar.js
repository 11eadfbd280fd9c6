/* Keeps the sticky help bar from hiding what has focus (WCAG 2.2 SC 2.4.11).
   Tells the stylesheet the bar's real height (--help-bar-height, used for
   scroll-padding-top), which changes with the reader's text size, font and the
   screen's width; and unsticks the bar when it would take more than a fifth of
   the screen. Without this script, base.css uses a height in rem that fits one row. */
(function () {
  "use strict";
  var LARGEST_SHARE_OF_SCREEN = 0.2;
  var bar = document.querySelector(".help-bar");
  if (!bar) return;
  var root = document.documentElement;

  function measure() {
    var height = bar.getBoundingClientRect().height;
    var tooTall = height > window.innerHeight * LARGEST_SHARE_OF_SCREEN;
    bar.classList.toggle("help-bar--unstuck", tooTall);
    root.style.setProperty("--help-bar-height", (tooTall ? 0 : Math.ceil(height)) + "px");
  }

  measure();
  window.addEventListener("resize", measure);
  if (window.ResizeObserver) new window.ResizeObserver(measure).observe(bar);
  // Fonts arrive after the first measure (the dyslexia font changes the bar's height).
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(measure);
})();
