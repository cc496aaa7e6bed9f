"""``kgraphlint rule CODE`` prints the rule's page; ``--all`` lists every rule."""

from __future__ import annotations

import sys

import click


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule: code, name, severity, fix.")
def command(code, show_all):
    """Explain rule CODE (e.g. KG201), or list them all with --all."""
    from ..rules import all_rules, get_rule
    from ..rules.docs import page

    if show_all:
        rows = [(r.code, r.name, r.severity, r.fixable or "-") for r in all_rules()]
        widths = [max(len(row[i]) for row in rows + [("code", "name", "severity", "fix")]) for i in range(4)]
        for row in [("code", "name", "severity", "fix")] + rows:
            click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        return
    if not code:
        raise click.UsageError("give a rule code (e.g. KG201) or --all")
    rule = get_rule(code)
    if rule is None:
        click.echo(f"kgraphlint: error: unknown rule {code!r}; `kgraphlint rule --all` lists them", err=True)
        sys.exit(2)
    click.echo(page(rule) or f"{rule.code} ({rule.name}): {rule.summary}")
