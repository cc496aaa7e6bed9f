"""``kgraphlint server``: start the language server on stdio. It ships in
the ``lsp`` extra (pygls), so the core install stays small."""

from __future__ import annotations

import sys

import click


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--stdio", is_flag=True, help="Talk LSP over stdin/stdout (the default and only transport).")
def command(stdio):
    """Run the kgraphlint language server (LSP over stdio) for an editor."""
    try:
        from ..server import main
    except ImportError as exc:
        click.echo(f"kgraphlint: error: the language server needs pygls ({exc}); "
                   "install it with: pip install 'kgraphlint[lsp]'", err=True)
        sys.exit(2)
    main()
