// mldrills /stories and /behavioral: the story editor with live STAR analysis, the
// bank and the matrix; the answer box of a behavioral prompt. User text is only ever
// set with textContent.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const PARTS = { situation: "S", task: "T", action: "A", result: "R" };
  let bank = null;        // {stories, matrix, principles} from /api/stories
  let editing = null;     // id of the story in the editor, or null for a new one
  let timer = null;
  let seq = 0;            // drops analysis answers that arrive out of order

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function message(res) {
    const d = res.data || {};
    let detail = d.message || d.detail || "request failed";
    if (Array.isArray(detail)) detail = detail.map((x) => x.msg).join("; ");
    return detail + (d.hint ? " (" + d.hint + ")" : "");
  }

  function showError(id, text) {
    const box = $(id);
    if (!box) return;
    box.textContent = text || "";
    box.hidden = !text;
  }

  // ---- analysis panel (shared by both pages)
  function renderAnalysis(report) {
    const box = $("story-analysis");
    box.replaceChildren();
    const sentences = el("ol", "star-sentences");
    for (const s of report.sentences) {
      const li = el("li", "star-" + (s.part || "none"));
      li.append(el("span", "star-tag", s.part ? PARTS[s.part] : "·"), " ", s.text);
      sentences.append(li);
    }
    const parts = el("ul", "star-parts");
    for (const p of report.parts) {
      const li = el("li", p.present ? "found" : "missing");
      li.dataset.part = p.name;
      li.textContent = p.name + (p.present ? " " + Math.round(p.share * 100) + "%" : " missing");
      parts.append(li);
    }
    const findings = el("ul", "star-findings");
    for (const f of report.findings) {
      const li = el("li", f.present ? "found" : "missing");
      li.dataset.finding = f.name;
      li.append(el("strong", null, (f.present ? "✓ " : "✗ ") + f.name), " " + f.note);
      for (const s of f.evidence.slice(0, 2)) li.append(el("q", "evidence", s));
      findings.append(li);
    }
    const advice = el("ul", "star-advice");
    for (const tip of report.advice.concat(report.metric_notes || [])) advice.append(el("li", null, tip));
    box.append(parts, findings, sentences, advice);
    const timing = $("story-timing");
    if (timing) {
      const m = Math.floor(report.speaking_seconds / 60);
      const s = String(report.speaking_seconds % 60).padStart(2, "0");
      timing.textContent = report.words + " words · about " + m + ":" + s + " aloud at " + report.words_per_minute + " wpm";
    }
  }

  // ---- editor
  function metricRow(m) {
    const tr = el("tr");
    for (const key of ["name", "baseline", "after", "unit", "timeframe"]) {
      const td = el("td");
      const input = el("input");
      input.dataset.key = key;
      input.setAttribute("aria-label", "metric " + key);
      if (key === "baseline" || key === "after") { input.type = "number"; input.step = "any"; }
      input.value = m && m[key] !== null && m[key] !== undefined ? m[key] : "";
      input.addEventListener("input", schedule);
      td.append(input);
      tr.append(td);
    }
    const remove = el("button", "btn btn-quiet btn-sm", "✕");
    remove.type = "button";
    remove.setAttribute("aria-label", "remove metric");
    remove.addEventListener("click", () => { tr.remove(); schedule(); });
    const td = el("td");
    td.append(remove);
    tr.append(td);
    $("metric-rows").append(tr);
  }

  function metrics() {
    const out = [];
    for (const tr of $("metric-rows").querySelectorAll("tr")) {
      const m = {};
      for (const input of tr.querySelectorAll("input")) {
        const v = input.value.trim();
        if (input.dataset.key === "baseline" || input.dataset.key === "after") m[input.dataset.key] = v === "" ? null : Number(v);
        else m[input.dataset.key] = v;
      }
      if (m.name || m.baseline !== null || m.after !== null) out.push(m);
    }
    return out;
  }

  function formData() {
    const principles = [...document.querySelectorAll('input[name="principle"]:checked')].map((i) => i.value);
    return { title: $("story-title").value, text: $("story-text").value, principles, metrics: metrics() };
  }

  function load(story) {
    editing = story ? story.id : null;
    $("story-title").value = story ? story.title : "";
    $("story-text").value = story ? story.text : "";
    for (const box of document.querySelectorAll('input[name="principle"]')) box.checked = !!story && story.principles.includes(box.value);
    $("metric-rows").replaceChildren();
    for (const m of story ? story.metrics : []) metricRow(m);
    $("story-editing").textContent = story ? "editing story " + story.id : "new story";
    $("story-delete").hidden = !story;
    showError("story-error", "");
    $("story-saved").hidden = true;
    analyzeNow();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(analyzeNow, 300);
  }

  async function analyzeNow() {
    const text = $("story-text").value;
    const mine = ++seq;
    if (!text.trim()) {
      $("story-analysis").replaceChildren(el("p", "muted", "Type a story to see its STAR structure."));
      $("story-timing").textContent = "";
      return;
    }
    const res = await window.MLDrills.api("POST", "/api/stories/analyze", { text, metrics: metrics() });
    if (mine !== seq) return;
    if (res.ok) renderAnalysis(res.data); else showError("story-error", message(res));
  }

  async function save(event) {
    event.preventDefault();
    const button = $("story-save");
    button.disabled = true;
    const url = editing ? "/api/stories/" + editing : "/api/stories";
    const res = await window.MLDrills.api(editing ? "PUT" : "POST", url, formData());
    button.disabled = false;
    if (!res.ok) { showError("story-error", message(res)); return; }
    showError("story-error", "");
    editing = res.data.id;
    $("story-editing").textContent = "editing story " + editing;
    $("story-delete").hidden = false;
    $("story-saved").textContent = "Saved.";
    $("story-saved").hidden = false;
    await refresh();
  }

  async function remove() {
    if (!editing || !window.confirm("Delete this story?")) return;
    const res = await window.MLDrills.api("DELETE", "/api/stories/" + editing);
    if (!res.ok && res.status !== 204) { showError("story-error", message(res)); return; }
    load(null);
    await refresh();
  }

  // ---- bank and matrix
  function renderBank() {
    const list = $("story-list");
    list.replaceChildren();
    $("story-empty").hidden = bank.stories.length > 0;
    const titles = Object.fromEntries(bank.principles.map((p) => [p.slug, p.title]));
    for (const s of bank.stories) {
      const li = el("li", "story-item");
      li.dataset.id = s.id;
      const open = el("button", "btn btn-quiet story-open", s.title);
      open.type = "button";
      open.addEventListener("click", () => load(s));
      const chips = el("span", "story-chips");
      for (const p of s.principles) chips.append(el("span", "chip", titles[p] || p));
      const present = s.analysis.parts.filter((p) => p.present).map((p) => PARTS[p.name]).join("");
      li.append(open, chips, el("span", "muted", "parts: " + (present.split("").join(" ") || "none")));
      list.append(li);
    }
    renderMatrix();
  }

  function renderMatrix() {
    const m = bank.matrix;
    const table = $("matrix");
    table.replaceChildren();
    const head = el("tr");
    head.append(el("th", null, "principle"));
    for (const s of m.stories) {
      const th = el("th", "matrix-story", String(s.id));
      th.title = s.title;
      head.append(th);
    }
    head.append(el("th", null, "stories"));
    table.append(head);
    for (const p of m.principles) {
      const tr = el("tr", p.stories.length ? "covered" : "gap");
      tr.dataset.principle = p.slug;
      tr.append(el("th", null, p.title));
      for (const s of m.stories) tr.append(el("td", null, p.stories.includes(s.id) ? "●" : ""));
      tr.append(el("td", null, p.stories.length ? String(p.stories.length) : "gap"));
      table.append(tr);
    }
    const titles = Object.fromEntries(m.principles.map((p) => [p.slug, p.title]));
    $("gap-principles").textContent = m.gaps.principles.map((s) => titles[s]).join(", ") || "none";
    const gaps = $("gap-prompts");
    gaps.replaceChildren();
    for (const p of m.prompts.filter((x) => !x.stories.length)) {
      const li = el("li");
      li.dataset.prompt = p.slug;
      const a = el("a", null, p.title);
      a.href = "/behavioral?prompt=" + encodeURIComponent(p.slug);
      li.append(a);
      gaps.append(li);
    }
    if (!gaps.children.length) gaps.append(el("li", null, "none"));
  }

  async function refresh() {
    const res = await window.MLDrills.api("GET", "/api/stories");
    if (res.ok) { bank = res.data; renderBank(); }
  }

  function initStories() {
    bank = JSON.parse($("bank-data").textContent);
    renderBank();
    $("story-form").addEventListener("submit", save);
    $("story-text").addEventListener("input", schedule);
    $("story-new").addEventListener("click", () => load(null));
    $("story-delete").addEventListener("click", remove);
    $("metric-add").addEventListener("click", () => metricRow(null));
  }

  // ---- behavioral prompt practice
  function initBehavioral() {
    const box = $("behavioral-practice");
    if (!box) return;
    $("answer-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const url = "/api/behavioral/" + encodeURIComponent(box.dataset.slug) + "/answer";
      const res = await window.MLDrills.api("POST", url, { answer: $("answer-text").value });
      if (!res.ok) { showError("answer-error", message(res)); return; }
      showError("answer-error", "");
      renderAnalysis(res.data.analysis);
      const fits = res.data.matching_stories.map((s) => s.title);
      $("answer-stories").textContent = fits.length ? "Stories in your bank that fit: " + fits.join("; ") : "No story in your bank shows these principles yet.";
      $("answer-result").hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    if ($("bank-data")) initStories();
    initBehavioral();
  });
})();
