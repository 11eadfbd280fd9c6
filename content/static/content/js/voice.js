/* Pupil voice: "one answer per browser", encouraged, never enforced.
   After a pupil sends answers, the thank-you page remembers in this browser's local
   storage (never a cookie, never sent to the server) that this survey was answered,
   until a short expiry. When the survey page opens again in the same browser, a note
   says so; the form stays usable, because a class may share one computer.
   Without JavaScript nothing of this happens and the form works as usual. */
(function () {
  "use strict";
  var PREFIX = "upstander-voice-answered-";

  function storage() {
    try {
      var test = "__upstander_test__";
      window.localStorage.setItem(test, test);
      window.localStorage.removeItem(test);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function forget(store) {
    var now = Date.now();
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0 && !(Number(store.getItem(key)) > now)) {
        store.removeItem(key);
      }
    }
  }

  function init() {
    var store = storage();
    if (!store) {
      return;
    }
    forget(store);
    var answered = document.querySelector("[data-voice-answered]");
    if (answered) {
      var until = Number(answered.getAttribute("data-remember-until"));
      if (until > Date.now()) {
        store.setItem(PREFIX + answered.getAttribute("data-voice-answered"), String(until));
      }
    }
    var form = document.querySelector("[data-voice-survey]");
    if (!form) {
      return;
    }
    var id = form.getAttribute("data-voice-survey");
    if (!(Number(store.getItem(PREFIX + id)) > Date.now())) {
      return;
    }
    var note = document.getElementById("survey-answered-note");
    var again = document.getElementById("survey-answer-again");
    if (!note || !again) {
      return;
    }
    note.hidden = false;
    form.hidden = true;
    again.addEventListener("click", function () {
      form.hidden = false;
      note.hidden = true;
      var first = form.querySelector("input, textarea, select");
      if (first) {
        first.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
