// mldrills: the console on the exercise page. Runs what the learner types on the code in
// the editor and on the reference (both sandboxed on the server) and shows the two side
// by side. Nothing is recorded; every value is shown as text, never as HTML.
(function () {
  "use strict";
  const $ = (sel) => document.querySelector(sel);
  const box = $("#console");
  if (!box) return;
  const data = JSON.parse($("#exercise-data").textContent);
  const input = $("#console-input");
  const runButton = $("#console-run");
  const state = $("#console-state");
  const output = $("#console-output");
  const api = (...args) => window.MLDrills.api(...args);
  let loaded = false;
  let busy = false;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showError(err) {
    output.replaceChildren();
    const alert = el("div", "alert alert-error");
    alert.setAttribute("role", "alert");
    alert.append(el("strong", "", (err && err.error) || "Error"), " ", (err && err.message) || "the console failed");
    if (err && err.hint) alert.append(el("div", "muted", err.hint));
    output.append(alert);
  }

  async function load() {
    if (loaded) return;
    loaded = true;
    state.textContent = "finding an example input…";
    const res = await api("GET", `/api/exercises/${data.slug}/console`);
    if (!res.ok) {
      loaded = false;
      state.textContent = "";
      showError(res.data);
      return;
    }
    const info = res.data;
    if (!input.value.trim()) input.value = info.example;
    state.textContent = `Calls: ${info.entrypoints.join(", ")} · up to ${info.max_elements.toLocaleString()} numbers · ${info.seconds} s per side`;
  }

  function facts(o) {
    const parts = [o.type];
    if (o.shape) parts.push(`shape (${o.shape.join(", ")}${o.shape.length === 1 ? "," : ""})`);
    if (o.dtype) parts.push(`dtype ${o.dtype}`);
    if (o.wall_ms !== null && o.wall_ms !== undefined) {
      let time = `${o.wall_ms.toPrecision(3)} ms`;
      if (o.cpu_ms !== null && o.cpu_ms !== undefined) time += ` (CPU ${o.cpu_ms.toPrecision(3)} ms)`;
      parts.push(time);
    }
    return parts.filter(Boolean).join(" · ");
  }

  function side(label, o) {
    const cell = el("td");
    cell.dataset.side = label;
    if (o.status === "ok") {
      cell.append(el("pre", "code console-value", o.value), el("div", "muted", facts(o)));
    } else {
      const message = (o.error && o.error.message) || o.status;
      const box = el("pre", "code console-value console-error", message);
      cell.append(el("span", "badge badge-error", o.status === "not run" ? "not run" : (o.error && o.error.kind) || "error"), box);
    }
    if (o.output) {
      const printed = el("details", "check-out");
      printed.open = true;
      printed.append(el("summary", "", "Printed"), el("pre", "", o.output));
      cell.append(printed);
    }
    return cell;
  }

  function agreement(row) {
    const cell = el("td");
    const label = row.agree === true ? "agree" : row.agree === false ? "differ" : "not compared";
    const kind = row.agree === true ? "badge-pass" : row.agree === false ? "badge-fail" : "";
    cell.append(el("span", `badge ${kind}`.trim(), label));
    if (row.note) cell.append(el("div", "muted", row.note));
    return cell;
  }

  function render(result) {
    output.replaceChildren();
    if (result.load_error) {
      const alert = el("div", "alert alert-error", result.load_error);
      alert.setAttribute("role", "alert");
      output.append(alert);
    }
    const table = el("table", "table console-table");
    const caption = el("caption", "visually-hidden", "Your code next to the reference, one row per line of input");
    const head = el("thead");
    const hr = el("tr");
    ["Input", "Your code", "Reference", "Same?"].forEach((name) => {
      const th = el("th", "", name);
      th.scope = "col";
      hr.append(th);
    });
    head.append(hr);
    const body = el("tbody");
    result.rows.forEach((row) => {
      const tr = el("tr");
      const stmt = el("th");
      stmt.scope = "row";
      stmt.append(el("code", "", row.statement));
      tr.append(stmt, side("yours", row.yours), side("reference", row.reference), agreement(row));
      body.append(tr);
    });
    table.append(caption, head, body);
    const wrap = el("div", "table-wrap");
    wrap.append(table);
    output.append(wrap);
    result.notes.forEach((note) => output.append(el("p", "muted", note)));
    output.append(el("p", "muted", "Information only: the checks decide a verdict. Nothing was recorded."));
  }

  async function run() {
    if (busy) return;
    busy = true;
    runButton.disabled = true;
    state.textContent = "running your code and the reference…";
    const code = window.mldrillsEditor ? window.mldrillsEditor.getValue() : data.code;
    const res = await api("POST", `/api/exercises/${data.slug}/console`, { code, input: input.value });
    busy = false;
    runButton.disabled = false;
    if (!res.ok) {
      state.textContent = "";
      showError(res.data);
      return;
    }
    state.textContent = `done in ${Math.round(res.data.timings.total_ms)} ms`;
    render(res.data);
  }

  box.addEventListener("toggle", () => { if (box.open) load(); });
  if (box.open) load();
  runButton.addEventListener("click", run);
  // Ctrl/Cmd+Enter in the input runs the console (not the tests: the page's handler
  // sees the event already handled).
  input.addEventListener("keydown", (event) => {
    const mod = /Mac|iPhone|iPad/.test(navigator.platform || "") ? event.metaKey : event.ctrlKey;
    if (event.key === "Enter" && mod) {
      event.preventDefault();
      run();
    }
  });
})();
