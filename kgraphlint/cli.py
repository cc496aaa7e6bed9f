"""The command line: a thin click group whose subcommands load on demand,
so that `kgraphlint check` never pays for what `verify` or `rewrite` import."""

from __future__ import annotations

import importlib
import sys

import click

from . import __version__

# name -> (module under kgraphlint.commands, one-line help)
COMMANDS = {
    "check": ("check", "Lint Keras model code (the rule catalogue)."),
    "summary": ("summary", "Print model.summary() for every model, statically."),
    "rule": ("rule", "Explain a rule, or list them all with --all."),
    "rewrite": ("rewrite", "Rewrite models Sequential <-> Functional."),
    "graph": ("graph", "Draw a model as Mermaid, DOT or SVG."),
    "verify": ("verify", "Check the static results by building the models in TensorFlow."),
    "diff": ("diff", "Compare models with a git revision (or two files): params, shapes, layers."),
    "server": ("server", "Run the language server (LSP over stdio; needs kgraphlint[lsp])."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module_name, _ = COMMANDS[name]
        try:
            module = importlib.import_module(f"{__package__}.commands.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__package__}.commands.{module_name}":
                return None
            raise
        return module.command

    def format_commands(self, ctx, formatter):
        rows = [(name, help_) for name, (_, help_) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kgraphlint")
def cli():
    """kgraphlint: understand Keras models from source, without TensorFlow."""


def main(argv=None):
    try:
        cli.main(args=argv, prog_name="kgraphlint", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
