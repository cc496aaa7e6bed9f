"""A ModelIR flattened for drawing: boxes, clusters (nested models) and edges.

Every writer (Mermaid, DOT, SVG) draws from this one structure, so the three
pictures always show the same thing. Ids are ours (``n3``, ``c1``); user
text only ever appears in labels, which each writer escapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dims import Unknown, format_shape, is_int
from ..graph import ModelIR
from ..layers import lookup


@dataclass
class Box:
    id: str
    name: str
    cls: str
    shape: str
    params: str
    kind: str  # "input" | "layer" | "merge" | "op" | "error"
    output: bool = False
    error: str = ""

    @property
    def lines(self) -> list:
        return [self.name, self.cls, self.shape, self.params]


@dataclass
class Cluster:
    id: str
    label: str
    parent: str | None


@dataclass
class Drawing:
    title: str
    boxes: dict = field(default_factory=dict)  # id -> Box, in model order
    clusters: dict = field(default_factory=dict)  # id -> Cluster
    edges: list = field(default_factory=list)  # (box id, box id)
    # per level (None = the model itself): member ids (boxes or clusters) in
    # order, and the edges between them, which is what a layered layout needs
    members: dict = field(default_factory=dict)
    level_edges: dict = field(default_factory=dict)

    def boxes_in(self, cluster: str | None) -> list:
        return [m for m in self.members.get(cluster, []) if m in self.boxes]


def params_text(value, shared: bool = False) -> str:
    if shared:
        return "shared weights"
    if isinstance(value, Unknown) or value is None:
        return "? params"
    if is_int(value):
        return f"{value:,} param{'s' if value != 1 else ''}"
    return f"{value} params"


def _class_text(node) -> str:
    inner, text = node.inner, node.cls
    while inner is not None:
        text += f"({inner.cls}"
        inner = inner.inner
    return text + ")" * (text.count("("))


def title_of(model: ModelIR) -> str:
    title = model.name
    if model.keras_name and model.keras_name != model.name:
        title += f" ({model.keras_name})"
    return title


def flatten(model: ModelIR) -> Drawing:
    d = Drawing(title_of(model))
    _Flattener(d).top(model, None)
    return d


def flatten_all(models: list, title: str) -> Drawing:
    """Several models in one picture, each a top-level cluster labelled with
    its variable, Keras name, place and total parameter count."""
    if len(models) == 1:
        return flatten(models[0])
    d = Drawing(title)
    flat = _Flattener(d)
    members = d.members.setdefault(None, [])
    for model in models:
        cid = flat.fresh("c")
        where = f"{model.path}:{model.line}" if model.line else model.path
        label = f"{title_of(model)} · {where} · {_total_text(model)}"
        d.clusters[cid] = Cluster(cid, label, None)
        members.append(cid)
        flat.top(model, cid)
    return d


def _total_text(model: ModelIR) -> str:
    if not model.built:
        return "unbuilt"
    return params_text(None if model.stopped_at() else model.totals()[0])  # stopped: a lower bound only


class _Flattener:
    def __init__(self, d: Drawing):
        self.d = d
        self.counter = {"n": 0, "c": 0}

    def fresh(self, stem):
        self.counter[stem] += 1
        return f"{stem}{self.counter[stem]}"

    def top(self, model: ModelIR, cluster):
        _, outputs = self.add(model, cluster)
        for bid in outputs:
            self.d.boxes[bid].output = True

    def add(self, m: ModelIR, cluster):
        """Draw ``m`` into ``cluster``; return (input box ids, output box ids)."""
        d = self.d
        members = d.members.setdefault(cluster, [])
        level = d.level_edges.setdefault(cluster, [])
        ends: dict = {}  # node id -> (member id, [input boxes], [output boxes])
        seen: set = set()
        for node in m.nodes():
            if node.kind == "model" and node.submodel is not None:
                cid = self.fresh("c")
                label = f"{node.name or node.id} · {node.cls} · {params_text(node.params)}"
                d.clusters[cid] = Cluster(cid, label, cluster)
                members.append(cid)
                ins, outs = self.add(node.submodel, cid)
                ends[node.id] = (cid, ins, outs)
            else:
                bid = self.fresh("n")
                entry = lookup(node.cls)
                kind = node.kind
                if node.error is not None:
                    kind = "error"
                elif entry is not None and entry.arity == "list":
                    kind = "merge"
                d.boxes[bid] = Box(
                    bid, node.name or node.id, _class_text(node), format_shape(node.output_shape),
                    params_text(node.params, node.layer_key in seen), kind,
                    error=getattr(node.error, "message", "") if node.error is not None else "",
                )
                members.append(bid)
                ends[node.id] = (bid, [bid], [bid])
            seen.add(node.layer_key)
            member, ins, _ = ends[node.id]
            for slot, ref in enumerate(node.inputs):
                src_member, _, src_outs = ends[ref.node]
                src = src_outs[min(ref.index, len(src_outs) - 1)]
                dst = ins[min(slot, len(ins) - 1)]
                if (src, dst) not in d.edges:
                    d.edges.append((src, dst))
                if (src_member, member) not in level:
                    level.append((src_member, member))
        inputs = [ends[r.node][2][0] for r in m.inputs if r.node in ends]
        outputs = [ends[r.node][2][min(r.index, len(ends[r.node][2]) - 1)] for r in m.outputs if r.node in ends]
        return inputs, outputs
