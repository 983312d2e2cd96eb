/// The console's stylesheet and script, served from `/console/assets/` (no CDN, nothing inline, so the
/// Content-Security-Policy can forbid inline script and style).
enum ConsoleAssets {
    static let css = """
        :root { --fg:#212529; --muted:#6c757d; --line:#dee2e6; --bg:#f4f6f8; --accent:#1c64b8; --card:#ffffff; }
        * { box-sizing: border-box; }
        body { margin:0; font:14px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif; color:var(--fg); background:var(--bg); }
        header.top { background:#1f2933; color:#fff; padding:0 24px; display:flex; align-items:center; gap:28px; height:52px; }
        header.top a { color:#d9e2ec; text-decoration:none; font-weight:500; }
        header.top a:hover, header.top a.here { color:#fff; }
        header.top .brand { font-weight:700; font-size:16px; color:#fff; letter-spacing:.2px; }
        main { padding:20px 24px 48px; max-width:1400px; margin:0 auto; }
        h1 { font-size:22px; margin:4px 0 14px; word-break:break-all; }
        h2 { font-size:16px; margin:0 0 10px; }
        a { color:var(--accent); }
        .crumbs { color:var(--muted); font-size:13px; word-break:break-all; }
        .card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:16px 18px; margin:0 0 18px; }
        .grid { display:grid; grid-template-columns:repeat(auto-fit,minmax(320px,1fr)); gap:18px; }
        table { border-collapse:collapse; width:100%; }
        th, td { text-align:left; padding:7px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
        th { font-size:12px; text-transform:uppercase; letter-spacing:.4px; color:var(--muted); font-weight:600; }
        tr:hover td { background:#f8fafc; }
        td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
        .muted { color:var(--muted); }
        .badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; background:#e9ecef; color:#495057; white-space:nowrap; }
        .status-succeeded { background:#e3f4e8; color:#1b5e20; }
        .status-failed, .status-timed-out { background:#fde2e1; color:#9b1c1c; }
        .status-aborted { background:#fff0d9; color:#8a3a0a; }
        .status-caught { background:#fff0d9; color:#8a3a0a; }
        .status-running { background:#e0edff; color:#0b4a8b; }
        .status-pending-redrive { background:#ede7f6; color:#4527a0; }
        .status-not-reached { background:#f1f3f5; color:#6c757d; }
        .count-zero { color:#adb5bd; }
        pre.json { background:#f8f9fa; border:1px solid var(--line); border-radius:6px; padding:10px 12px; margin:6px 0 0; max-height:420px;
          overflow:auto; font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; white-space:pre-wrap; word-break:break-word; }
        .failure { border-left:5px solid #c92a2a; }
        .failure dt { font-weight:600; margin-top:8px; }
        .failure dd { margin:2px 0 0; }
        .error-name { font:600 15px ui-monospace,Menlo,Consolas,monospace; color:#9b1c1c; }
        dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:6px 18px; margin:0; }
        dl.facts dt { color:var(--muted); }
        dl.facts dd { margin:0; word-break:break-all; }
        .graph { overflow:auto; background:#fff; border:1px solid var(--line); border-radius:6px; padding:8px; max-height:760px; }
        .graph g.state { cursor:pointer; }
        .graph g.state:hover rect, .graph g.state:focus rect { stroke-width:3; }
        .legend { display:flex; gap:10px; flex-wrap:wrap; margin:8px 0 0; }
        form.inline { display:inline; }
        .actions { display:flex; gap:10px; align-items:center; flex-wrap:wrap; margin:0 0 14px; }
        button, .button { font:inherit; border:1px solid #adb5bd; background:#fff; border-radius:6px; padding:6px 14px; cursor:pointer; color:var(--fg); text-decoration:none; }
        button.primary { background:var(--accent); border-color:var(--accent); color:#fff; }
        button.danger { background:#c92a2a; border-color:#c92a2a; color:#fff; }
        button:disabled { opacity:.5; cursor:default; }
        input[type=text], input[type=password], select, textarea { font:inherit; padding:6px 8px; border:1px solid #adb5bd; border-radius:6px; background:#fff; }
        textarea { width:100%; min-height:140px; font-family:ui-monospace,Menlo,Consolas,monospace; font-size:13px; }
        .filters { display:flex; gap:10px; align-items:center; flex-wrap:wrap; margin:0 0 12px; }
        .message { padding:10px 14px; border-radius:6px; margin:0 0 14px; }
        .message.error { background:#fde2e1; color:#7a1414; border:1px solid #f5c2c0; }
        .message.ok { background:#e3f4e8; color:#1b4d2b; border:1px solid #b7e1c1; }
        .field-error { color:#9b1c1c; margin:6px 0 0; min-height:1em; }
        details.run { border:1px solid var(--line); border-radius:6px; margin:0 0 8px; background:#fff; }
        details.run > summary { padding:8px 12px; cursor:pointer; display:flex; gap:12px; align-items:center; flex-wrap:wrap; }
        details.run[open] > summary { border-bottom:1px solid var(--line); background:#f8fafc; }
        details.run .body { padding:10px 14px; }
        details.run .body .grid { gap:12px; }
        details.event > summary { cursor:pointer; }
        .timeline svg { display:block; }
        .pager { display:flex; gap:12px; margin-top:12px; align-items:center; }
        .live { font-size:12px; color:#0b4a8b; }
        .nowrap { white-space:nowrap; }
        .name { font-weight:600; word-break:break-all; }
        """

