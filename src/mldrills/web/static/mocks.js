// Mock round page: autosave every answer a moment after each change, and show the
// server's clock (time used comes from the stored intervals; the page only counts on).
(function () {
  "use strict";
  const root = document.getElementById("mock-round");
  if (!root) return;
  const mockId = root.dataset.mock;
  const budget = parseFloat(root.dataset.budget);
  let used = parseFloat(root.dataset.used);
  let running = root.dataset.running === "true";
  let since = performance.now();
  const clockEl = document.getElementById("mock-clock");
  const pauseBtn = document.getElementById("mock-pause");
  const saveState = document.getElementById("mock-save-state");
  const pending = new Map();
  const DEBOUNCE_MS = 400;

  function usedNow() {
    return running ? used + (performance.now() - since) / 1000 : used;
  }
  function fmt(seconds) {
    const s = Math.abs(Math.round(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }
  function tick() {
    const left = budget - usedNow();
    clockEl.textContent = (left >= 0 ? `${fmt(left)} left` : `over by ${fmt(left)}`) + (running ? "" : " (paused)");
    clockEl.classList.toggle("is-over", left < 0);
  }
  setInterval(tick, 500);
  tick();

  function url(area) {
    return `/api/mocks/${mockId}/items/${area.dataset.item}`;
  }
  async function save(area) {
    pending.delete(area);
    const body = { text: area.value, part: area.dataset.part };
    const res = await window.MLDrills.api("PUT", url(area), body);
    saveState.textContent = res.ok ? "saved" : `not saved: ${(res.data && res.data.message) || res.status}`;
    return res.ok;
  }
  document.querySelectorAll(".mock-answer").forEach((area) => {
    area.addEventListener("input", () => {
      saveState.textContent = "saving...";
      clearTimeout(pending.get(area));
      pending.set(area, setTimeout(() => save(area), DEBOUNCE_MS));
    });
  });
  // Leaving the page: keepalive lets the last edits reach the server after the page is gone.
  window.addEventListener("pagehide", () => {
    for (const [area, timer] of pending) {
      clearTimeout(timer);
      fetch(url(area), {
        method: "PUT",
        keepalive: true,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": window.MLDrills.csrf() },
        body: JSON.stringify({ text: area.value, part: area.dataset.part }),
      });
    }
    pending.clear();
  });
  // Finishing the round: store what is still waiting before the round is graded.
  const finishForm = document.getElementById("mock-finish-form");
  finishForm.addEventListener("submit", async (event) => {
    if (!pending.size) return;
    event.preventDefault();
    const waiting = [...pending.entries()];
    waiting.forEach(([, timer]) => clearTimeout(timer));
    const results = await Promise.all(waiting.map(([area]) => save(area)));
    if (results.every(Boolean)) finishForm.submit();
  });

  pauseBtn.addEventListener("click", async () => {
    const res = await window.MLDrills.api("POST", `/api/mocks/${mockId}/clock`, { running: !running });
    if (!res.ok) return;
    used = res.data.used_s;
    running = res.data.running;
    since = performance.now();
    pauseBtn.textContent = running ? "Pause" : "Resume";
    tick();
  });
})();
