"""`kgraphlint graph`: SVG, Mermaid and DOT pictures of a ModelIR."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_runner import CliRunner
from irbuild import IR, deep, multi_input, nested

from kgraphlint.cli import cli
from kgraphlint.render import render

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
NASTY = 'a"b<c>&d\\e\'f#g`'  # every character a writer must escape


def nasty_model():
    b = IR("nasty")
    x = b.input((3,), name=NASTY)
    return b.done(b.layer("Dense", x, 2, name=NASTY + "2"))


MODELS = {"multi_input": multi_input, "nested": nested, "deep": deep, "nasty": nasty_model}


def texts(svg: str) -> list:
    root = ET.fromstring(svg)  # raises on malformed XML
    return root, [t.text for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("make", MODELS.values(), ids=MODELS.keys())
def test_svg_is_xml_with_every_node(make):
    model = make()
    root, lines = texts(render(model, "svg"))
    layers = [n for n in _all_nodes(model) if n.kind != "model"]
    for node in layers:
        assert node.name in lines, node.name
    assert len(root.findall(f".//{SVG}g[@class]")) >= len(layers)
    assert float(root.get("width")) < 2000  # wrapped, not one endless row


def test_svg_shows_shape_and_params_and_clusters():
    _, lines = texts(render(nested(), "svg"))
    assert "(None, 16) · 144 params" in lines
    assert any(t.startswith("encoder · Functional · 280 params") for t in lines)
    root = ET.fromstring(render(nested(), "svg"))
    assert len(root.findall(f".//{SVG}g[@class='cluster']")) == 1


def test_svg_of_fifty_layers_stays_readable():
    model = deep()
    assert len(model.nodes()) >= 50
    root = ET.fromstring(render(model, "svg"))
    rects = [r for g in root.iter(f"{SVG}g") if "node" in g.get("class", "") for r in g.iter(f"{SVG}rect")]
    boxes = [(float(r.get("x")), float(r.get("y")), float(r.get("width")), float(r.get("height"))) for r in rects]
    for i, a in enumerate(boxes):  # no two boxes overlap
        for b in boxes[i + 1:]:
            assert a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
    assert float(root.get("width")) <= 1400


def _all_nodes(model):
    for node in model.nodes():
        yield node
        if node.submodel is not None:
            yield from _all_nodes(node.submodel)


NODE = re.compile(r'^\s*(n\d+)(?:\(\["|\[")(.*)(?:"\]\)|"\])$')
EDGE = re.compile(r"^\s*(n\d+) --> (n\d+)$")


def parse_mermaid(text: str) -> tuple:
    lines = text.splitlines()
    assert lines[0] == "flowchart TB"
    nodes, edges, clusters = {}, [], {}
    stack = []
    for line in lines[1:]:
        if m := NODE.match(line):
            assert '"' not in m.group(2)
            nodes[m.group(1)] = (m.group(2), stack[-1] if stack else None)
        elif m := EDGE.match(line):
            edges.append(m.groups())
        elif m := re.match(r'^\s*subgraph (c\d+)\["([^"]*)"\]$', line):
            stack.append(m.group(1))
            clusters[m.group(1)] = m.group(2)
        elif line.strip() == "end":
            stack.pop()
        else:
            assert re.match(r"^\s*(direction TB|classDef \w+ .+|class [n\d,]+ \w+)$", line), line
    assert not stack
    assert all(a in nodes and b in nodes for a, b in edges)
    return nodes, edges, clusters


def test_mermaid_structure():
    nodes, edges, _ = parse_mermaid(render(multi_input(), "mermaid"))
    names = {re.match(r"<b>(.*?)</b>", label).group(1): nid for nid, (label, _) in nodes.items()}
    assert len(nodes) == 9 and len(edges) == 8
    merge = names["merge"]
    assert {a for a, b in edges if b == merge} == {names["title_dense"], names["body_dense_2"]}
    assert {b for a, b in edges if a == names["hidden"]} == {names["priority"], names["department"]}
    assert "(None, 20)<br/>0 params" in nodes[merge][0]


def test_mermaid_nested_cluster_and_escaping():
    nodes, _, clusters = parse_mermaid(render(nested(), "mermaid"))
    (cid, label), = clusters.items()
    assert label == "encoder · Functional · 280 params"
    inside = {label.split("</b>")[0][3:] for label, c in nodes.values() if c == cid}
    assert inside == {"enc_in", "enc_hidden", "enc_out"}
    nodes, _, _ = parse_mermaid(render(nasty_model(), "mermaid"))
    assert any("a#34;b#60;c#62;#38;d\\e'f#35;g#96;" in label for label, _ in nodes.values())


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dot_parses_with_pydot():
    pydot = pytest.importorskip("pydot")
    (graph,) = pydot.graph_from_dot_data(render(nested(), "dot"))
    (cluster,) = graph.get_subgraphs()
    assert cluster.get_name() == "cluster_c1"
    assert len(cluster.get_nodes()) == 3
    assert len(graph.get_edges()) == 6
    (graph,) = pydot.graph_from_dot_data(render(nasty_model(), "dot"))
    labels = [n.get("label") for n in graph.get_nodes() if n.get("label")]
    assert any(NASTY.replace("\\", "\\\\").replace('"', '\\"') in label for label in labels)


def test_readme_picture_is_current():
    """fixtures/graph/multi_input.svg is what `kgraphlint graph` draws today
    from multi_input.py (regenerate with the command in that file)."""
    result = CliRunner().invoke(cli, ["graph", str(ROOT / "fixtures/graph/multi_input.py"), "--format", "svg"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (ROOT / "fixtures/graph/multi_input.svg").read_text()
    _, lines = texts(result.stdout)
    for name in ("title", "body", "title_dense", "body_dense_1", "body_dense_2", "merge", "hidden", "priority",
                 "department"):
        assert name in lines


TWO_MODELS = """\
from tensorflow import keras
a = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
b = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Dense(1, name="only_in_b")])
"""


def test_cli_draws_every_model_or_the_one_picked(tmp_path):
    src = tmp_path / "two.py"
    src.write_text(TWO_MODELS)
    runner = CliRunner()
    out = tmp_path / "b.svg"
    result = runner.invoke(cli, ["graph", str(src), "--format", "svg", "--model", "b", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert "only_in_b" in texts(out.read_text())[1]
    result = runner.invoke(cli, ["graph", str(src), "--model", "nope"])
    assert result.exit_code == 2 and "no model named 'nope' (models: a, b)" in result.output


def test_every_format_draws_all_models_in_one_document(tmp_path):
    (tmp_path / "two.py").write_text(TWO_MODELS)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "third.py").write_text(TWO_MODELS.replace("a = ", "c = ").replace("b = ", "d = "))
    runner = CliRunner()
    drawn = {fmt: runner.invoke(cli, ["graph", str(tmp_path), "--format", fmt]) for fmt in ("mermaid", "dot", "svg")}
    assert all(r.exit_code == 0 for r in drawn.values()), {f: r.output for f, r in drawn.items()}
    nodes, edges, clusters = parse_mermaid(drawn["mermaid"].stdout)
    assert drawn["mermaid"].stdout.count("flowchart TB") == 1
    assert sorted(label.split(" ")[0] for label in clusters.values()) == ["a", "b", "c", "d"]
    assert len(nodes) == 8 and len(edges) == 4
    pydot = pytest.importorskip("pydot")
    (graph,) = pydot.graph_from_dot_data(drawn["dot"].stdout)
    assert [c.get_name() for c in graph.get_subgraphs()] == ["cluster_c1", "cluster_c2", "cluster_c3", "cluster_c4"]
    root, lines = texts(drawn["svg"].stdout)
    assert len(root.findall(f".//{SVG}g[@class='cluster']")) == 4
    assert lines.count("only_in_b") == 2


def test_mermaid_11_parses_every_drawing(tmp_path):
    from mermaid_parser import MermaidParser, MermaidSyntaxError

    (tmp_path / "two.py").write_text(TWO_MODELS)
    several = CliRunner().invoke(cli, ["graph", str(tmp_path)]).stdout
    documents = [render(make(), "mermaid") for make in MODELS.values()] + [several]
    with MermaidParser() as mermaid:
        for text in documents:
            nodes, edges, clusters = parse_mermaid(text)
            parsed = mermaid.parse(text)
            assert sorted(parsed["vertices"]) == sorted(nodes)
            assert sorted(map(tuple, parsed["links"])) == sorted(edges)
            assert sorted(parsed["subgraphs"]) == sorted(clusters)
        with pytest.raises(MermaidSyntaxError):  # the parser does reject a broken document
            mermaid.parse(documents[0].replace('"]', "]", 1))
