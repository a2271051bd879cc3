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

  async function save(area) {
    pending.delete(area);
    const body = { text: area.value, part: area.dataset.part };
    const res = await window.MLDrills.api("PUT", `/api/mocks/${mockId}/items/${area.dataset.item}`, body);
    saveState.textContent = res.ok ? "saved" : `not saved: ${(res.data && res.data.message) || res.status}`;
  }
  document.querySelectorAll(".mock-answer").forEach((area) => {
    area.addEventListener("input", () => {
      saveState.textContent = "saving...";
      clearTimeout(pending.get(area));
      pending.set(area, setTimeout(() => save(area), DEBOUNCE_MS));
    });
  });
  // Leaving the page or finishing the round first sends whatever is still waiting.
  function flush() {
    for (const [area, timer] of pending) { clearTimeout(timer); save(area); }
  }
  window.addEventListener("pagehide", flush);
  document.getElementById("mock-finish-form").addEventListener("submit", flush);

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
