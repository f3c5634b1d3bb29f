// policygraph network page: draws the graph embedded in #graph-data as SVG. No libraries, nothing fetched.
// Positions come from Python (unit square); this script scales them, draws nodes, edges and labels, and
// adds tooltips, a legend, a search box, an English/Chinese label switch and node dragging.
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var svg = document.getElementById("chart");
  var tooltip = document.getElementById("tooltip");
  var nodes = data.nodes, edges = data.edges;
  var byId = {};
  nodes.forEach(function (d) { byId[d.id] = d; d.edges = []; });
  edges.forEach(function (e) { e.s = byId[e.source]; e.t = byId[e.target]; e.s.edges.push(e); e.t.edges.push(e); });

  // -- geometry ---------------------------------------------------------------------------------------------
  var PAD = 24, ROW = 22, CHAR = 7.2;
  function room(side) {  // how much space the longest label on that side needs
    var chars = nodes.filter(function (d) { return !side || d.side === side; })
      .map(function (d) { return Math.max(d.label.length, (d.label_zh || "").length * 2); });
    return 24 + CHAR * Math.max.apply(null, [6].concat(chars));
  }
  var width, height, left = room("left"), right = room("right"), ringRoom = room(null);
  var ringRadius = Math.max(170, nodes.length * 9);
  if (data.bipartite) {
    width = left + right + 560;
    height = Math.max(360, ROW * Math.max(data.columns[0], data.columns[1]) + 2 * PAD);
  } else {
    width = height = 2 * (ringRadius + ringRoom);
  }
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  svg.style.maxWidth = (data.bipartite ? Math.max(width, 1100) : Math.max(width, 900)) + "px";
  var maxWeight = Math.max.apply(null, [1].concat(nodes.map(function (d) { return d.weight; })));
  var maxEdge = Math.max.apply(null, [1].concat(edges.map(function (e) { return e.weight; })));
  function radius(d) { return 4 + 10 * Math.sqrt(d.weight / maxWeight); }
  function strokeWidth(e) { return 1 + 5 * Math.sqrt(e.weight / maxEdge); }
  function counted(n) { return n + " " + (n === 1 ? data.weight_unit_one : data.weight_unit); }
  nodes.forEach(function (d) {
    if (data.bipartite) {
      d.px = left + d.x * (width - left - right);
      d.py = PAD + d.y * (height - 2 * PAD);
    } else {
      d.px = width / 2 + (d.x - 0.5) * 2 * ringRadius;
      d.py = height / 2 + (d.y - 0.5) * 2 * ringRadius;
    }
  });

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  // -- drawing ----------------------------------------------------------------------------------------------
  var edgeLayer = el("g", { "class": "edges" }, svg);
  var nodeLayer = el("g", { "class": "nodes" }, svg);
  edges.forEach(function (e) {
    e.line = el("line", { "class": "edge", "stroke-width": strokeWidth(e).toFixed(2) }, edgeLayer);
    e.hit = el("line", { "class": "edge-hit", "data-source": e.source, "data-target": e.target }, edgeLayer);
    e.hit.addEventListener("mouseenter", function (ev) { focusEdge(e); showTip(ev, edgeTip(e)); });
    e.hit.addEventListener("mousemove", moveTip);
    e.hit.addEventListener("mouseleave", clearFocus);
  });
  nodes.forEach(function (d) {
    d.g = el("g", { "class": "node " + d.kind, "data-id": d.id }, nodeLayer);
    d.circle = el("circle", { r: radius(d).toFixed(2), fill: data.colors[d.kind] || "#999" }, d.g);
    d.text = el("text", { dy: "0.35em" }, d.g);
    placeLabel(d);
    d.g.addEventListener("mouseenter", function (ev) { focusNode(d); showTip(ev, nodeTip(d)); });
    d.g.addEventListener("mousemove", moveTip);
    d.g.addEventListener("mouseleave", clearFocus);
    d.circle.addEventListener("pointerdown", function (ev) { startDrag(ev, d); });
  });
  nodes.forEach(draw);
  setLabels("en");
  document.getElementById("empty").hidden = nodes.length > 0;

  function placeLabel(d) {
    var gap = radius(d) + 5;
    if (d.side === "left") {
      setAttrs(d.text, { x: -gap, y: 0, "text-anchor": "end", transform: "" });
    } else if (d.side === "right") {
      setAttrs(d.text, { x: gap, y: 0, "text-anchor": "start", transform: "" });
    } else {
      var angle = Math.atan2(d.y - 0.5, d.x - 0.5) * 180 / Math.PI;
      var flip = angle > 90 || angle < -90;
      setAttrs(d.text, { x: flip ? -gap : gap, y: 0, "text-anchor": flip ? "end" : "start",
        transform: "rotate(" + (flip ? angle + 180 : angle).toFixed(1) + ")" });
    }
  }

  function setAttrs(node, attrs) { Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); }); }

  function draw(d) {
    d.g.setAttribute("transform", "translate(" + d.px.toFixed(1) + "," + d.py.toFixed(1) + ")");
    d.edges.forEach(function (e) {
      [e.line, e.hit].forEach(function (line) {
        setAttrs(line, { x1: e.s.px.toFixed(1), y1: e.s.py.toFixed(1), x2: e.t.px.toFixed(1), y2: e.t.py.toFixed(1) });
      });
    });
  }

  function setLabels(language) {
    nodes.forEach(function (d) { d.text.textContent = language === "zh" && d.label_zh ? d.label_zh : d.label; });
  }

  // -- legend -----------------------------------------------------------------------------------------------
  var legend = document.getElementById("legend");
  Object.keys(data.colors).forEach(function (kind) {
    if (!nodes.some(function (d) { return d.kind === kind; })) { return; }
    var item = document.createElement("li");
    var swatch = el("svg", { viewBox: "0 0 14 14", "aria-hidden": "true" }, item);
    el("circle", { cx: 7, cy: 7, r: 6, fill: data.colors[kind] }, swatch);
    item.appendChild(document.createTextNode(data.kind_names[kind] || kind));
    legend.appendChild(item);
  });
  var note = document.createElement("li");
  note.textContent = "circle size: " + data.weight_unit + " behind a node; line width: " + data.weight_unit +
    " behind a link (hover for details)";
  legend.appendChild(note);

  // -- focus and tooltips -----------------------------------------------------------------------------------
  function focusNode(d) {
    svg.classList.add("focus");
    d.g.classList.add("near");
    d.edges.forEach(function (e) { e.line.classList.add("near"); e.s.g.classList.add("near"); e.t.g.classList.add("near"); });
  }

  function focusEdge(e) {
    svg.classList.add("focus");
    e.line.classList.add("near"); e.s.g.classList.add("near"); e.t.g.classList.add("near");
  }

  function clearFocus() {
    svg.classList.remove("focus");
    Array.prototype.forEach.call(svg.querySelectorAll(".near"), function (n) { n.classList.remove("near"); });
    tooltip.hidden = true;
  }

  function block(tag, text, cls) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (cls) { node.className = cls; }
    return node;
  }

  function nodeTip(d) {
    var parts = [block("strong", d.label_en || d.label)];
    if (d.label_zh) { parts.push(block("div", d.label_zh, "zh")); }
    var meta = [d.acronym, data.kind_names[d.kind] || d.kind, counted(d.weight)].filter(Boolean);
    parts.push(block("div", meta.join(" · "), "meta"));
    parts.push(block("div", d.iri, "meta"));
    return parts;
  }

  function edgeTip(e) {
    var parts = [block("strong", e.s.label + " — " + e.t.label)];
    var zh = [e.s.label_zh, e.t.label_zh].filter(Boolean);
    if (zh.length === 2) { parts.push(block("div", zh.join(" — "), "zh")); }
    parts.push(block("div", counted(e.weight), "meta"));
    var list = document.createElement("ul");
    var lines = (e.titles || []).concat(e.news_texts || []);
    lines.slice(0, 12).forEach(function (t) { list.appendChild(block("li", t)); });
    if (lines.length > 12) { list.appendChild(block("li", "… and " + (lines.length - 12) + " more")); }
    parts.push(list);
    return parts;
  }

  function showTip(ev, parts) {
    tooltip.replaceChildren.apply(tooltip, parts);
    tooltip.hidden = false;
    moveTip(ev);
  }

  function moveTip(ev) {
    var x = ev.clientX + 14, y = ev.clientY + 14;
    var box = tooltip.getBoundingClientRect();
    if (x + box.width > window.innerWidth) { x = Math.max(0, ev.clientX - box.width - 14); }
    if (y + box.height > window.innerHeight) { y = Math.max(0, ev.clientY - box.height - 14); }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }

  // -- search -----------------------------------------------------------------------------------------------
  var search = document.getElementById("search");
  var matches = document.getElementById("matches");
  function haystack(d) {
    return [d.label, d.label_en, d.label_zh, d.acronym || "", d.iri].join("\n").toLowerCase();
  }
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    var hits = [];
    nodes.forEach(function (d) {
      var hit = q !== "" && haystack(d).indexOf(q) >= 0;
      d.g.classList.toggle("hit", hit);
      if (hit) { hits.push(d); }
    });
    nodes.forEach(function (d) { d.g.classList.remove("hit-near"); });
    edges.forEach(function (e) {
      var hit = e.s.g.classList.contains("hit") || e.t.g.classList.contains("hit");
      e.line.classList.toggle("hit", hit);
      if (hit) { e.s.g.classList.add("hit-near"); e.t.g.classList.add("hit-near"); }
    });
    svg.classList.toggle("searching", q !== "");
    matches.textContent = q === "" ? "" : hits.length + (hits.length === 1 ? " match" : " matches");
    return hits;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var hits = runSearch();
      if (hits.length && hits[0].g.scrollIntoView) { hits[0].g.scrollIntoView({ block: "center" }); }
    }
  });

  // -- language ---------------------------------------------------------------------------------------------
  var language = document.getElementById("language");
  language.addEventListener("click", function () {
    var zh = language.textContent === "中文";
    setLabels(zh ? "zh" : "en");
    language.textContent = zh ? "English" : "中文";
  });

  // -- dragging ---------------------------------------------------------------------------------------------
  function startDrag(ev, d) {
    ev.preventDefault();
    d.circle.setPointerCapture(ev.pointerId);
    function move(mv) {
      var point = svg.createSVGPoint();
      point.x = mv.clientX; point.y = mv.clientY;
      var local = point.matrixTransform(svg.getScreenCTM().inverse());
      d.px = local.x; d.py = local.y;
      draw(d);
    }
    function stop() {
      d.circle.removeEventListener("pointermove", move);
      d.circle.removeEventListener("pointerup", stop);
    }
    d.circle.addEventListener("pointermove", move);
    d.circle.addEventListener("pointerup", stop);
  }
}());
