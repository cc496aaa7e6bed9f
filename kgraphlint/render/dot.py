"""Graphviz DOT text; nested models are ``cluster_`` subgraphs."""

from __future__ import annotations

from .flat import Drawing

FILL = {"input": "#e3f0ff", "merge": "#fff4d6", "error": "#ffe0e0", "op": "#eeeeee"}


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(d: Drawing) -> str:
    out = [
        f"digraph {quote(d.title)} {{",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="monospace", fontsize=10];',
        '  edge [color="#555555"];',
    ]

    def level(cluster, indent):
        for member in d.members.get(cluster, []):
            if member in d.clusters:
                out.append(f"{indent}subgraph cluster_{member} {{")
                out.append(f"{indent}  label={quote(d.clusters[member].label)};")
                out.append(f'{indent}  style="rounded,dashed"; color="#888888";')
                level(member, indent + "  ")
                out.append(f"{indent}}}")
            else:
                box = d.boxes[member]
                attrs = [f"label={quote(chr(10).join(box.lines))}", f'fillcolor="{FILL.get(box.kind, "#ffffff")}"']
                if box.output:
                    attrs.append("penwidth=2.5")
                out.append(f"{indent}{member} [{', '.join(attrs)}];")

    level(None, "  ")
    out.extend(f"  {a} -> {b};" for a, b in d.edges)
    out.append("}")
    return "\n".join(out) + "\n"
