// policygraph network page: draws the graph embedded in #graph-data with sigma.js (WebGL) and graphology,
// both inlined above this script (window.policygraphVendor). Nothing is fetched.
// Positions come from Python (two columns for bipartite networks, a ring for co-issuance). This script adds
// tooltips for the node or link under the pointer, zoom and fit, isolation of a node's neighbourhood,
// filters (minimum weight, dates, agency with the bodies under it, sector level, policies and news), community
// colours, search, an English/Chinese label switch and PNG/SVG export. A standalone page carries each link's most
// recent items; within policygraph serve (data.details_url), a link's items are fetched when its tooltip opens. window.policygraphNetwork exposes the state for tests and the console.
(function () {
  "use strict";

  var V = window.policygraphVendor;
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var container = document.getElementById("chart");
  var tooltip = document.getElementById("tooltip");
  var $ = function (id) { return document.getElementById(id); };
  var KIND_COLORS = { agency: "#1f77b4", sector: "#ff7f0e", company: "#2ca02c" };
  var OTHER = "#9a9a9a", DIM = "#e4e4e4", DIM_EDGE = "rgba(200,200,200,0.25)", EDGE = "rgba(80,80,80,0.5)";
  var communityColor = {};
  data.communities.forEach(function (c) { communityColor[c.id] = c.color; });

  // -- the graph ----------------------------------------------------------------------------------------------
  var graph = new V.Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  var maxNode = Math.max.apply(null, [1].concat(data.nodes.map(function (n) { return n.weight; })));
  var maxEdge = Math.max.apply(null, [1].concat(data.edges.map(function (e) { return e.weight; })));
  var nodeInfo = {};
  data.nodes.forEach(function (n) {
    var side = n.side === "ring" ? (n.x < 0.5 ? "left" : "right") : n.side;
    nodeInfo[n.id] = n;
    graph.addNode(n.id, {
      x: data.bipartite ? n.x * 1.2 : n.x, y: -n.y, side: side, kind: n.kind,
      base: 4 + 9 * Math.sqrt(n.weight / maxNode), size: 4, label: n.label, color: OTHER,
    });
  });
  // On the ring (co-issuance), links bend towards the centre, so that a link between two nodes does not run
  // through the nodes between them: the shorter the chord, the more it bends (a quadratic curve whose control
  // point is the chord's midpoint moved by curvature × the chord turned a quarter, as @sigma/edge-curve draws it).
  var edgeInfo = {};
  data.edges.forEach(function (e, i) {
    var key = "e" + i, attrs = { size: 1, color: EDGE, weight: e.weight };
    edgeInfo[key] = e;
    if (!data.bipartite) {
      var s = graph.getNodeAttributes(e.source), t = graph.getNodeAttributes(e.target);
      var dx = t.x - s.x, dy = t.y - s.y, share = Math.min(1, Math.hypot(dx, dy));  // the ring's diameter is 1
      var towards = -dy * (0.5 - (s.x + t.x) / 2) + dx * (-0.5 - (s.y + t.y) / 2);  // perpendicular · (centre - mid)
      attrs.type = "curve";
      attrs.curvature = (towards >= 0 ? 1 : -1) * (0.15 + 0.5 * Math.pow(1 - share, 2));
    }
    graph.addEdgeWithKey(key, e.source, e.target, attrs);
  });

  // A link as drawn, in graph coordinates: source, control point (curves only) and target.
  function geometry(key) {
    var ends = graph.extremities(key), s = graph.getNodeAttributes(ends[0]), t = graph.getNodeAttributes(ends[1]);
    var k = graph.getEdgeAttribute(key, "curvature");
    if (!k) { return { s: s, t: t, c: null }; }
    return { s: s, t: t, c: { x: (s.x + t.x) / 2 - k * (t.y - s.y), y: (s.y + t.y) / 2 + k * (t.x - s.x) } };
  }
  function bezier(g, u) {
    var a = (1 - u) * (1 - u), b = 2 * u * (1 - u), c = u * u;
    return { x: a * g.s.x + b * g.c.x + c * g.t.x, y: a * g.s.y + b * g.c.y + c * g.t.y };
  }
  // The link as a polyline in the viewport (pixels): two points for a line, 25 along a curve.
  function polyline(key) {
    var g = geometry(key), points = [];
    if (!g.c) { return [renderer.graphToViewport(g.s), renderer.graphToViewport(g.t)]; }
    for (var i = 0; i <= 24; i += 1) { points.push(renderer.graphToViewport(bezier(g, i / 24))); }
    return points;
  }
  function midpoint(key) {
    var g = geometry(key);
    return g.c ? bezier(g, 0.5) : { x: (g.s.x + g.t.x) / 2, y: (g.s.y + g.t.y) / 2 };
  }
  var allDates = [];
  data.edges.forEach(function (e) { Array.prototype.push.apply(allDates, e.policy_dates.concat(e.news_dates)); });
  allDates = allDates.filter(Boolean).sort();
  var hasNews = data.edges.some(function (e) { return e.news_dates.length > 0; });

  // -- state and filters --------------------------------------------------------------------------------------
  var state = {
    minWeight: 1, from: "", to: "", agency: "", bodies: null, level: 0, policies: true, news: true, focus: null, hits: null,
    zh: false, colourBy: "community", visibleEdges: {}, visibleNodes: {}, weights: {}, pinned: false, hovered: {},
  };

  function inRange(date) {
    if (!state.from && !state.to) { return true; }
    if (!date) { return false; }
    return (!state.from || date >= state.from) && (!state.to || date <= state.to);
  }

  function weightOf(e) {  // the policies and news items of a link that pass the date and item filters
    var n = 0;
    if (state.policies) { n += e.policy_dates.filter(inRange).length; }
    if (state.news) { n += e.news_dates.filter(inRange).length; }
    return n;
  }

  function recompute() {
    var edges = {}, nodes = {}, weights = {}, count = 0, top = 1;
    graph.forEachEdge(function (key, attrs, source, target) {
      var e = edgeInfo[key], w = weightOf(e);
      weights[key] = w;
      var keep = w > 0 && w >= state.minWeight;
      if (keep && state.bodies) { keep = state.bodies[source] || state.bodies[target] || false; }
      if (keep && state.level) { keep = atLevel(source) || atLevel(target); }
      if (keep && state.focus) { keep = source === state.focus || target === state.focus; }
      if (keep) { edges[key] = true; nodes[source] = nodes[target] = true; count += 1; top = Math.max(top, w); }
    });
    if (state.focus) { nodes[state.focus] = true; }
    state.visibleEdges = edges; state.visibleNodes = nodes; state.weights = weights; state.topWeight = top;
    graph.forEachEdge(function (key) {
      graph.setEdgeAttribute(key, "size", 1 + 5 * Math.sqrt((weights[key] || 0) / maxEdge));
    });
    $("visible").textContent = "Showing " + count + " of " + data.edges.length + " links" +
      (data.edges.length < data.links_total ? " (the file holds " + data.edges.length + " of " +
        data.links_total.toLocaleString("en") + ")" : "");
    $("visible").dataset.count = String(count);
    $("empty").hidden = count > 0;
    $("show-all").hidden = !state.focus;
    if (renderer) { renderer.refresh(); }
    return count;
  }

  function atLevel(node) { var n = nodeInfo[node]; return n.kind === "sector" && n.level === state.level; }

  function nodeColor(node) {
    var n = nodeInfo[node];
    if (state.colourBy === "kind") { return KIND_COLORS[n.kind] || OTHER; }
    return communityColor[n.community] || OTHER;
  }

  function nodeReducer(node, attrs) {
    var out = Object.assign({}, attrs);
    out.color = nodeColor(node);
    var n = nodeInfo[node];
    out.label = state.zh && n.label_zh ? n.label_zh : n.label;
    if (!state.visibleNodes[node]) { out.hidden = true; return out; }
    if (state.hits && !state.hits[node]) { out.color = DIM; out.label = ""; }
    if (state.hits && state.hits[node]) { out.highlighted = true; out.forceLabel = true; out.zIndex = 1; }
    if (state.focus) { out.forceLabel = true; }
    return out;
  }

  function edgeReducer(edge, attrs) {
    var out = Object.assign({}, attrs);
    if (!state.visibleEdges[edge]) { out.hidden = true; return out; }
    if (state.hits) {
      var ends = graph.extremities(edge);
      if (!state.hits[ends[0]] && !state.hits[ends[1]]) { out.color = DIM_EDGE; }
    }
    if (state.focus) { out.color = "rgba(60,60,60,0.8)"; }
    if (state.hovered[edge]) { out.color = "#d62728"; out.zIndex = 2; }
    return out;
  }

  // -- drawing ------------------------------------------------------------------------------------------------
  var drawn = [];  // the boxes of the labels drawn in this frame: a label that would overlap one is left out
  function overlaps(box) {
    return drawn.some(function (b) { return box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1; });
  }

  function drawLabel(context, d, settings, always) {
    if (!d.label) { return; }
    var size = settings.labelSize;
    context.font = (d.highlighted ? "bold " : settings.labelWeight + " ") + size + "px " + settings.labelFont;
    context.textBaseline = "middle";
    var left = d.side === "left";
    var x = left ? d.x - d.size - 4 : d.x + d.size + 4, width = context.measureText(d.label).width;
    var box = { x0: left ? x - width : x, x1: left ? x : x + width, y0: d.y - size / 2 - 1, y1: d.y + size / 2 + 1 };
    if (always !== true) {
      if (overlaps(box)) { return; }
      drawn.push(box);
    }
    context.textAlign = left ? "right" : "left";
    context.lineWidth = 3;
    context.strokeStyle = "#ffffff";
    context.lineJoin = "round";
    context.strokeText(d.label, x, d.y);
    context.fillStyle = "#222222";
    context.fillText(d.label, x, d.y);
    context.textAlign = "left";
  }

  function drawHover(context, d, settings) {
    context.beginPath();
    context.arc(d.x, d.y, d.size + 3, 0, 2 * Math.PI);
    context.lineWidth = 2;
    context.strokeStyle = "#222222";
    context.stroke();
    drawLabel(context, d, settings, true);
  }

  var renderer = null;
  try {
    renderer = new V.Sigma(graph, container, {
      enableEdgeEvents: true,
      renderEdgeLabels: false,
      defaultEdgeType: "line",
      edgeProgramClasses: { line: V.EdgeRectangleProgram, curve: V.EdgeCurveProgram },
      labelRenderedSizeThreshold: 0,
      labelDensity: 3,  // candidates: drawLabel leaves out any label that would overlap one drawn before
      labelGridCellSize: 30,
      labelSize: 12,
      labelFont: 'system-ui, "Noto Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif',
      defaultDrawNodeLabel: drawLabel,
      defaultDrawNodeHover: drawHover,
      zIndex: true,
      stagePadding: 60,
      minCameraRatio: 0.03,
      maxCameraRatio: 5,
      nodeReducer: nodeReducer,
      edgeReducer: edgeReducer,
    });
  } catch (error) {
    $("no-webgl").hidden = false;
    window.policygraphNetwork = { error: String(error) };
    return;
  }
  // Node sizes (pixels) show weight. Where a column (or the ring) is crowded at the whole-network view, its
  // sizes are scaled down together, by the smallest gap between neighbours over the sum of their radii, but to
  // no less than half: overlapping is reduced without losing the sizes (a node is never drawn under 3 px).
  function fitSizes() {
    var home = { cameraState: { x: 0.5, y: 0.5, ratio: 1, angle: 0 } }, groups = {}, factors = {};
    graph.forEachNode(function (node, attrs) {
      var p = renderer.graphToViewport({ x: attrs.x, y: attrs.y }, home);
      var group = data.bipartite ? attrs.side : "ring";
      (groups[group] = groups[group] || []).push({ p: p, r: attrs.base, a: Math.atan2(attrs.y + 0.5, attrs.x - 0.5) });
    });
    Object.keys(groups).forEach(function (group) {
      var list = groups[group].sort(function (a, b) { return data.bipartite ? a.p.y - b.p.y : a.a - b.a; });
      var pairs = list.length > 2 && !data.bipartite ? list.length : list.length - 1, factor = 1;  // a ring closes
      for (var i = 0; i < pairs; i += 1) {
        var a = list[i], b = list[(i + 1) % list.length], gap = Math.hypot(a.p.x - b.p.x, a.p.y - b.p.y);
        factor = Math.min(factor, 0.9 * gap / (a.r + b.r));
      }
      factors[group] = Math.max(0.5, factor);
    });
    graph.forEachNode(function (node, attrs) {
      var factor = factors[data.bipartite ? attrs.side : "ring"];
      graph.setNodeAttribute(node, "size", Math.max(3, attrs.base * factor));
    });
    state.sizeFactors = factors;
  }

  renderer.on("beforeRender", function () { drawn = []; });
  fitSizes();
  recompute();
  if (window.ResizeObserver) {  // the header grows when the legend is drawn or the window narrows
    new ResizeObserver(function () { renderer.resize(); fitSizes(); renderer.refresh(); }).observe(container);
  }

  // -- what is under the pointer ------------------------------------------------------------------------------
  var screen = {};  // node -> its position in the viewport (pixels), refreshed after every render
  function measure() {
    screen = {};
    graph.forEachNode(function (node, attrs) { screen[node] = renderer.graphToViewport({ x: attrs.x, y: attrs.y }); });
  }
  renderer.on("afterRender", measure);
  measure();

  function shown(size) { return renderer.scaleSize ? renderer.scaleSize(size) : size; }

  function segmentDistance(p, a, b) {
    var dx = b.x - a.x, dy = b.y - a.y, length = dx * dx + dy * dy;
    var t = length ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length)) : 0;
    var x = a.x + t * dx - p.x, y = a.y + t * dy - p.y;
    return Math.sqrt(x * x + y * y);
  }

  // The node under the point; else every link whose stroke covers it, nearest first; else the nearest link
  // within REACH pixels (thin lines are hard to hit exactly).
  var REACH = 4;
  function hitTest(p) {
    var best = null, bestDistance = Infinity;
    Object.keys(state.visibleNodes).forEach(function (node) {
      var s = screen[node], d = Math.hypot(s.x - p.x, s.y - p.y);
      if (d <= shown(graph.getNodeAttribute(node, "size")) + 1 && d < bestDistance) { best = node; bestDistance = d; }
    });
    if (best !== null) { return { node: best, edges: [] }; }
    var under = [], nearest = null;
    Object.keys(state.visibleEdges).forEach(function (key) {
      var line = polyline(key), d = Infinity;
      for (var i = 1; i < line.length; i += 1) { d = Math.min(d, segmentDistance(p, line[i - 1], line[i])); }
      if (d <= shown(graph.getEdgeAttribute(key, "size")) / 2 + 1) { under.push({ key: key, d: d }); }
      if (d <= REACH && (!nearest || d < nearest.d)) { nearest = { key: key, d: d }; }
    });
    under.sort(function (a, b) { return a.d - b.d || edgeInfo[b.key].weight - edgeInfo[a.key].weight; });
    return { node: null, edges: under.length ? under : nearest ? [nearest] : [] };
  }

  // -- tooltips -----------------------------------------------------------------------------------------------
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function counted(n) { return n + " " + (n === 1 ? data.weight_unit_one : data.weight_unit); }
  function kindText(kind) { var k = data.kinds[kind]; return k ? k[0] + " " + k[1] : kind; }
  function name(node) { return nodeInfo[node].label; }
  function heading(key) { var e = edgeInfo[key]; return name(e.source) + " — " + name(e.target); }
  var served = /^https?:$/.test(location.protocol);

  function itemEntry(item) {
    var li = el("li");
    li.appendChild(el("span", item[0] + (item[4] ? " (news)" : ""), "title"));
    if (item[1]) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("span", item[1], "zh")); }
    if (item[2]) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("span", item[2], "date")); }
    if (item[3]) {
      li.appendChild(document.createTextNode(" "));
      if (served) {
        var a = el("a", "source passage", "source");
        a.href = item[3];
        li.appendChild(a);
      } else {
        var path = el("span", "source: " + item[3], "source");
        path.title = "the policy page, with the digest passages it was read from, in policygraph serve";
        li.appendChild(path);
      }
    }
    return li;
  }

  function edgeBlock(key, full) {
    var e = edgeInfo[key], box = el("div", null, "link");
    box.dataset.edge = key;
    box.appendChild(el("strong", heading(key)));
    var zh = [nodeInfo[e.source].label_zh, nodeInfo[e.target].label_zh];
    if (zh[0] && zh[1]) { box.appendChild(el("div", zh.join(" — "), "zh")); }
    var w = state.weights[key], dates = e.policy_dates.concat(e.news_dates).filter(Boolean).sort();
    var meta = counted(e.weight) + (w !== e.weight ? " (" + w + " within the filters)" : "");
    if (dates.length) { meta += " · " + dates[0] + (dates[dates.length - 1] !== dates[0] ? " to " + dates[dates.length - 1] : ""); }
    box.appendChild(el("div", meta, "meta"));
    if (!full) { return box; }
    if (data.details_url) { box.appendChild(fetchedList(key, linkURL(key))); return box; }
    var list = el("ul"), limit = state.pinned ? e.items.length : 8;
    e.items.slice(0, limit).forEach(function (i) { list.appendChild(itemEntry(data.items[i])); });
    box.appendChild(list);
    if (e.items.length < e.weight) {
      box.appendChild(el("div", "This file holds the " + e.items.length + " most recent of " + counted(e.weight) +
        (served ? "." : "; policygraph serve shows them all."), "meta"));
    } else if (limit < e.items.length) {
      box.appendChild(el("div", "… and " + (e.items.length - limit) + " more: click the link to pin and see them all", "meta"));
    }
    return box;
  }

  // Within policygraph serve: a link's items come from the server the first time its tooltip opens.
  var fetched = {};
  function linkURL(key) {
    var e = edgeInfo[key];
    return data.details_url + "&source=" + encodeURIComponent(e.source) + "&target=" + encodeURIComponent(e.target);
  }
  // A node's top items (/network/link?…&node=IRI) or a link's items, from the server, once each.
  function fillList(list, answer) {
    var limit = state.pinned ? answer.items.length : 8;
    list.replaceChildren.apply(list, answer.items.slice(0, limit).map(itemEntry));
    if (limit < answer.items.length) {
      list.appendChild(el("li", "… and " + (answer.items.length - limit) + " more: click the link to pin and see them all", "meta"));
    }
    list.dataset.state = "loaded";
  }
  function fetchedList(key, url) {
    var list = el("ul", null, "fetched");
    list.dataset.state = "loading";
    list.appendChild(el("li", "loading …", "meta"));
    if (!fetched[key]) {
      fetched[key] = fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status + " " + r.statusText); } return r.json(); });
    }
    fetched[key].then(function (answer) { fillList(list, answer); }, function (error) {
      delete fetched[key];
      list.replaceChildren(el("li", "could not load the items: " + error.message, "meta"));
      list.dataset.state = "failed";
    });
    return list;
  }

  function hover(keys) {  // draw the links the tooltip details in red, above the others
    var next = {};
    keys.forEach(function (k) { next[k] = true; });
    if (Object.keys(next).join() !== Object.keys(state.hovered).join()) { state.hovered = next; renderer.refresh(); }
  }

  function edgeTip(near) {
    var parts = [], best = near[0].d, detailed = [];
    if (near.length > 1) { parts.push(el("div", near.length + " links cross here", "meta")); }
    near.slice(0, 6).forEach(function (hit) {
      var full = hit.d <= best + 1;  // within a pixel of the nearest: as much under the pointer
      if (full) { detailed.push(hit.key); }
      parts.push(edgeBlock(hit.key, full));
    });
    hover(detailed);
    if (near.length > 6) { parts.push(el("div", "… and " + (near.length - 6) + " more links here; zoom in", "meta")); }
    return parts;
  }

  function nodeTip(node) {
    var n = nodeInfo[node], parts = [el("strong", n.label_en || n.label)];
    if (n.label_zh) { parts.push(el("div", n.label_zh, "zh")); }
    var community = data.communities.filter(function (c) { return c.id === n.community; })[0];
    var meta = [n.acronym, kindText(n.kind), counted(n.weight), community ? "community " + community.id + " 社群" : ""];
    parts.push(el("div", meta.filter(Boolean).join(" · "), "meta"));
    var neighbours = [], items = {};
    graph.forEachEdge(node, function (key, attrs, source, target) {
      if (!state.visibleEdges[key]) { return; }
      neighbours.push({ node: source === node ? target : source, w: state.weights[key] });
      edgeInfo[key].items.forEach(function (i) { items[i] = (items[i] || 0) + 1; });
    });
    neighbours.sort(function (a, b) { return b.w - a.w || name(a.node).localeCompare(name(b.node)); });
    if (neighbours.length) {
      parts.push(el("h3", "Top neighbours 主要关联 (" + neighbours.length + ")"));
      var list = el("ul");
      neighbours.slice(0, 5).forEach(function (x) {
        list.appendChild(el("li", name(x.node) + (nodeInfo[x.node].label_zh ? " " + nodeInfo[x.node].label_zh : "") +
          " — " + counted(x.w)));
      });
      parts.push(list);
    }
    var top = Object.keys(items).map(Number).sort(function (a, b) {
      return items[b] - items[a] || (data.items[b][2] > data.items[a][2] ? 1 : data.items[b][2] < data.items[a][2] ? -1 : a - b);
    });
    if (data.details_url) {  // within policygraph serve: the node's top items come from the server
      parts.push(el("h3", "Top " + data.weight_unit + " 主要政策"));
      parts.push(fetchedList("node " + node, data.details_url + "&node=" + encodeURIComponent(node)));
    } else if (top.length) {
      parts.push(el("h3", "Top " + data.weight_unit + " 主要政策"));
      var policies = el("ul");
      top.slice(0, 5).forEach(function (i) { policies.appendChild(itemEntry(data.items[i])); });
      parts.push(policies);
    }
    parts.push(el("div", "Click to isolate its neighbourhood", "meta"));
    return parts;
  }

  function showTip(parts, clientX, clientY, pin) {
    state.pinned = !!pin;
    tooltip.replaceChildren.apply(tooltip, parts);
    tooltip.classList.toggle("pinned", state.pinned);
    if (state.pinned) {
      var close = el("button", "×", "close");
      close.type = "button";
      close.title = "Close";
      close.addEventListener("click", hideTip);
      tooltip.insertBefore(close, tooltip.firstChild);
    }
    tooltip.hidden = false;
    var x = clientX + 14, y = clientY + 14, box = tooltip.getBoundingClientRect();
    if (x + box.width > window.innerWidth) { x = Math.max(0, clientX - box.width - 14); }
    if (y + box.height > window.innerHeight) { y = Math.max(0, clientY - box.height - 14); }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }

  function hideTip() { state.pinned = false; tooltip.hidden = true; tooltip.classList.remove("pinned"); hover([]); }

  function pointOf(ev) {
    var rect = container.getBoundingClientRect();
    return { x: ev.clientX - rect.left, y: ev.clientY - rect.top };
  }

  container.addEventListener("mousemove", function (ev) {
    if (state.pinned) { return; }
    var hit = hitTest(pointOf(ev));
    container.style.cursor = hit.node || hit.edges.length ? "pointer" : "";
    if (hit.node) { hover([]); showTip(nodeTip(hit.node), ev.clientX, ev.clientY); }
    else if (hit.edges.length) { showTip(edgeTip(hit.edges), ev.clientX, ev.clientY); }
    else { hideTip(); }
  });
  container.addEventListener("mouseleave", function () { if (!state.pinned) { hideTip(); } });

  function onClick(payload) {
    var ev = payload.event, rect = container.getBoundingClientRect();
    var hit = hitTest({ x: ev.x, y: ev.y });
    if (hit.node) {
      isolate(hit.node === state.focus ? null : hit.node);
      hideTip();
    } else if (hit.edges.length) {
      state.pinned = true;
      showTip(edgeTip(hit.edges), rect.left + ev.x, rect.top + ev.y, true);
    } else {
      hideTip();
      if (state.focus) { isolate(null); }
    }
  }
  renderer.on("clickNode", onClick);
  renderer.on("clickEdge", onClick);
  renderer.on("clickStage", onClick);

  function isolate(node) {
    state.focus = node;
    recompute();
    if (node) {
      var ids = Object.keys(state.visibleNodes);
      fitTo(ids);
    }
  }

  // -- camera -------------------------------------------------------------------------------------------------
  var camera = renderer.getCamera();
  function fitTo(nodes) {
    if (!nodes.length) { return camera.animatedReset({ duration: 300 }); }
    var xs = nodes.map(function (n) { return renderer.getNodeDisplayData(n).x; });
    var ys = nodes.map(function (n) { return renderer.getNodeDisplayData(n).y; });
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var ratio = Math.min(1, Math.max(0.08, 1.25 * Math.max(maxX - minX, maxY - minY)));
    return camera.animate({ x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio: ratio }, { duration: 300 });
  }
  $("zoom-in").addEventListener("click", function () { camera.animatedZoom({ duration: 200 }); });
  $("zoom-out").addEventListener("click", function () { camera.animatedUnzoom({ duration: 200 }); });
  $("fit").addEventListener("click", function () { camera.animatedReset({ duration: 200 }); });
  $("show-all").addEventListener("click", function () { isolate(null); camera.animatedReset({ duration: 200 }); });

  // -- filters ------------------------------------------------------------------------------------------------
  var minWeight = $("min-weight"), from = $("date-from"), to = $("date-to");
  minWeight.max = String(maxEdge);
  if (allDates.length) {
    [from, to].forEach(function (input) { input.min = allDates[0]; input.max = allDates[allDates.length - 1]; });
    from.placeholder = allDates[0];
    to.placeholder = allDates[allDates.length - 1];
  }
  // An agency keeps the links of its own node and of the nodes of the bodies under it (data.agencies).
  var agency = $("agency"), bodiesOf = {};
  data.agencies.forEach(function (a) {
    var under = a.bodies.length - (a.bodies.indexOf(a.id) >= 0 ? 1 : 0);
    var option = el("option", a.label + (a.label_zh ? " " + a.label_zh : "") +
      (under ? " + " + under + (under === 1 ? " body" : " bodies") + " under it" : ""));
    option.value = a.id;
    agency.appendChild(option);
    bodiesOf[a.id] = {};
    a.bodies.forEach(function (b) { bodiesOf[a.id][b] = true; });
  });
  $("agency-filter").hidden = agency.options.length <= 1;
  $("news-filter").hidden = !hasNews;
  var level = $("sector-level"), levels = {};
  data.nodes.forEach(function (n) { if (n.kind === "sector" && n.level) { levels[n.level] = true; } });
  Object.keys(levels).map(Number).sort(function (a, b) { return a - b; }).forEach(function (l) {
    var option = el("option", l === 1 ? "1 (top sectors 一级行业)" : String(l));
    option.value = String(l);
    level.appendChild(option);
  });
  $("level-filter").hidden = level.options.length <= 2;

  function readFilters() {
    state.minWeight = Math.max(1, parseInt(minWeight.value, 10) || 1);
    state.from = from.value;
    state.to = to.value;
    state.agency = agency.value;
    state.bodies = agency.value ? bodiesOf[agency.value] : null;
    state.level = parseInt(level.value, 10) || 0;
    state.policies = $("with-policies").checked;
    state.news = $("with-news").checked;
    state.colourBy = $("colour-by").value;
    recompute();
    drawLegend();
  }
  $("filters").addEventListener("input", readFilters);
  $("filters").addEventListener("change", readFilters);
  $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); readFilters(); });

  // -- legend -------------------------------------------------------------------------------------------------
  function swatch(color) { var s = el("span", null, "swatch"); s.style.background = color; return s; }
  function drawLegend() {
    var legend = $("legend"), items = [];
    if (state.colourBy === "kind") {
      Object.keys(KIND_COLORS).forEach(function (kind) {
        if (!data.nodes.some(function (n) { return n.kind === kind; })) { return; }
        var li = el("li");
        li.appendChild(swatch(KIND_COLORS[kind]));
        li.appendChild(document.createTextNode(kindText(kind)));
        items.push(li);
      });
    } else {
      data.communities.slice(0, 12).forEach(function (c) {
        var li = el("li");
        li.appendChild(swatch(c.color));
        li.appendChild(document.createTextNode("Community " + c.id + " 社群 " + c.id + ": " + c.top.join(", ") +
          (c.size > c.top.length ? " … (" + c.size + ")" : "")));
        items.push(li);
      });
      if (data.communities.length > 12) {
        var rest = el("li");
        rest.appendChild(swatch(OTHER));
        rest.appendChild(document.createTextNode((data.communities.length - 12) + " smaller communities 其他社群"));
        items.push(rest);
      }
    }
    items.push(el("li", "circle size: " + data.weight_unit + " behind a node; line width: " + data.weight_unit +
      " behind a link (hover for details, click a node to isolate it) · 圆圈大小与线宽：" +
      (hasNews ? "政策与新闻数量" : "政策数量"), "note"));
    legend.replaceChildren.apply(legend, items);
  }
  drawLegend();

  // -- search -------------------------------------------------------------------------------------------------
  var search = $("search"), matches = $("matches");
  function haystack(n) { return [n.label, n.label_en, n.label_zh, n.acronym || "", n.id].join("\n").toLowerCase(); }
  function runSearch() {
    var q = search.value.trim().toLowerCase(), hits = {}, list = [];
    if (q) {
      data.nodes.forEach(function (n) {
        if (haystack(n).indexOf(q) >= 0 && state.visibleNodes[n.id]) { hits[n.id] = true; list.push(n.id); }
      });
    }
    state.hits = q ? hits : null;
    matches.textContent = q ? list.length + (list.length === 1 ? " match" : " matches") : "";
    renderer.refresh();
    return list;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var list = runSearch(); if (list.length) { fitTo(list); } }
  });

  // -- language -----------------------------------------------------------------------------------------------
  var language = $("language");
  language.addEventListener("click", function () {
    state.zh = !state.zh;
    language.textContent = state.zh ? "English" : "中文";
    renderer.refresh();
  });

  // -- export -------------------------------------------------------------------------------------------------
  function download(name, blob) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function fileName(ext) { return (data.kind || "network") + "-network." + ext; }
  function pngBlob() { return V.toBlob(renderer, { format: "png", backgroundColor: "#ffffff" }); }

  function xml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function svgText() {  // the current view: visible links and nodes where the camera puts them, labels as text
    var dims = renderer.getDimensions(), out = [];
    out.push('<svg xmlns="http://www.w3.org/2000/svg" width="' + dims.width + '" height="' + dims.height +
      '" viewBox="0 0 ' + dims.width + " " + dims.height + '" font-family="system-ui, Noto Sans, Noto Sans CJK SC, sans-serif" font-size="12">');
    out.push("<title>" + xml(document.title) + "</title>");
    out.push('<rect width="100%" height="100%" fill="#ffffff"/>');
    out.push('<g class="edges" stroke-linecap="round">');
    Object.keys(state.visibleEdges).forEach(function (key) {
      var d = renderer.getEdgeDisplayData(key), g = geometry(key), f = function (v) { return v.toFixed(1); };
      var a = renderer.graphToViewport(g.s), b = renderer.graphToViewport(g.t);
      var color = edgeReducer(key, graph.getEdgeAttributes(key)).color || d.color;
      var stroke = '" stroke="' + color + '" stroke-width="' + shown(d.size).toFixed(2) + '" fill="none"><title>' +
        xml(heading(key) + ": " + counted(state.weights[key])) + "</title>";
      if (g.c) {
        var c = renderer.graphToViewport(g.c);
        out.push('<path d="M' + f(a.x) + " " + f(a.y) + " Q" + f(c.x) + " " + f(c.y) + " " + f(b.x) + " " + f(b.y) +
          stroke + "</path>");
      } else {
        out.push('<line x1="' + f(a.x) + '" y1="' + f(a.y) + '" x2="' + f(b.x) + '" y2="' + f(b.y) + stroke + "</line>");
      }
    });
    out.push('</g><g class="nodes">');
    Object.keys(state.visibleNodes).forEach(function (node) {
      var d = nodeReducer(node, graph.getNodeAttributes(node)), s = screen[node], r = shown(d.size);
      out.push('<circle cx="' + s.x.toFixed(1) + '" cy="' + s.y.toFixed(1) + '" r="' + r.toFixed(2) + '" fill="' +
        d.color + '" stroke="#ffffff"/>');
      if (d.label) {
        var left = d.side === "left";
        out.push('<text x="' + (left ? s.x - r - 4 : s.x + r + 4).toFixed(1) + '" y="' + s.y.toFixed(1) +
          '" dominant-baseline="middle" text-anchor="' + (left ? "end" : "start") +
          '" paint-order="stroke" stroke="#ffffff" stroke-width="3" fill="#222222">' + xml(d.label) + "</text>");
      }
    });
    out.push("</g></svg>");
    return out.join("\n");
  }
  $("export-png").addEventListener("click", function () { pngBlob().then(function (b) { download(fileName("png"), b); }); });
  $("export-svg").addEventListener("click", function () {
    download(fileName("svg"), new Blob([svgText()], { type: "image/svg+xml" }));
  });

  // -- heat map (bipartite networks) --------------------------------------------------------------------------
  // Rows are agencies (or companies), columns sectors; both ordered by community, then by weight, so the
  // communities show as blocks. Cells are shaded by the link's weight within the filters (log scale).
  var heatmap = $("heatmap"), canvas = $("heatmap-canvas"), grid = null;
  var edgeByPair = {};
  graph.forEachEdge(function (key, attrs, source, target) { edgeByPair[source + "\n" + target] = key; });
  function byCommunity(a, b) {
    var x = nodeInfo[a], y = nodeInfo[b];
    return (x.community || 1e9) - (y.community || 1e9) || y.weight - x.weight || x.label.localeCompare(y.label);
  }
  function drawHeatmap() {
    var rows = data.nodes.filter(function (n) { return n.side === "left" && state.visibleNodes[n.id]; })
      .map(function (n) { return n.id; }).sort(byCommunity);
    var cols = data.nodes.filter(function (n) { return n.side === "right" && state.visibleNodes[n.id]; })
      .map(function (n) { return n.id; }).sort(byCommunity);
    var context = canvas.getContext("2d"), font = "12px " + 'system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif';
    context.font = font;
    var label = function (id) { var n = nodeInfo[id]; return state.zh && n.label_zh ? n.label_zh : n.label; };
    var left = 12 + Math.max.apply(null, [40].concat(rows.map(function (r) { return context.measureText(label(r)).width; })));
    var top = 12 + Math.max.apply(null, [40].concat(cols.map(function (c) { return context.measureText(label(c)).width; })));
    var cell = Math.max(8, Math.min(22, Math.floor((heatmap.clientWidth - left - 20) / Math.max(1, cols.length))));
    var ratio = window.devicePixelRatio || 1, width = left + cell * cols.length + 20, height = top + cell * rows.length + 20;
    canvas.width = width * ratio; canvas.height = height * ratio;
    canvas.style.width = width + "px"; canvas.style.height = height + "px";
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = "#ffffff"; context.fillRect(0, 0, width, height);
    context.font = font; context.textBaseline = "middle"; context.fillStyle = "#222222";
    context.textAlign = "right";
    rows.forEach(function (r, i) {
      context.fillStyle = nodeColor(r); context.fillRect(left - 6, top + i * cell + 1, 4, cell - 2);
      context.fillStyle = "#222222"; context.fillText(label(r), left - 10, top + (i + 0.5) * cell);
    });
    context.textAlign = "left";
    cols.forEach(function (c, j) {
      context.save();
      context.translate(left + (j + 0.5) * cell, top - 10);
      context.rotate(-Math.PI / 2);
      context.fillStyle = "#222222"; context.fillText(label(c), 0, 0);
      context.restore();
      context.fillStyle = nodeColor(c); context.fillRect(left + j * cell + 1, top - 6, cell - 2, 4);
    });
    var cells = {};
    rows.forEach(function (r, i) {
      cols.forEach(function (c, j) {
        var key = edgeByPair[r + "\n" + c] || edgeByPair[c + "\n" + r];
        context.strokeStyle = "#f0f0f0";
        context.strokeRect(left + j * cell + 0.5, top + i * cell + 0.5, cell - 1, cell - 1);
        if (!key || !state.visibleEdges[key]) { return; }
        var t = Math.log(1 + state.weights[key]) / Math.log(1 + state.topWeight);  // log: a few heavy links dominate
        context.fillStyle = "rgba(31,78,121," + (0.15 + 0.85 * t).toFixed(3) + ")";
        context.fillRect(left + j * cell + 1, top + i * cell + 1, cell - 2, cell - 2);
        cells[i + "," + j] = key;
      });
    });
    grid = { rows: rows, cols: cols, left: left, top: top, cell: cell, cells: cells };
  }
  function heatmapKey(ev) {
    if (!grid) { return null; }
    var rect = canvas.getBoundingClientRect();
    var j = Math.floor((ev.clientX - rect.left - grid.left) / grid.cell);
    var i = Math.floor((ev.clientY - rect.top - grid.top) / grid.cell);
    return grid.cells[i + "," + j] || null;
  }
  canvas.addEventListener("mousemove", function (ev) {
    if (state.pinned) { return; }
    var key = heatmapKey(ev);
    if (key) { showTip(edgeTip([{ key: key, d: 0 }]), ev.clientX, ev.clientY); } else { hideTip(); }
  });
  canvas.addEventListener("mouseleave", function () { if (!state.pinned) { hideTip(); } });
  canvas.addEventListener("click", function (ev) {
    var key = heatmapKey(ev);
    if (key) { showTip(edgeTip([{ key: key, d: 0 }]), ev.clientX, ev.clientY, true); } else { hideTip(); }
  });
  function setView(name) {
    state.view = name;
    heatmap.hidden = name !== "heatmap";
    $("view-network").setAttribute("aria-pressed", String(name !== "heatmap"));
    $("view-heatmap").setAttribute("aria-pressed", String(name === "heatmap"));
    ["zoom-in", "zoom-out", "fit", "export-png", "export-svg"].forEach(function (id) { $(id).disabled = name === "heatmap"; });
    hideTip();
    if (name === "heatmap") { drawHeatmap(); }
  }
  $("views").hidden = !data.bipartite;
  $("view-network").addEventListener("click", function () { setView("network"); });
  $("view-heatmap").addEventListener("click", function () { setView("heatmap"); });
  renderer.on("afterRender", function () { if (state.view === "heatmap") { drawHeatmap(); } });

  // -- the hook for tests and the console ---------------------------------------------------------------------
  window.policygraphNetwork = {
    sigma: renderer, graph: graph, data: data, state: state,
    edgeKeys: function () { return graph.edges(); },
    visibleEdgeCount: function () { return Object.keys(state.visibleEdges).length; },
    heading: heading,
    // the midpoint of a link (on its curve, for curved links) in page (client) coordinates, from sigma's graph ->
    // viewport conversion
    edgeMidpoint: function (key) {
      var p = renderer.graphToViewport(midpoint(key));
      var rect = container.getBoundingClientRect();
      return { x: rect.left + p.x, y: rect.top + p.y };
    },
    nodePoint: function (node) {
      var a = graph.getNodeAttributes(node), p = renderer.graphToViewport({ x: a.x, y: a.y });
      var rect = container.getBoundingClientRect();
      return { x: rect.left + p.x, y: rect.top + p.y };
    },
    ratio: function () { return camera.getState().ratio; },
    heatmapCells: function () { return grid ? Object.keys(grid.cells).length : 0; },
    setView: setView,
    isolate: isolate,
    exportPNG: function () { return pngBlob().then(function (b) { return { type: b.type, size: b.size }; }); },
    exportSVG: svgText,
  };
}());
