"""`kgraphlint verify PATHS`: build every model in TensorFlow, compare with
the static results. Exit 0 all agree, 1 something disagrees, 2 tool failure."""

from __future__ import annotations

import json
import sys
import threading
import time

import click

INSTALL_HINT = "kgraphlint verify needs TensorFlow: pip install 'kgraphlint[verify]'"
class Progress:
    """A one-line counter on stderr while TensorFlow works; silent off a TTY."""

    def __init__(self, what: str, enabled: bool):
        self.what, self.enabled = what, enabled
        self.done = self.total = 0
        self.start = time.monotonic()
        self._stop = threading.Event()

    def __call__(self, done, total):
        self.done, self.total = done, total

    def _draw(self):
        spin = "|/-\\"
        i = 0
        while not self._stop.wait(0.2):
            i += 1
            count = f" {self.done}/{self.total}" if self.total else ""
            elapsed = time.monotonic() - self.start
            sys.stderr.write(f"\r{spin[i % 4]} {self.what}{count} ({elapsed:.0f} s)")
            sys.stderr.flush()

    def __enter__(self):
        if self.enabled:
            threading.Thread(target=self._draw, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def analyse(paths) -> tuple:
    """[(path, extraction)] and the files that could not be analysed; files
    are found as `kgraphlint check` finds them (excludes, .gitignore)."""
    from ..config import ConfigError, load_settings
    from ..discovery import discover
    from ..engine import analyze

    found, failed = [], []
    try:
        entries = discover(paths, load_settings(paths))
    except ConfigError as exc:
        return [], [f"kgraphlint verify: {exc}"]
    from ..notebook import is_notebook

    for entry in entries:
        path = entry.path
        if entry.reason:
            failed.append(f"{path}: {entry.reason}")
            continue
        if is_notebook(path):  # check, summary, graph and rewrite read notebooks; verify does not yet
            print(f"kgraphlint verify: skipped {path}: notebooks are not verified", file=sys.stderr)
            continue
        try:
            with open(path, encoding="utf-8") as f:
                found.append((path, analyze(f.read(), path)))
        except Exception as exc:  # noqa: BLE001  (a file we cannot read or parse is a tool failure)
            failed.append(f"{path}: cannot analyse: {exc}")
    return found, failed


def _text_block(result, out):
    head = f"{result.path}:{result.line} {result.name}: {result.status}"
    if result.reason:
        head += f": {result.reason}"
    elif result.status == "agree":
        head += f" ({result.checked} layer{'' if result.checked == 1 else 's'})"
    out.append(head)
    out.extend(f"    note: {note}" for note in result.notes)
    if result.differences:
        rows = [("layer", "class", "what", "static", "keras")]
        rows += [(d.layer, d.cls, d.what, d.static, d.keras) for d in result.differences]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for r in rows:
            out.append("    " + "  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[4])


def _summary(results) -> str:
    counts = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    parts = ", ".join(f"{n} {s}" for s, n in counts.items())
    return f"{len(results)} model{'s' if len(results) != 1 else ''}" + (f": {parts}" if parts else "")


@click.command("verify")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds allowed per model build.")
@click.option("--exec-source", is_flag=True, help="Also RUN your modules and compare the models they build.")
def command(paths, fmt, timeout, exec_source):
    """Check the static shapes and parameter counts by building each model
    in TensorFlow (from literal values only: your code does not run)."""
    from .. import verify as v

    if not v.tensorflow_available():
        click.echo(INSTALL_HINT, err=True)
        sys.exit(2)
    if exec_source:
        click.echo(v.exec_source.WARNING, err=True)
    found, failed = analyse(paths)
    items = [(path, m, v.symbol_defaults(ex, m)) for path, ex in found for m in ex.models]
    tty = sys.stderr.isatty()
    try:
        with Progress("building models in TensorFlow", tty) as progress:
            results = v.verify(items, timeout, progress)
        executed = []
        if exec_source:
            files = [(path, ex.models) for path, ex in found]
            with Progress("running your modules", tty) as progress:
                payloads = v.exec_source.run_files(files, timeout, progress)
            for (path, ex), payload in zip(found, payloads):
                pairs = [(m, v.symbol_defaults(ex, m)) for m in ex.models]
                executed.extend(v.exec_source.compare_file(path, pairs, payload))
    except v.TensorFlowMissing:
        click.echo(INSTALL_HINT, err=True)
        sys.exit(2)
    except v.ToolFailure as exc:
        click.echo(f"kgraphlint verify: {exc}", err=True)
        sys.exit(2)
    for line in failed:
        click.echo(line, err=True)
    if fmt == "json":
        doc = {"models": [r.to_json() for r in results], "errors": failed}
        if exec_source:
            doc["exec_source"] = [r.to_json() for r in executed]
        click.echo(json.dumps(doc, indent=2))
    else:
        lines: list = []
        for r in results:
            _text_block(r, lines)
        if exec_source:
            lines.append("--exec-source (the models your code built):")
            for r in executed:
                _text_block(r, lines)
        lines.append(_summary(results))
        click.echo("\n".join(lines))
    if failed:
        sys.exit(2)
    if any(r.status == "disagree" for r in results + executed):
        sys.exit(1)
