// mldrills: the hint ladder, giving up (after a confirmation), and the solution panel with
// its tabs. The server decides what may be shown: the panel is fetched only once a
// submission is accepted or the learner gave up, and the server refuses it before that.
(function () {
  "use strict";
  const $ = (sel, root) => (root || document).querySelector(sel);

  function typeset(root) {
    if (window.MLDrillsMath && root) window.MLDrillsMath.typeset(root);
  }

  // ---- tabs of the solution panel (arrow keys move between them)
  function initTabs(panel) {
    if (!panel || panel.dataset.tabs) return;
    panel.dataset.tabs = "ready";
    const tabs = Array.from(panel.querySelectorAll('[role="tab"]'));
    function select(tab, focus) {
      tabs.forEach((t) => {
        const on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      });
      if (focus) tab.focus();
    }
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => select(tab, false));
      tab.addEventListener("keydown", (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        event.preventDefault();
        select(tabs[(i + step + tabs.length) % tabs.length], true);
      });
    });
  }

  function init() {
    const help = $("#help");
    if (!help) { // the standalone solution page
      initTabs($("#solution-panel"));
      return;
    }
    const slug = help.dataset.slug;
    const api = (...args) => window.MLDrills.api(...args);
    const hintBtn = $("#hint-btn");
    const hintList = $("#hint-list");
    const cost = $("#hint-cost");
    const giveUp = $(".give-up", help);
    const dialog = $("#giveup-dialog");
    const slot = $("#solution-slot");

    function showError(data) {
      let box = $("#help-error");
      if (!box) {
        box = document.createElement("div");
        box.id = "help-error";
        box.className = "alert alert-error";
        box.setAttribute("role", "alert");
        help.insertBefore(box, slot);
      }
      box.textContent = ((data && data.message) || "something went wrong") +
        (data && data.hint ? ` (${data.hint})` : "");
    }

    function clearError() {
      const box = $("#help-error");
      if (box) box.remove();
    }

    function showState(state) {
      if (hintList) {
        hintList.replaceChildren(...state.hints_html.map((html) => {
          const li = document.createElement("li");
          li.className = "hint";
          li.innerHTML = html; // rendered by the server from the pack's Markdown
          return li;
        }));
        typeset(hintList);
      }
      if (hintBtn) {
        // after a give-up the editorial shows every hint, so the ladder stops
        hintBtn.hidden = state.next_rung === null || (state.gave_up_at && !state.solved_at);
        if (state.next_rung !== null) hintBtn.textContent = `Hint ${state.next_rung} of ${state.hints_total}`;
      }
      if (cost && state.solved_at) cost.textContent = "You solved it: hints no longer cost anything.";
      else if (cost && state.gave_up_at) cost.textContent = "You gave up: the editorial below lists every hint.";
      if (giveUp) giveUp.hidden = state.unlocked;
      help.dataset.unlocked = state.unlocked ? "true" : "false";
    }

    async function loadSolution() {
      let response;
      try {
        response = await fetch(`/exercises/${slug}/solution`, { headers: { "HX-Request": "true" } });
      } catch (err) {
        showError({ message: "the server did not answer; is it still running?" });
        return;
      }
      if (!response.ok) {
        showError({ message: `the solution could not be loaded (HTTP ${response.status})` });
        return;
      }
      slot.innerHTML = await response.text();
      typeset(slot);
      initTabs($("#solution-panel", slot));
    }

    async function refresh() {
      const res = await api("GET", `/api/exercises/${slug}/help`);
      if (!res.ok) { showError(res.data); return; }
      showState(res.data);
      if (res.data.unlocked && !$("#solution-panel", slot)) await loadSolution();
    }

    if (hintBtn) {
      hintBtn.addEventListener("click", async () => {
        hintBtn.disabled = true;
        const res = await api("POST", `/api/exercises/${slug}/hints`);
        hintBtn.disabled = false;
        if (!res.ok) { showError(res.data); return; }
        clearError();
        showState(res.data);
        const last = hintList && hintList.lastElementChild;
        if (last) { last.tabIndex = -1; last.focus(); }
      });
    }

    $("#giveup-btn").addEventListener("click", () => {
      if (typeof dialog.showModal === "function") dialog.showModal();
      else if (window.confirm("Give up and see the solution? A later solve is not a clean one.")) confirmGiveUp();
    });
    dialog.addEventListener("close", () => {
      if (dialog.returnValue === "confirm") confirmGiveUp();
      dialog.returnValue = "";
    });

    async function confirmGiveUp() {
      const res = await api("POST", `/api/exercises/${slug}/give-up`, { confirm: true });
      if (!res.ok) { showError(res.data); return; }
      clearError();
      showState(res.data);
      await loadSolution();
    }

    // An accepted submission (static/exercise.js announces it) unlocks the solution.
    document.body.addEventListener("mldrills-graded", (event) => {
      const d = event.detail || {};
      if (d.status === "pass" && d.hidden) refresh();
    });
    initTabs($("#solution-panel", slot));
  }

  document.addEventListener("DOMContentLoaded", init);
})();
