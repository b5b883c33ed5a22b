"""Inline style and script of the interactive theme-network page (no external resources)."""

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1rem 1.5rem;color:#222;background:#fff}
h1{font-size:1.3rem;margin:0 0 .3rem}
.summary{color:#555;margin:0 0 .6rem}
#controls{margin:.4rem 0}
#controls label{margin-right:1.2rem;cursor:pointer}
.layout{display:flex;gap:1rem;align-items:flex-start;flex-wrap:wrap}
#graph{border:1px solid #ddd;max-width:100%;height:auto;flex:1 1 640px;background:#fcfcfc}
#side{flex:0 1 300px;min-width:220px}
#details{border:1px solid #ddd;padding:.5rem .7rem;min-height:6rem;font-size:.9rem}
#details h2{font-size:1rem;margin:.1rem 0 .3rem}
#details ul{padding-left:1.1rem;margin:.3rem 0}
#legend{list-style:none;padding:0;font-size:.85rem}
#legend li{margin:.15rem 0}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:50%;vertical-align:middle;margin-right:.4em}
.line-swatch{display:inline-block;width:1.8em;height:0;vertical-align:middle;margin-right:.4em;border-top:3px solid #8a8a8a}
.line-swatch.persistence{border-top:3px dashed #C0392B}
.edge{fill:none;stroke-linecap:round}
.edge.co-occurrence{stroke:#8a8a8a;stroke-opacity:.55}
.edge.persistence{stroke:#C0392B;stroke-opacity:.75;stroke-dasharray:6 4}
.node{cursor:pointer}
.node circle{stroke:#fff;stroke-width:1.5}
.node text{font-size:11px;fill:#222;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round;pointer-events:none}
.node:focus{outline:none}
.node:focus circle,.node.selected circle{stroke:#000;stroke-width:2.5}
svg.focus .edge:not(.lit){opacity:.07}
svg.focus .node:not(.lit){opacity:.3}
.edge.lit{stroke-opacity:1}
svg.hide-co-occurrence .edge.co-occurrence,svg.hide-persistence .edge.persistence,svg.hide-weak .edge.weak{display:none}
.empty{font-size:18px;fill:#777}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var body = document.body;
  var errors = [];
  function record(message) {
    errors.push(String(message));
    body.setAttribute("data-errors", errors.join(" | "));
    body.setAttribute("data-status", "error");
  }
  window.addEventListener("error", function (event) { record(event.message || "script error"); });
  document.addEventListener("securitypolicyviolation", function (event) {
    record("blocked by content security policy: " + event.blockedURI);
  });
  window.addEventListener("unhandledrejection", function (event) { record("unhandled rejection: " + event.reason); });
  try {
    var svg = document.getElementById("graph");
    var details = document.getElementById("details");
    var nodes = Array.prototype.slice.call(svg.querySelectorAll(".node"));
    var edges = Array.prototype.slice.call(svg.querySelectorAll(".edge"));
    var bySlug = {};
    nodes.forEach(function (n) { bySlug[n.getAttribute("data-theme")] = n; });
    var pinned = null;

    function visible(edge) {
      if (svg.classList.contains("hide-weak") && edge.classList.contains("weak")) { return false; }
      return !svg.classList.contains("hide-" + edge.getAttribute("data-kind"));
    }
    function linksOf(slug) {
      return edges.filter(function (e) {
        return visible(e) && (e.getAttribute("data-source") === slug || e.getAttribute("data-target") === slug);
      });
    }
    function element(tag, text) {
      var el = document.createElement(tag);
      if (text !== undefined) { el.textContent = text; }
      return el;
    }
    function show(slug) {
      details.textContent = "";
      if (slug === null) {
        details.appendChild(element("p", "Hover over or click a theme to see its links."));
        return;
      }
      var node = bySlug[slug];
      details.appendChild(element("h2", node.getAttribute("data-label")));
      details.appendChild(element("p", "Group: " + node.getAttribute("data-group")));
      details.appendChild(element("p", node.getAttribute("data-frequency") + " findings in " +
        node.getAttribute("data-inspections") + " inspections; persisted across " +
        node.getAttribute("data-persistence") + " pair(s) of consecutive inspections"));
      var list = element("ul");
      list.id = "links";
      linksOf(slug).sort(function (a, b) {
        return Number(b.getAttribute("data-weight")) - Number(a.getAttribute("data-weight"));
      }).forEach(function (e) {
        var other = e.getAttribute("data-source") === slug ? e.getAttribute("data-target") : e.getAttribute("data-source");
        var name = other === slug ? "itself" : bySlug[other].getAttribute("data-label");
        var item = element("li", name + " \u2014 " + e.getAttribute("data-kind") + " \u00d7" + e.getAttribute("data-weight"));
        item.setAttribute("data-theme", other);
        list.appendChild(item);
      });
      details.appendChild(list);
    }
    function highlight(slug) {
      edges.forEach(function (e) { e.classList.remove("lit"); });
      nodes.forEach(function (n) { n.classList.remove("lit"); n.classList.remove("selected"); });
      svg.classList.toggle("focus", slug !== null);
      if (slug !== null) {
        bySlug[slug].classList.add("lit");
        bySlug[slug].classList.add("selected");
        linksOf(slug).forEach(function (e) {
          e.classList.add("lit");
          bySlug[e.getAttribute("data-source")].classList.add("lit");
          bySlug[e.getAttribute("data-target")].classList.add("lit");
        });
      }
      show(slug);
    }
    function pin(slug) {
      pinned = pinned === slug ? null : slug;
      body.setAttribute("data-selected", pinned === null ? "" : pinned);
      highlight(pinned);
    }
    nodes.forEach(function (n) {
      var slug = n.getAttribute("data-theme");
      n.addEventListener("mouseenter", function () { if (pinned === null) { highlight(slug); } });
      n.addEventListener("mouseleave", function () { if (pinned === null) { highlight(null); } });
      n.addEventListener("focus", function () { if (pinned === null) { highlight(slug); } });
      n.addEventListener("click", function (event) { event.stopPropagation(); pin(slug); });
      n.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); pin(slug); }
      });
    });
    svg.addEventListener("click", function () { if (pinned !== null) { pin(pinned); } });
    var params = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at > 0) { params[part.slice(0, at)] = decodeURIComponent(part.slice(at + 1)); }
    });
    var boxes = Array.prototype.slice.call(document.querySelectorAll("#controls input[data-kind]"));
    if (params.edges === "all") { boxes.forEach(function (box) { box.checked = true; }); }
    boxes.forEach(function (box) {
      function apply() {
        svg.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
        highlight(pinned);
      }
      box.addEventListener("change", apply);
      apply();
    });
    if (params.theme && bySlug[params.theme]) { pin(params.theme); } else { show(null); }
    body.setAttribute("data-node-count", String(nodes.length));
    body.setAttribute("data-edge-count", String(edges.length));
    if (errors.length === 0) { body.setAttribute("data-status", "ready"); }
  } catch (err) {
    record(err && err.stack ? err.stack : err);
  }
})();
"""
