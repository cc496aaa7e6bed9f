"""Compare the models of two versions of the code: pure, no I/O, no git.

``snapshot`` reduces an inferred ``ModelIR`` to what a reviewer compares
(counts, output shapes, layer rows); ``compare`` matches the models of the
old and new version (by file and variable, then by Keras name) and lists
what changed. A count that is not exact stays not exact: its difference is
``None`` with the reason, never 0.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from .dims import Expr, format_shape, is_int

NOT_BUILT = "unbuilt: no input shape is given, so Keras has not created the weights yet"


@dataclass(frozen=True)
class Count:
    """A parameter count: an int, a symbolic ``Expr``, or ``None`` (unknown,
    with the known part as a lower bound and the reason)."""

    value: object
    lower: int = 0
    reason: str | None = None

    @property
    def exact(self) -> bool:
        return is_int(self.value) or isinstance(self.value, Expr)

    def text(self) -> str:
        if is_int(self.value):
            return f"{self.value:,}"
        if self.exact:
            return str(self.value)
        return f"? (≥ {self.lower:,})" if self.lower else "?"

    def same(self, other: Count) -> bool:
        """Equal numbers; a reason's line may move with the code around it."""
        return (self.value, self.lower, self.exact) == (other.value, other.lower, other.exact)

    def json(self):
        if is_int(self.value):
            return self.value
        return str(self.value) if self.exact else "?"


@dataclass(frozen=True)
class LayerRow:
    name: str
    cls: str
    shape: str
    params: str
    args: tuple  # ((argument, text), ...) of the bound constructor arguments

    @property
    def label(self) -> str:
        return f"{self.name} ({self.cls})"

    @property
    def signature(self) -> tuple:
        """Everything but the name, which Keras may number differently."""
        explicit = dict(self.args).get("name")
        return self.cls, self.shape, self.params, self.args, explicit


@dataclass(frozen=True)
class Snapshot:
    """One model as a reviewer sees it."""

    path: str
    variable: str
    keras_name: str
    kind: str
    line: int
    built: bool
    total: Count
    trainable: Count
    non_trainable: Count
    outputs: tuple  # output shapes as text
    layers: tuple  # LayerRow
    named: bool = False  # keras_name was given (name=...), not numbered by Keras


def snapshot(model, path: str | None = None) -> Snapshot:
    """What ``compare`` needs from an inferred ``ModelIR``. As in
    ``summary``: any reason in ``unknown_reasons`` makes the totals not
    exact; the known part is a lower bound only when the graph itself is
    certain; a row that is not known exactly ends in ``?``."""
    rows = model.rows()
    if model.built:
        reasons = model.unknown_reasons()
        reason = "; ".join(f"line {line}: {why}" if line else why for line, why in reasons[:3])
        reason += f" (and {len(reasons) - 3} more)" if len(reasons) > 3 else ""
        bounded = model.structure_certain()
        total, trainable, non_trainable = model.totals()
        known_t = sum(v for v in (n.trainable_params for n in rows) if is_int(v)) if bounded else 0
        known_n = sum(v for v in (n.non_trainable_params for n in rows) if is_int(v)) if bounded else 0
        counts = tuple(_count(value, known, reason or None) for value, known in
                       ((total, known_t + known_n), (trainable, known_t), (non_trainable, known_n)))
    else:  # Keras prints 0 for an unbuilt model's weights
        counts = (Count(0, reason=NOT_BUILT),) * 3
    shapes = model.row_output_shapes()
    layers = []
    for n in rows:
        if not model.built:
            shape, params = "?", "0"
        else:
            shape, params = format_shape(shapes[n.layer_key]), row_params(n)
            # what it would be on the path analysed, as summary marks it
            shape = shape if model.shape_known(n) else maybe(shape)
            params = params if model.params_known(n) else maybe(params)
        layers.append(LayerRow(n.name or n.cls, n.cls, shape, params, _arguments(n)))
    outputs = tuple(format_shape(ref_shape(model, ref)) if model.shape_known(model.node(ref.node))
                    else maybe(format_shape(ref_shape(model, ref))) for ref in model.outputs)
    return Snapshot(path=path or model.path, variable=model.name, keras_name=model.keras_name or model.name,
                    kind=model.kind, line=model.line, built=model.built, total=counts[0], trainable=counts[1],
                    non_trainable=counts[2], outputs=outputs, layers=tuple(layers), named=_named(model))


