/* Reader preferences: bigger text, a dyslexia-friendly font, high contrast.
   Kept in this browser only (localStorage): never a cookie, never sent to the
   server, so cached pages stay the same for everyone and nothing about a reader
   is stored by the school. Loaded in <head> without `defer`, so the saved choices
   are on <html> before the page is drawn (no flash of the wrong size or colours).
   Without JavaScript the checkboxes still work on the current page through CSS
   :has(), and nothing is saved. */
(function () {
  "use strict";
  var KEY = "upstander:reader-preferences";
  // The only names and values ever written to <html>: anything else in storage is ignored.
  var ALLOWED = { "text-size": "large", "font": "dyslexic", "contrast": "high" };
  var root = document.documentElement;
  root.setAttribute("data-js", "");

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (error) {
      return {}; // storage blocked (private mode, policy) or damaged: use defaults
    }
  }
  function save(preferences) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(preferences));
    } catch (error) {
      /* Storage unavailable: the choice still applies to this page. */
    }
  }
  function apply(preferences) {
    Object.keys(ALLOWED).forEach(function (name) {
      if (preferences[name] === ALLOWED[name]) {
        root.setAttribute("data-" + name, ALLOWED[name]);
      } else {
        root.removeAttribute("data-" + name);
      }
    });
  }

  var preferences = load();
  apply(preferences);

  function connect() {
    var boxes = document.querySelectorAll("[data-preference]");
    Array.prototype.forEach.call(boxes, function (box) {
      var name = box.getAttribute("data-preference");
      if (!Object.prototype.hasOwnProperty.call(ALLOWED, name)) return;
      box.checked = preferences[name] === ALLOWED[name];
      box.addEventListener("change", function () {
        if (box.checked) {
          preferences[name] = ALLOWED[name];
        } else {
          delete preferences[name];
        }
        apply(preferences);
        save(preferences);
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", connect);
  } else {
    connect();
  }
})();
