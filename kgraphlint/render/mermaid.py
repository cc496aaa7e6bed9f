"""Mermaid flowchart text (renders in GitHub Markdown and PR comments)."""

from __future__ import annotations

from .flat import Drawing

# Inside a quoted label Mermaid reads entity codes; escape what could end
# the string or be taken as markup.
_ESCAPES = {c: f"#{ord(c)};" for c in '#"<>&`'}


def escape(text: str) -> str:
    return "".join(_ESCAPES.get(c, c) for c in text.replace("\n", " "))


def to_mermaid(d: Drawing) -> str:
    out = ["flowchart TB"]

    def level(cluster, indent):
        for member in d.members.get(cluster, []):
            if member in d.clusters:
                out.append(f'{indent}subgraph {member}["{escape(d.clusters[member].label)}"]')
                out.append(f"{indent}  direction TB")
                level(member, indent + "  ")
                out.append(f"{indent}end")
            else:
                box = d.boxes[member]
                label = "<br/>".join([f"<b>{escape(box.name)}</b>"] + [escape(t) for t in box.lines[1:]])
                shape = ('(["', '"])') if box.kind == "input" else ('["', '"]')
                out.append(f"{indent}{member}{shape[0]}{label}{shape[1]}")

    level(None, "  ")
    out.extend(f"  {a} --> {b}" for a, b in d.edges)
    out.append("  classDef merge fill:#fff4d6,stroke:#b08800")
    out.append("  classDef output stroke-width:3px")
    out.append("  classDef error fill:#ffe0e0,stroke:#c00000")
    for cls in ("merge", "error"):
        ids = [b.id for b in d.boxes.values() if b.kind == cls]
        if ids:
            out.append(f"  class {','.join(ids)} {cls}")
    outputs = [b.id for b in d.boxes.values() if b.output]
    if outputs:
        out.append(f"  class {','.join(outputs)} output")
    return "\n".join(out) + "\n"