def maybe(text: str) -> str:
    """A value that is not known exactly: ``2,112?`` (``?`` stays ``?``)."""
    return text if text.endswith("?") else text + "?"


def _named(model) -> bool:
    """Was the model given its Keras name? Auto names (``sequential_2``) are
    numbered per file in creation order, so they identify nothing."""
    from .graph import to_snake_case

    base = to_snake_case({"sequential": "Sequential", "functional": "Functional"}.get(model.kind, model.name))
    return bool(model.keras_name) and not re.fullmatch(rf"{re.escape(base)}(_\d+)?", model.keras_name)


def row_params(node) -> str:
    """A summary row's count as text: ``1,290``, ``784*units + units`` or ``?``."""
    from .infer import count_text

    if node.kind == "model" or not node.weights:
        return _count(node.params, 0, node.stopped or None).text()
    params = count_text(node.weights)
    return f"{int(params):,}" if params.isdigit() else params


def _count(value, lower: int, reason) -> Count:
    """Exact when the value is an int or a symbol and nothing is unknown."""
    if reason is None and (is_int(value) or isinstance(value, Expr)):
        return Count(value)
    return Count(None, lower, reason or "a count is unknown")


def ref_shape(model, ref):
    """The shape of one tensor of ``model`` (``None`` if never inferred)."""
    node = model.node(ref.node)
    return node.output_shapes[ref.index] if ref.index < len(node.output_shapes) else None


def _arguments(node) -> tuple:
    """Bound constructor arguments as text: the value where it is known, the
    source where it is not (``HeNormal()``), so two versions compare."""
    sources = getattr(node, "arg_sources", None) or {}
    out = []
    for key, value in sorted((node.args or {}).items()):
        if key == "name" and not node.explicit_name:
            continue
        if value is None or isinstance(value, (bool, int, float, str, tuple, list, Expr)):
            text = str(value) if isinstance(value, Expr) else repr(value)
        else:
            text = sources.get(key, "?")
        out.append((key, text))
    return tuple(out)


@dataclass(frozen=True)
class Change:
    """Before -> after of one count: the difference and the relative change
    (a fraction), each ``None`` when it cannot be computed exactly."""

    before: Count
    after: Count

    @property
    def delta(self):
        if self.before.exact and self.after.exact:
            return self.after.value - self.before.value
        return None

    @property
    def relative(self) -> float | None:
        delta, before = self.delta, self.before.value
        if is_int(delta) and isinstance(before, int) and before > 0:
            return delta / before
        return None

    @property
    def why_not_exact(self) -> str | None:
        """Why the change is not a number, or None when it is."""
        if not (self.before.exact and self.after.exact):
            return self.before.reason if not self.before.exact else self.after.reason
        if not is_int(self.delta):
            return "the count is symbolic"
        if self.relative is None and self.delta != 0:
            return "the count before was 0"
        return None


@dataclass
class LayerChange:
    status: str  # added | removed | changed
    old: LayerRow | None
    new: LayerRow | None
    fields: list = field(default_factory=list)  # [(what, before, after)]


@dataclass
class ModelChange:
    status: str  # added | removed | changed | unchanged
    old: Snapshot | None
    new: Snapshot | None
    layers: list = field(default_factory=list)  # LayerChange

    @property
    def current(self) -> Snapshot:
        found = self.new or self.old
        assert found is not None, "a change has at least one side"
        return found

    def count(self, which: str) -> Change:
        """``which`` is total | trainable | non_trainable; a missing side counts 0."""
        zero = Count(0)
        return Change(getattr(self.old, which) if self.old else zero, getattr(self.new, which) if self.new else zero)


