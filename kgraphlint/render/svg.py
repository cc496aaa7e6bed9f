"""SVG drawn by kgraphlint itself: no Graphviz binary, no pydot.

Layout: each level (the model, then each nested model inside its cluster)
is layered by ``networkx.topological_generations``; a generation wider than
``MAX_ROW`` wraps onto several rows; boxes are sized to their text (a
monospace font makes widths predictable) and ordered by the mean position of
their predecessors, which keeps branches apart. Edges that would cross boxes
are routed down a lane at the right of the rows they span.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

import networkx as nx

from .flat import Drawing

FONT = 12
CHAR_W = FONT * 0.6  # monospace advance
LINE_H = 15
PAD = 8
H_GAP, V_GAP = 24, 34
MAX_ROW = 1100
MAX_CHARS = 48
CLUSTER_PAD, CLUSTER_LABEL = 14, 20
FILL = {"input": "#e3f0ff", "merge": "#fff4d6", "error": "#ffe0e0", "op": "#eeeeee"}


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def _box_lines(box) -> list:
    return [_clip(box.name), _clip(box.cls), _clip(f"{box.shape} · {box.params}")]


class _Layout:
    def __init__(self, d: Drawing):
        self.d = d
        self.pos: dict = {}  # member id -> (x, y, w, h), absolute after ``place``

    def size(self, member) -> tuple:
        if member in self.d.clusters:
            return self.level(member)
        lines = _box_lines(self.d.boxes[member])
        return max(len(t) for t in lines) * CHAR_W + 2 * PAD, len(lines) * LINE_H + 2 * PAD - 4

    def level(self, cluster) -> tuple:
        """Lay out one level relative to its origin; return its (w, h)."""
        members = self.d.members.get(cluster, [])
        g = nx.DiGraph()
        g.add_nodes_from(members)
        g.add_edges_from(self.d.level_edges.get(cluster, []))
        sizes = {m: self.size(m) for m in members}
        order = {m: i for i, m in enumerate(members)}
        rows, centre = [], {}
        for generation in nx.topological_generations(g):
            want = {}
            for m in generation:  # under the mean of its predecessors
                preds = [centre[p] for p in g.predecessors(m) if p in centre]
                want[m] = sum(preds) / len(preds) if preds else 0.0
            row, width = [], 0.0
            for m in sorted(generation, key=lambda m: (want[m], order[m])):
                if row and width + sizes[m][0] > MAX_ROW:  # wrap wide generations
                    rows.append(self._spread(row, want, sizes, centre))
                    row, width = [], 0.0
                row.append(m)
                width += sizes[m][0] + H_GAP
            rows.append(self._spread(row, want, sizes, centre))
        return self._stack(rows, sizes, centre, cluster)

    @staticmethod
    def _spread(row, want, sizes, centre):
        """Centres as close to the wanted ones as boxes without overlap allow."""
        x, got = None, {}
        for m in row:
            w = sizes[m][0]
            c = want[m] if x is None else max(want[m], x + w / 2)
            got[m] = c
            x = c + w / 2 + H_GAP
        shift = sum(want[m] - got[m] for m in row) / len(row)
        for m in row:
            centre[m] = got[m] + shift
        return row

    def _stack(self, rows, sizes, centre, cluster):
        y = 0.0
        for r in rows:
            height = max(sizes[m][1] for m in r)
            for m in r:
                w, h = sizes[m]
                self.pos[m] = (centre[m] - w / 2, y + (height - h) / 2, w, h)
            y += height + V_GAP
        members = [m for r in rows for m in r]
        left = min((self.pos[m][0] for m in members), default=0)
        right = max((self.pos[m][0] + self.pos[m][2] for m in members), default=0)
        width = right - left
        pad = CLUSTER_PAD if cluster is not None else 0
        if cluster is not None:  # room for the label, contents centred under it
            label = len(_clip(self.d.clusters[cluster].label)) * CHAR_W + 16 - 2 * pad
            left -= max(0.0, label - width) / 2
            width = max(width, label)
        for m in members:
            x, top, w, h = self.pos[m]
            self.pos[m] = (x - left, top, w, h)
        return width + 2 * pad, y - V_GAP + 2 * pad + (CLUSTER_LABEL if cluster is not None else 0)

    def place(self, cluster, ox, oy):
        """Turn relative positions into absolute ones, clusters first."""
        inset = (CLUSTER_PAD, CLUSTER_PAD + CLUSTER_LABEL) if cluster is not None else (0, 0)
        for m in self.d.members.get(cluster, []):
            x, y, w, h = self.pos[m]
            self.pos[m] = (ox + inset[0] + x, oy + inset[1] + y, w, h)
            if m in self.d.clusters:
                self.place(m, *self.pos[m][:2])


def _inside(rect, point) -> bool:
    return rect[0] <= point[0] <= rect[0] + rect[2] and rect[1] <= point[1] <= rect[1] + rect[3]


def _edge_path(a, b, obstacles, lanes: list) -> str:
    """A curve from the bottom of ``a`` to the top of ``b``; when boxes (or
    clusters neither end is in) stand in the way, a lane to their right.
    ``lanes`` holds (y1, y2, x) of lanes taken, so parallel ones step apart."""
    x1, y1 = a[0] + a[2] / 2, a[1] + a[3]
    x2, y2 = b[0] + b[2] / 2, b[1]
    lo, hi = min(x1, x2), max(x1, x2)
    span = [r for r in obstacles if r is not a and r is not b and r[1] < y2 and r[1] + r[3] > y1
            and not _inside(r, (x1, y1 - 1)) and not _inside(r, (x2, y2 + 1))]
    if not any(r[0] < hi + 4 and r[0] + r[2] > lo - 4 for r in span):
        dy = max(12.0, (y2 - y1) / 2)
        return f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + dy:.1f} {x2:.1f},{y2 - dy:.1f} {x2:.1f},{y2:.1f}"
    lane = max(r[0] + r[2] for r in span) + 14
    for top, bottom, x in lanes:
        if top < y2 and bottom > y1 and abs(x - lane) < 8:
            lane = x + 8
    lanes.append((y1, y2, lane))
    return (f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + 14:.1f} {lane:.1f},{y1 + 4:.1f} {lane:.1f},{y1 + 22:.1f} "
            f"L{lane:.1f},{y2 - 22:.1f} C{lane:.1f},{y2 - 4:.1f} {x2:.1f},{y2 - 14:.1f} {x2:.1f},{y2:.1f}")


def to_svg(d: Drawing) -> str:
    lay = _Layout(d)
    width, height = lay.level(None)
    margin = 16
    lay.place(None, margin, margin + 24)
    obstacles = [lay.pos[m] for m in (*d.boxes, *d.clusters)]
    lanes: list = []
    paths = [_edge_path(lay.pos[a], lay.pos[b], obstacles, lanes) for a, b in d.edges]
    width = max([width + margin] + [x + 8 for _, _, x in lanes]) + margin
    height += 2 * margin + 24
    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
         f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" '
         f'font-size="{FONT}">'),
        f"<title>{escape(d.title)}</title>",
        ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
         'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>'),
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="{margin}" y="{margin + 12}" font-weight="bold" font-size="{FONT + 2}">{escape(d.title)}</text>',
    ]
    for cid, cluster in d.clusters.items():  # parents before children: dict order
        x, y, w, h = lay.pos[cid]
        out.append(f'<g class="cluster" id="{cid}"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                   'rx="8" fill="#f6f6f6" fill-opacity="0.6" stroke="#888" stroke-dasharray="5,3"/>'
                   f'<text x="{x + 8:.1f}" y="{y + 15:.1f}" font-style="italic">{escape(_clip(cluster.label))}</text></g>')
    for path in paths:
        out.append(f'<path d="{path}" fill="none" stroke="#555" stroke-width="1.3" marker-end="url(#arrow)"/>')
    for bid, box in d.boxes.items():
        x, y, w, h = lay.pos[bid]
        stroke = "#c00000" if box.kind == "error" else "#333"
        out.append(f'<g class="node {box.kind}" id="{bid}">')
        if box.error:
            out.append(f"<title>{escape(box.error)}</title>")
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6" '
                   f'fill="{FILL.get(box.kind, "#ffffff")}" stroke="{stroke}" '
                   f'stroke-width="{2.6 if box.output else 1.1}"/>')
        for i, line in enumerate(_box_lines(box)):
            weight = ' font-weight="bold"' if i == 0 else (' fill="#555"' if i == 2 else "")
            out.append(f'<text x="{x + PAD:.1f}" y="{y + PAD + 10 + i * LINE_H:.1f}"{weight} '
                       f'xml:space="preserve">{escape(line)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"

