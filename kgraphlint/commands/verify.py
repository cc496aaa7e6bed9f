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
    from ..engine import analyze
    from .inputs import project_modules, source_files

    modules = project_modules(paths)
    found, failed = [], []
    for path in source_files(paths):
        try:
            with open(path, encoding="utf-8") as f:
                found.append((path, analyze(f.read(), path, modules=modules)))
        except Exception as exc:
            failed.append(f"{path}: cannot analyse: {exc}")
    return found, failed


@click.command("verify")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds allowed per model build.")
@click.option("--exec-source", is_flag=True,
              help="Also RUN your modules and compare the models they build with the extraction.")
def command(paths, fmt, timeout, exec_source):
    """Rebuild each extracted model in TensorFlow (from literal values only:
    your code does not run) and check that it builds with the shapes and
    parameter counts kgraphlint prints. --exec-source checks the extraction
    itself: it runs your modules and compares the models they build.

    Exit codes: 0 all agree, 1 something disagrees, 2 a path that does not
    exist, a file that cannot be analysed, no Keras model found, or a tool
    failure such as TensorFlow missing."""
    from .. import verify as v
    from ..verify import report
    from .inputs import require_existing, select_models

    require_existing(paths)
    if not v.tensorflow_available():
        click.echo(INSTALL_HINT, err=True)
        sys.exit(2)
    if exec_source:
        click.echo(v.exec_source.WARNING, err=True)
    found, failed = analyse(paths)
    if not failed:
        select_models([m for _, ex in found for m in ex.models], None, paths)
    items = [(path, m, v.symbol_defaults(ex, m)) for path, ex in found for m in ex.models]
    tty = sys.stderr.isatty()
    try:
        with Progress("building models in TensorFlow", tty) as progress:
            results = v.verify(items, timeout, progress)
        executed = missed = None
        if exec_source:
            files = [(path, ex.models) for path, ex in found]
            with Progress("running your modules", tty) as progress:
                payloads = v.exec_source.run_files(files, timeout, progress)
            executed, missed = [], []
            for (path, ex), payload in zip(found, payloads):
                pairs = [(m, v.symbol_defaults(ex, m)) for m in ex.models]
                compared, not_found = v.exec_source.compare_file(path, pairs, payload)
                executed += compared
                missed += not_found
    except v.TensorFlowMissing:
        click.echo(INSTALL_HINT, err=True)
        sys.exit(2)
    except v.ToolFailure as exc:
        click.echo(f"kgraphlint verify: {exc}", err=True)
        sys.exit(2)
    for line in failed:
        click.echo(line, err=True)
    verdicts = report.verdicts(results, executed, missed or ())
    line, code = report.closing(verdicts, failed)
    if fmt == "json":
        doc = {"models": [r.to_json() for r in verdicts], "errors": failed, "summary": line}
        click.echo(json.dumps(doc, indent=2))
    else:
        click.echo(report.text(verdicts, failed, exec_source))
    sys.exit(code)