def compare(old: list, new: list, renames: dict | None = None) -> list:
    """ModelChanges for two lists of Snapshots. ``renames`` maps an old path
    to its new one (a moved file keeps its models). Models are paired by
    (file, variable) in order of appearance, then the rest by a Keras name
    given with ``name=`` where it is unique on both sides."""
    renames = renames or {}
    pairs, old_left, new_left = _pair(old, new, lambda s, side: (renames.get(s.path, s.path) if side == "old"
                                                                   else s.path, s.variable))
    more, old_left, new_left = _pair(old_left, new_left, lambda s, side: s.keras_name if s.named else id(s),
                                     unique=True)
    pairs += more
    changes = [_model_change(a, b) for a, b in pairs]
    changes += [ModelChange("removed", s, None) for s in old_left]
    changes += [ModelChange("added", None, s) for s in new_left]
    return sorted(changes, key=lambda c: (c.current.path, c.current.line, c.current.variable))


def _pair(old: list, new: list, key, unique: bool = False) -> tuple:
    """Pair items with equal keys, the n-th old with the n-th new; with
    ``unique`` only keys that occur once on each side pair."""
    old_counts = Counter(key(s, "old") for s in old)
    new_counts = Counter(key(s, "new") for s in new)
    waiting: dict = {}
    for s in new:
        k = key(s, "new")
        if not unique or (new_counts[k] == 1 and old_counts[k] == 1):
            waiting.setdefault(k, []).append(s)
    pairs, old_left = [], []
    for s in old:
        queue = waiting.get(key(s, "old"))
        if queue:
            pairs.append((s, queue.pop(0)))
        else:
            old_left.append(s)
    taken = {id(b) for _, b in pairs}
    return pairs, old_left, [s for s in new if id(s) not in taken]


def _model_change(old: Snapshot, new: Snapshot) -> ModelChange:
    layers = compare_layers(old.layers, new.layers)
    same = (not layers and old.outputs == new.outputs and old.kind == new.kind and old.built == new.built
            and all(getattr(old, c).same(getattr(new, c)) for c in ("total", "trainable", "non_trainable")))
    return ModelChange("unchanged" if same else "changed", old, new, layers)


def compare_layers(old: tuple, new: tuple) -> list:
    """Align the two layer lists, ignoring names (Keras's auto names shift
    when a layer is inserted): first on whole rows, so an untouched layer
    stays paired; inside each stretch that differs, on class and arguments
    (a layer whose input grew is the same layer), then on class alone, so a
    widened Dense is one changed row and not a removal and an addition."""
    return _align(old, new, (lambda r: r.signature, lambda r: (r.cls, r.args), lambda r: r.cls))


def _align(old, new, keys) -> list:
    out = []
    for tag, i1, i2, j1, j2 in _opcodes([keys[0](r) for r in old], [keys[0](r) for r in new]):
        if tag == "equal":
            out += [LayerChange("changed", a, b, f) for a, b in zip(old[i1:i2], new[j1:j2]) if (f := _fields(a, b))]
        elif len(keys) > 1:
            out += _align(old[i1:i2], new[j1:j2], keys[1:])
        else:
            out += [LayerChange("removed", a, None) for a in old[i1:i2]]
            out += [LayerChange("added", None, b) for b in new[j1:j2]]
    return out


def _opcodes(a: list, b: list) -> list:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def _fields(a: LayerRow, b: LayerRow) -> list:
    fields = [(what, x, y) for what, x, y in (("name", a.name, b.name), ("output shape", a.shape, b.shape),
                                              ("params", a.params, b.params)) if x != y]
    old_args, new_args = dict(a.args), dict(b.args)
    for key in sorted(old_args.keys() | new_args.keys()):
        x, y = old_args.get(key, "-"), new_args.get(key, "-")
        if x != y:  # two unknown values ("?") are not shown; shape and params still compare
            fields.append((f"{key}=", x, y))
    if fields and all(what == "name" for what, _, _ in fields):
        return []  # only an auto name shifted: the same layer
    return fields


def worst_growth(changes: list) -> tuple:
    """(largest relative growth of total params among matched models, the
    models whose growth cannot be computed exactly)."""
    best, unknown = None, []
    for change in changes:
        if change.status != "changed":
            continue
        total = change.count("total")
        if total.why_not_exact:
            if total.delta != 0:
                unknown.append(change)
            continue
        if total.relative is not None and (best is None or total.relative > best[0]):
            best = (total.relative, change)
    return best, unknown
