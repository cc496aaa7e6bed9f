"""The process's deep-stack thread (kgraphlint/deepstack.py): one thread for
every file, a raised recursion limit only while the interpreter runs."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from kgraphlint.deepstack import on_deep_stack
from kgraphlint.extract import extract
from kgraphlint.infer import infer


def test_one_thread_serves_every_call():
    seen = []
    for _ in range(3):
        on_deep_stack(lambda: seen.append(threading.get_ident()))
    assert len(set(seen)) == 1 and seen[0] != threading.get_ident()


def test_the_limit_is_raised_only_while_asked_for_and_restored():
    limit = sys.getrecursionlimit()
    inside = []
    on_deep_stack(lambda: inside.append(sys.getrecursionlimit()))
    on_deep_stack(lambda: inside.append(sys.getrecursionlimit()), deep_recursion=False)
    assert inside[0] > limit and inside[1] == limit
    assert sys.getrecursionlimit() == limit


def test_a_call_from_the_thread_runs_inline_and_an_error_reaches_the_caller():
    order = []

    def outer():
        on_deep_stack(lambda: order.append("inner"))
        order.append("outer")

    on_deep_stack(outer, deep_recursion=False)
    assert order == ["inner", "outer"]

    def fails():
        raise ValueError("from the thread")

    with pytest.raises(ValueError, match="from the thread"):
        on_deep_stack(fails)


def test_recursion_deeper_than_the_main_thread_allows():
    def depth(n):
        return 0 if n == 0 else 1 + depth(n - 1)

    out = []
    on_deep_stack(lambda: out.append(depth(20_000)))
    assert out == [20_000]


def test_deep_code_is_still_analysed():
    units = "1" + " + 1" * 400
    source = ("import keras\nfrom keras import layers\ninputs = keras.Input((4,))\n"
              f"units = {units}\nmodel = keras.Model(inputs, layers.Dense(units)(inputs))\n")
    (model,) = extract(source, "deep.py").models
    infer(model)
    dense = [n for n in model.nodes() if n.cls == "Dense"]
    assert dense and dense[0].output_shapes == [(None, 401)]


def test_a_file_too_deep_for_python_is_reported_as_such(tmp_path):
    """The runner's job on the thread keeps Python's own recursion limit, so a
    file Python cannot parse is not parsed here either."""
    from kgraphlint.config import load_settings
    from kgraphlint.runner import lint_file

    path = tmp_path / "deep.py"
    path.write_text("import keras\nmodel = keras.Sequential()\nx = 1" + " + 1" * 5000 + "\n")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)  # Python's default, as the CLI runs (another test may have raised it)
    try:
        result = lint_file(str(path), load_settings([str(tmp_path)]), None, False)
    finally:
        sys.setrecursionlimit(limit)
    assert [d.code for d in result.diagnostics] == ["KG001"]
    assert "too deeply nested" in result.diagnostics[0].message


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_forked_child_starts_its_own_thread():
    on_deep_stack(lambda: None)  # the parent's thread exists before the fork
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: threads do not survive a fork, so a new one must serve
        try:
            out = []
            on_deep_stack(lambda: out.append(threading.current_thread().name))
            os.write(write, (out[0] if out else "none").encode())
        finally:
            os._exit(0)
    os.close(write)
    name = os.read(read, 100).decode()
    os.waitpid(pid, 0)
    assert name == "kgraphlint-deep-stack"
