// mldrills: the exercise clock on the page. The server keeps the time; this file only
// tells it what the page saw (an edit, pause, resume, the page hidden or shown) and
// shows the figure the server computed, ticking locally between answers.
(function () {
  "use strict";
  const HEARTBEAT_MS = 30000; // a visible page says "still here" this often while running

  function fmt(s) {
    s = Math.max(0, Math.floor(s));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    const mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(sec).padStart(2, "0");
  }

  function init(el, api, onError) {
    const slug = el.dataset.slug;
    const budget = Number(el.dataset.budget);
    const away = Number(el.dataset.away);
    const awayText = away >= 60 ? `${Math.round(away / 6) / 10} min` : `${away} s`;
    const timeEl = el.querySelector("#clock-time");
    const stateEl = el.querySelector("#clock-state");
    const btn = {
      start: el.querySelector("#clock-start"),
      pause: el.querySelector("#clock-pause"),
      resume: el.querySelector("#clock-resume"),
      restart: el.querySelector("#clock-restart"),
    };
    let state = el.dataset.state;
    let base = Number(el.dataset.elapsed); // seconds spent when `baseAt` was read
    let baseAt = Date.now();
    let reason = el.dataset.reason || "";
    let lastSent = 0;
    let inFlight = null;

    const elapsed = () => (state === "running" ? base + (Date.now() - baseAt) / 1000 : base);

    function render() {
      const spent = elapsed();
      timeEl.textContent = fmt(spent);
      el.dataset.state = state;
      const over = state !== "stopped" && spent >= budget;
      el.classList.toggle("is-over", over && state === "running");
      el.classList.toggle("is-warn", !over && state === "running" && spent >= budget * 0.8);
      el.classList.toggle("is-done", state === "stopped");
      el.classList.toggle("is-paused", state === "paused" || state === "new");
      if (state === "new") stateEl.textContent = "starts when you edit";
      else if (state === "stopped") stateEl.textContent = "solved";
      else if (state === "paused") {
        stateEl.textContent = (reason === "away" ? "paused: page was away" : "paused") + " · typing resumes";
      } else stateEl.textContent = over ? "overtime +" + fmt(spent - budget) : fmt(budget - spent) + " left";
      btn.start.hidden = state !== "new";
      btn.pause.hidden = state !== "running";
      btn.resume.hidden = state !== "paused";
      btn.restart.hidden = state === "new";
    }

    function apply(data) {
      if (!data || data.slug !== slug) return;
      state = data.state;
      base = data.elapsed_s;
      baseAt = Date.now();
      reason = data.paused_reason || "";
      render();
    }

    async function send(event) {
      lastSent = Date.now();
      const res = await api("POST", `/api/exercises/${slug}/clock`, { event });
      if (res.ok) apply(res.data);
      return res;
    }

    // A closing or hidden page cannot wait for an answer: keepalive lets the request
    // outlive it, and the server pauses the clock if nobody comes back in time.
    function leave() {
      if (state !== "running") return;
      const csrf = window.MLDrills ? window.MLDrills.csrf() : "";
      try {
        fetch(`/api/exercises/${slug}/clock`, {
          method: "POST", keepalive: true,
          headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
          body: JSON.stringify({ event: "away" }),
        });
      } catch (err) { /* the server pauses it anyway once it hears nothing */ }
    }

    // An edit: starts a new clock and resumes a paused one at once; on a running
    // clock it is a heartbeat, sent at most every HEARTBEAT_MS.
    function activity() {
      if (state === "stopped") return;
      if (state === "running" && Date.now() - lastSent < HEARTBEAT_MS) return;
      if (inFlight) return;
      inFlight = send("activity").finally(() => { inFlight = null; });
    }

    async function restart() {
      const spent = fmt(elapsed());
      if (!window.confirm(`Set the clock back to 0:00? The ${spent} on it now will not count.`)) return;
      const res = await api("POST", `/api/exercises/${slug}/start`, { restart: true });
      if (res.ok) apply(res.data);
      else onError(res.data);
    }

    async function press(event) {
      const res = event === "start"
        ? await api("POST", `/api/exercises/${slug}/start`, {})
        : await send(event);
      if (res.ok) apply(res.data);
      else onError(res.data);
    }

    btn.start.addEventListener("click", () => press("start"));
    btn.pause.addEventListener("click", () => press("pause"));
    btn.resume.addEventListener("click", () => press("resume"));
    btn.restart.addEventListener("click", restart);
    document.addEventListener("visibilitychange", () => {
      if (document.hidden) leave();
      else if (state === "running" || state === "paused") send("back");
    });
    window.addEventListener("pagehide", leave);
    setInterval(() => {
      if (!document.hidden && state === "running" && Date.now() - lastSent >= HEARTBEAT_MS) send("back");
    }, 5000);
    el.querySelector("#clock-away-note").textContent = `pauses when the page is away over ${awayText}`;
    // A reload or a second tab: this page is being looked at, so an absence ends here.
    if (!document.hidden && state === "running") send("back");
    render();
    setInterval(render, 500);

    return {
      activity,
      refresh: async () => {
        const res = await api("GET", `/api/exercises/${slug}/clock`);
        if (res.ok) apply(res.data);
      },
      elapsed,
    };
  }

  window.MLDrillsClock = { init, fmt };
})();
