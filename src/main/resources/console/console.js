// Hotline console: live updates, the ringing call, keyboard answer. No inline script (CSP).
(function () {
  "use strict";

  // Dates: the server renders them in the zone this script reported (a cookie); until it has, or
  // if the reader moved, they are rewritten here in the browser's own zone, with the zone named.
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  document.cookie = "hotline_tz=" + encodeURIComponent(zone) + "; path=/console; SameSite=Strict";
  var rendered = document.body.getAttribute("data-zone");
  var parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short"
  });
  function localTimes(root) {
    if (rendered === zone) {
      return;
    }
    root.querySelectorAll("time[datetime]").forEach(function (element) {
      var date = new Date(element.getAttribute("datetime"));
      if (isNaN(date)) {
        return;
      }
      var p = {};
      parts.formatToParts(date).forEach(function (part) { p[part.type] = part.value; });
      element.textContent = p.year + "-" + p.month + "-" + p.day + " " + p.hour + ":" + p.minute + ":" + p.second + " "
        + p.timeZoneName + (zone === "UTC" ? "" : " (" + zone + ")");
    });
    var named = document.getElementById("zone");
    if (named) {
      named.textContent = zone;
    }
  }
  localTimes(document);

  // Signed out (the login page): nothing live to follow.
  if (!document.getElementById("user")) {
    return;
  }

  function refresh(element) {
    if (!element) {
      return Promise.resolve();
    }
    return fetch(element.getAttribute("data-refresh"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 401) {
          location.href = "/console/login";
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null && html !== undefined) {
          element.innerHTML = html;
          localTimes(element);
        }
      })
      .catch(function () { /* the next event or tick tries again */ });
  }

  var ringing = document.getElementById("ringing");
  function refreshRinging() {
    return fetch("/console/ringing", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || !ringing) {
          return;
        }
        var before = ringing.querySelectorAll(".ringing").length;
        ringing.innerHTML = html;
        localTimes(ringing);
        var now = ringing.querySelectorAll(".ringing").length;
        if (now > before) {
          ring();
        }
      })
      .catch(function () {});
  }

  // The ring: a short two-tone chime, made here (no sound file to fetch), repeated while it rings.
  // Browsers let a page make sound only after a click or key on it, so the first one opens the
  // audio; the banner, the focused answer button and the flashing title need nothing.
  var audio = null;
  var title = document.title;
  function openAudio() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") {
        audio.resume();
      }
    } catch (e) { /* no audio */ }
  }
  document.addEventListener("click", openAudio, { once: true });
  document.addEventListener("keydown", openAudio, { once: true });
  function ring() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      [0, 0.35].forEach(function (offset, i) {
        var oscillator = audio.createOscillator();
        var gain = audio.createGain();
        oscillator.frequency.value = i === 0 ? 880 : 660;
        gain.gain.setValueAtTime(0.2, audio.currentTime + offset);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + offset + 0.3);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(audio.currentTime + offset);
        oscillator.stop(audio.currentTime + offset + 0.3);
      });
    } catch (e) { /* no audio: the banner still shows */ }
    document.body.classList.add("is-ringing");
    document.title = document.title.indexOf("☎") === 0 ? title : "☎ " + title;
    var button = ringing && ringing.querySelector("button.answer");
    if (button && !isTyping()) {
      button.focus();
    }
  }
  setInterval(function () {
    if (ringing && ringing.querySelector(".ringing")) {
      ring();
    } else {
      document.body.classList.remove("is-ringing");
      document.title = title;
    }
  }, 4000);

  function isTyping() {
    var active = document.activeElement;
    return active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT" || active.tagName === "SELECT");
  }

  // One key answers the oldest ringing call.
  document.addEventListener("keydown", function (event) {
    if ((event.key === "a" || event.key === "A") && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping()) {
      var button = ringing && ringing.querySelector("button.answer");
      if (button) {
        event.preventDefault();
        button.click();
      }
    }
  });

  var board = document.getElementById("board-rows");
  var transcript = document.getElementById("transcript-rows");
  var line = transcript ? transcript.getAttribute("data-line") : null;

  var events = new EventSource("/console/events");
  events.addEventListener("entries", function (event) {
    var data = JSON.parse(event.data);
    refresh(board);
    if (transcript && data.line === line) {
      refresh(transcript);
    }
  });
  events.addEventListener("ring", refreshRinging);
  events.addEventListener("answered", function () {
    refreshRinging();
    refresh(board);
  });
  events.addEventListener("alert", function () {
    refresh(board);
  });
  events.addEventListener("open", function () { document.body.classList.remove("offline"); });
  events.onerror = function () { document.body.classList.add("offline"); };

  // Health and delivery receipts change without entries: look again every few seconds.
  setInterval(function () {
    refresh(board);
    refresh(transcript);
  }, 3000);
})();