    static let javascript = """
        "use strict";
        (function () {
          function openRun(name) {
            var runs = document.querySelectorAll("details.run");
            for (var i = 0; i < runs.length; i++) {
              if (runs[i].dataset.state === name) { runs[i].open = true; runs[i].scrollIntoView({ block: "start" }); return; }
            }
          }
          function wireGraph() {
            var nodes = document.querySelectorAll(".graph g.state");
            for (var i = 0; i < nodes.length; i++) {
              (function (node) {
                node.addEventListener("click", function () { openRun(node.dataset.state); });
                node.addEventListener("keydown", function (e) { if (e.key === "Enter") openRun(node.dataset.state); });
              })(nodes[i]);
            }
          }
          function openHash() {
            if (!location.hash) return;
            var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
            if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView({ block: "start" }); }
          }
          function localTimes() {
            var times = document.querySelectorAll("time[datetime]");
            for (var i = 0; i < times.length; i++) {
              var d = new Date(times[i].getAttribute("datetime"));
              if (!isNaN(d)) times[i].title = d.toString();
            }
          }
          function wireForms() {
            var inputs = document.querySelectorAll("textarea[data-json]");
            for (var i = 0; i < inputs.length; i++) {
              (function (area) {
                var form = area.form, out = document.getElementById(area.dataset.json);
                form.addEventListener("submit", function (e) {
                  try { JSON.parse(area.value.trim() === "" ? "{}" : area.value); out.textContent = ""; }
                  catch (err) { e.preventDefault(); out.textContent = "The input is not valid JSON: " + err.message; area.focus(); }
                });
              })(inputs[i]);
            }
            var confirms = document.querySelectorAll("form[data-confirm]");
            for (var j = 0; j < confirms.length; j++) {
              (function (form) {
                form.addEventListener("submit", function (e) { if (!window.confirm(form.dataset.confirm)) e.preventDefault(); });
              })(confirms[j]);
            }
          }
          function wireAll() { wireGraph(); wireForms(); localTimes(); }
          function live() {
            if (document.body.dataset.live !== "1") return;
            setTimeout(function () {
              fetch(location.href, { credentials: "same-origin", headers: { "X-Stepwise-Refresh": "1" } })
                .then(function (r) { return r.ok ? r.text() : null; })
                .then(function (text) {
                  if (text === null) { live(); return; }
                  var doc = new DOMParser().parseFromString(text, "text/html");
                  var open = {};
                  var was = document.querySelectorAll("details[open][id]");
                  for (var i = 0; i < was.length; i++) open[was[i].id] = true;
                  var fresh = doc.querySelector("main");
                  if (fresh) document.querySelector("main").replaceWith(fresh);
                  document.body.dataset.live = doc.body.dataset.live || "0";
                  for (var id in open) { var d = document.getElementById(id); if (d) d.open = true; }
                  wireAll();
                  live();
                })
                .catch(function () { live(); });
            }, 2000);
          }
          document.addEventListener("DOMContentLoaded", function () { wireAll(); openHash(); live(); });
          window.addEventListener("hashchange", openHash);
        })();
        """
}
