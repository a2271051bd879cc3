// mldrills: behaviour shared by every page (API helper, dashboard charts, small forms).
(function () {
  "use strict";

  function csrf() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  // fetch() wrapper for the JSON API: sends the CSRF header, returns {ok, status, data}.
  async function api(method, url, body) {
    const init = { method, headers: { "X-CSRF-Token": csrf(), Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (err) {
      return { ok: false, status: 0, data: { error: "Network error", message: "the server did not answer; is it still running?" } };
    }
    let data = null;
    try { data = await response.json(); } catch (err) { data = null; }
    return { ok: response.ok, status: response.status, data };
  }

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function chart(el, opts, data) {
    if (!el || !window.uPlot) return null;
    const width = () => Math.max(240, el.clientWidth);
    const plot = new uPlot({ width: width(), height: 180, legend: { show: false }, ...opts }, data, el);
    let timer = null;
    window.addEventListener("resize", () => {
      clearTimeout(timer);
      timer = setTimeout(() => plot.setSize({ width: width(), height: 180 }), 120);
    });
    return plot;
  }

  function axes(yLabel) {
    const grid = { stroke: cssVar("--line"), width: 1 };
    const font = "12px " + cssVar("--font-sans");
    const stroke = cssVar("--muted");
    return [
      { grid, stroke, font, ticks: { show: false } },
      { grid, stroke, font, ticks: { show: false }, size: 40, label: yLabel, labelSize: 0 },
    ];
  }

  function dashboardCharts() {
    const holder = document.getElementById("series-data");
    if (!holder || !window.uPlot) return;
    const s = JSON.parse(holder.textContent);
    const accent = cssVar("--accent");
    const pass = cssVar("--pass");
    const day = { time: true };
    chart(document.getElementById("chart-attempts"), {
      scales: { x: day, y: { range: (u, min, max) => [0, Math.max(4, max)] } },
      axes: axes(),
      series: [{}, { label: "attempts", fill: accent + "cc", stroke: accent, width: 0,
        paths: uPlot.paths.bars({ size: [0.7, 18] }), points: { show: false } }],
    }, [s.days, s.attempts]);
    chart(document.getElementById("chart-pass"), {
      scales: { x: day, y: { range: [0, 100] } },
      axes: axes(),
      series: [{}, { label: "pass rate", stroke: pass, width: 2, spanGaps: true,
        points: { show: true, size: 6, fill: pass } }],
    }, [s.days, s.pass_rate]);
    if (s.solve_times.length) {
      chart(document.getElementById("chart-solve"), {
        scales: { x: day, y: { range: (u, min, max) => [0, Math.max(5, max * 1.15)] } },
        axes: axes(),
        series: [{}, { label: "minutes", stroke: accent, width: 0, paths: () => null,
          points: { show: true, size: 8, fill: accent } }],
      }, [s.solve_times, s.solve_minutes]);
    }
  }

  document.addEventListener("change", (event) => {
    const el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.requestSubmit();
  });

  document.addEventListener("click", (event) => {
    const el = event.target;
    if (el.matches && el.matches("input.copy")) el.select();
  });

  // A <pre> that scrolls must be reachable by keyboard to scroll it (WCAG 2.1.1): make
  // each overflowing one focusable, now and after every htmx swap.
  function focusableScrollers(root) {
    (root || document).querySelectorAll("pre:not([tabindex])").forEach((pre) => {
      if (pre.scrollWidth > pre.clientWidth + 1 || pre.scrollHeight > pre.clientHeight + 1) {
        pre.tabIndex = 0;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (document.body.dataset.page === "dashboard") {
      dashboardCharts();
      // Charts read their colours when drawn: draw them again when the theme changes.
      let drawnDark = window.MLPrefs ? window.MLPrefs.isDark() : false;
      if (window.MLPrefs) window.MLPrefs.onChange((prefs, dark) => {
        if (dark === drawnDark) return;
        drawnDark = dark;
        ["chart-attempts", "chart-pass", "chart-solve"].forEach((id) => {
          const el = document.getElementById(id);
          if (el) el.replaceChildren();
        });
        dashboardCharts();
      });
    }
    focusableScrollers(document);
    document.body.addEventListener("htmx:afterSettle", (event) => focusableScrollers(event.target));
  });

  window.MLDrills = { api, csrf };
})();
