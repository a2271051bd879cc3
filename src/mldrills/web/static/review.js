// mldrills /review: one card at a time, keyboard first.
// Front: Enter types an answer, Space reveals. In the answer: Ctrl+Enter checks, Esc leaves.
// Back: 1-4 rate (Again, Hard, Good, Easy), Enter accepts the proposed rating.
(function () {
  "use strict";

  const NAMES = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };
  const $ = (id) => document.getElementById(id);
  let card = null;       // the card on screen (front fields from /api/review/next)
  let back = null;       // its revealed side (from /api/review/check), or null
  let shownAt = 0;
  let busy = false;
  let plot = null;

  // the Markdown renderer marks each formula (.math); static/math.js typesets them
  function math(el) {
    if (window.MLDrillsMath && el) window.MLDrillsMath.typeset(el);
  }

  function showError(message) {
    const el = $("review-error");
    el.textContent = message || "";
    el.hidden = !message;
  }

  function failed(res) {
    const d = res.data || {};
    showError((d.message || d.detail || "request failed") + (d.hint ? " (" + d.hint + ")" : ""));
  }

  function showCard(next) {
    card = next.card;
    back = null;
    $("review-remaining").textContent = next.remaining;
    $("review-back").hidden = true;
    $("review-done").hidden = !!card;
    $("review-front").hidden = !card;
    if (!card) { $("review").focus(); return; }
    $("review-area").textContent = card.area;
    $("review-kind").textContent = card.kind;
    $("review-difficulty").textContent = card.difficulty;
    const q = $("review-question");
    q.dataset.key = card.key;
    q.innerHTML = card.question_html;
    math(q);
    const answer = $("review-answer");
    answer.value = "";
    answer.disabled = false;
    $("review-check").disabled = false;
    $("review-reveal").disabled = false;
    document.querySelector(".review-actions").hidden = false;
    shownAt = performance.now();
    $("review").focus();
  }

  function pointItem(p) {
    const li = document.createElement("li");
    li.className = p.made ? "point-made" : "point-missed";
    const head = document.createElement("span");
    head.className = "point-head";
    head.textContent = (p.made ? "✓ " : "✗ ") + p.point;
    li.appendChild(head);
    if (p.evidence) {
      const ev = document.createElement("q");
      ev.className = "point-evidence";
      ev.textContent = p.evidence;
      li.appendChild(ev);
    }
    if (p.reason) {
      const why = document.createElement("span");
      why.className = "point-reason";
      why.textContent = p.reason;
      li.appendChild(why);
    }
    return li;
  }

  function showBack(data) {
    back = data;
    $("review-answer").disabled = true;
    $("review-check").disabled = true;
    $("review-reveal").disabled = true;
    document.querySelector(".review-actions").hidden = true;
    const model = $("review-model");
    model.innerHTML = data.answer_html;
    math(model);
    const grade = data.grade;
    $("review-grade").hidden = !grade;
    $("review-rubric").hidden = !!grade || !data.points.length;
    if (grade) {
      $("review-score").textContent = grade.made + " of " + grade.total + " points made";
      $("review-points").replaceChildren(...grade.points.map(pointItem));
    } else {
      const items = data.points.map((text) => {
        const li = document.createElement("li");
        li.textContent = text;
        return li;
      });
      $("review-rubric").replaceChildren(...items);
    }
    document.querySelectorAll(".rating").forEach((b) => {
      const proposed = Number(b.dataset.rating) === data.proposed;
      b.classList.toggle("is-proposed", proposed);
      b.setAttribute("aria-pressed", proposed ? "true" : "false");
    });
    $("review-proposal").textContent = data.proposed
      ? "Proposed from your answer: " + NAMES[data.proposed] + ". Press Enter to accept or 1-4 to choose."
      : "Rate how well you knew it: 1 Again, 2 Hard, 3 Good, 4 Easy.";
    $("review-next").textContent = "";
    $("review-back").hidden = false;
    $("review").focus();
  }

  async function reveal(withAnswer) {
    if (!card || back || busy) return;
    busy = true;
    showError("");
    const answer = withAnswer ? $("review-answer").value : "";
    const res = await window.MLDrills.api("POST", "/api/review/check", { key: card.key, answer });
    busy = false;
    if (!res.ok) { failed(res); return; }
    showBack(res.data);
  }

  async function rate(rating) {
    if (!card || !back || busy) return;
    busy = true;
    showError("");
    const body = {
      key: card.key,
      rating,
      answer: $("review-answer").value,
      elapsed_ms: Math.round(performance.now() - shownAt),
      area: $("review").dataset.area || null,
    };
    const res = await window.MLDrills.api("POST", "/api/review/rate", body);
    busy = false;
    if (!res.ok) { failed(res); return; }
    showCard(res.data.next);
    refreshStats();
  }

  function forecastSeries(days) {
    const xs = days.map((d) => Date.parse(d.date + "T00:00:00Z") / 1000);
    return [xs, days.map((d) => d.due)];
  }

  function drawForecast(days) {
    const el = $("chart-forecast");
    if (!el || !window.uPlot) return;
    if (plot) { plot.setData(forecastSeries(days)); return; }
    const css = (n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim();
    const accent = css("--accent");
    const grid = { stroke: css("--line"), width: 1 };
    plot = new uPlot({
      width: Math.max(240, el.clientWidth), height: 160, legend: { show: false },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(4, max)] } },
      axes: [{ grid, stroke: css("--muted"), ticks: { show: false } },
             { grid, stroke: css("--muted"), ticks: { show: false }, size: 36 }],
      series: [{}, { label: "due", fill: accent + "cc", stroke: accent, width: 0,
        paths: uPlot.paths.bars({ size: [0.7, 16] }), points: { show: false } }],
    }, forecastSeries(days), el);
    $("review-forecast").hidden = true;  // the chart replaces the table
  }

  async function refreshStats() {
    const res = await window.MLDrills.api("GET", "/api/review/stats");
    if (!res.ok) return;
    drawForecast(res.data.forecast);
    const r = res.data.retention;
    $("review-retention").textContent = r.rate === null ? "–" : Math.round(100 * r.rate) + "%";
  }

  function typing(el) {
    return el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT" || el.tagName === "SELECT");
  }

  function onKey(event) {
    if (event.altKey || event.metaKey && event.key !== "Enter") return;
    const target = event.target;
    if (target.id === "review-answer") {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        reveal(true);
      } else if (event.key === "Escape") {
        $("review").focus();
      }
      return;
    }
    if (typing(target) || event.ctrlKey) return;
    if (card && !back) {
      if (event.key === " ") { event.preventDefault(); reveal(false); }
      else if (event.key === "Enter" && target.tagName !== "BUTTON") {
        event.preventDefault();
        $("review-answer").focus();
      }
    } else if (card && back) {
      if (/^[1-4]$/.test(event.key)) { event.preventDefault(); rate(Number(event.key)); }
      else if (event.key === "Enter" && back.proposed && target.tagName !== "BUTTON") {
        event.preventDefault();
        rate(back.proposed);
      }
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (document.body.dataset.page !== "review") return;
    const q = $("review-question");
    const key = q.dataset.key;
    if (key) {
      card = { key };
      shownAt = performance.now();
      math(q);
      $("review").focus();
    }
    $("review-check").addEventListener("click", () => reveal(true));
    $("review-reveal").addEventListener("click", () => reveal(false));
    document.querySelectorAll(".rating").forEach((b) =>
      b.addEventListener("click", () => rate(Number(b.dataset.rating))));
    document.addEventListener("keydown", onKey);
    drawForecast(JSON.parse($("forecast-data").textContent));
  });
})();
