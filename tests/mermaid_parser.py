"""Mermaid 11's own flowchart parser (tests/data/mermaid/flow_parser.js), run
in V8 through mini-racer, with a database that records what it is told.

``with MermaidParser() as mermaid: mermaid.parse(text)`` returns
{"vertices": [...], "links": [[a, b], ...], "subgraphs": [...]} or raises
``MermaidSyntaxError`` with Mermaid's message. V8 runs in a thread that
must be closed, hence the context manager.
"""

from __future__ import annotations

import json
from pathlib import Path

PARSER = Path(__file__).parent / "data" / "mermaid" / "flow_parser.js"

# What flowDb does, reduced to recording: the parser calls these while it
# parses; a syntax error is thrown by the parser itself.
RECORDER = """
function record() {
  var seen = {vertices: [], links: [], subgraphs: []};
  var first = true;
  var ids = function (s) { return s.stmt ? s.stmt : s; };
  return {
    seen: seen,
    lex: {firstGraph: function () { var f = first; first = false; return f; }},
    addVertex: function (id) { if (seen.vertices.indexOf(id) < 0) seen.vertices.push(id); },
    addLink: function (a, b) { ids(a).forEach(function (x) { ids(b).forEach(function (y) { seen.links.push([x, y]); }); }); },
    addSubGraph: function (id) { var name = id && id.text !== undefined ? id.text : id; seen.subgraphs.push(name); return name; },
    destructLink: function () { return {type: "arrow_point", stroke: "normal", length: 1}; },
    setDirection: function () {}, addClass: function () {}, setClass: function () {},
    setClickEvent: function () {}, setLink: function () {}, setTooltip: function () {},
    updateLink: function () {}, updateLinkInterpolate: function () {},
    setAccTitle: function () {}, setAccDescription: function () {}
  };
}
function parseFlowchart(text) {
  var yy = record();
  flow_default.yy = yy;  // the wrapper parses with the parser it wraps
  try { flowParser_default.parse(text); } catch (e) { return JSON.stringify({error: String(e.message || e)}); }
  return JSON.stringify(yy.seen);
}
"""


class MermaidSyntaxError(Exception):
    pass


class MermaidParser:
    def __enter__(self):
        from py_mini_racer import MiniRacer

        self.ctx = MiniRacer()
        self.ctx.eval(PARSER.read_text(encoding="utf-8"))
        self.ctx.eval(RECORDER)
        return self

    def __exit__(self, *exc):
        self.ctx.close()
        return False

    def parse(self, text: str) -> dict:
        result = json.loads(self.ctx.eval(f"parseFlowchart({json.dumps(text)})"))
        if "error" in result:
            raise MermaidSyntaxError(result["error"])
        return result
