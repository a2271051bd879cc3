// System-design session page: autosave each phase's notes and the sketch, run the clock.
(function () {
  "use strict";
  const root = document.getElementById("design-session");
  if (!root || !window.MLDrills) return;
  const api = window.MLDrills.api;
  const id = root.dataset.session;
  const finished = root.dataset.finished === "true";
  const state = document.getElementById("design-save-state");
  const pending = new Map();

  function show(text) { if (state) state.textContent = text; }

  async function save(key, url, text) {
    pending.delete(key);
    show("saving…");
    const r = await api("PUT", url, { text });
    if (!r.ok) { show("not saved: " + ((r.data && r.data.message) || r.status)); return null; }
    show("saved");
    return r.data;
  }

  // Save shortly after typing stops; a pending save runs at once before leaving the page.
  function schedule(key, url, textarea, after) {
    clearTimeout(pending.get(key) && pending.get(key).timer);
    const run = async () => { const d = await save(key, url, textarea.value); if (d && after) after(d); };
    pending.set(key, { timer: setTimeout(run, 400), run });
    show("editing…");
  }

  async function flush() {
    const runs = Array.from(pending.values());
    runs.forEach((p) => clearTimeout(p.timer));
    await Promise.all(runs.map((p) => p.run()));
  }

  function drawSketch(d) {
    document.getElementById("design-diagram-view").innerHTML = d.svg;  // server-built, escaped SVG
    const list = document.getElementById("design-diagram-problems");
    list.replaceChildren(...d.problems.map((p) => { const li = document.createElement("li"); li.textContent = p; return li; }));
  }

  if (!finished) {
    document.querySelectorAll(".design-notes").forEach((t) => {
      t.addEventListener("input", () => schedule(t.name, `/api/design/sessions/${id}/notes/${t.name}`, t));
    });
    const sketch = document.getElementById("design-diagram");
    sketch.addEventListener("input", () => schedule("diagram", `/api/design/sessions/${id}/diagram`, sketch, drawSketch));
    document.querySelectorAll("[data-go]").forEach((b) => b.addEventListener("click", async () => {
      await flush();
      const r = await api("POST", `/api/design/sessions/${id}/phase`, { phase: b.dataset.go });
      if (r.ok) window.location.reload();
      else show("could not change phase: " + ((r.data && r.data.message) || r.status));
    }));
    const form = document.getElementById("design-finish-form");
    if (form) form.addEventListener("submit", async (e) => {
      if (pending.size) { e.preventDefault(); await flush(); form.submit(); }
    });
    window.addEventListener("beforeunload", (e) => { if (pending.size) { flush(); e.preventDefault(); } });
  }

  // The clock: time left in the current phase, counted from when it started on the server.
  const clock = document.getElementById("design-clock");
  const started = Date.parse(root.dataset.started);
  const budget = parseFloat(clock.dataset.budget);
  const title = clock.textContent;
  function tick() {
    const left = Math.round(budget - (Date.now() - started) / 1000);
    const a = Math.abs(left);
    const mmss = `${Math.floor(a / 60)}:${String(a % 60).padStart(2, "0")}`;
    clock.textContent = left >= 0 ? `${title}: ${mmss} left` : `${title}: ${mmss} over`;
    clock.classList.toggle("is-over", left < 0);
  }
  if (!finished) { tick(); setInterval(tick, 1000); }
})();
