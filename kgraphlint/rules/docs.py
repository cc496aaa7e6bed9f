"""The rule pages (top-level ``rules/``, shipped as ``kgraphlint/rule_docs``)."""

from __future__ import annotations

import re
from importlib import resources


def _docs_dir():
    return resources.files("kgraphlint") / "rule_docs"


def page_name(rule) -> str:
    return f"{rule.code}-{rule.name}.md"


def page(rule) -> str | None:
    path = _docs_dir() / page_name(rule)
    return path.read_text(encoding="utf-8") if path.is_file() else None


def pages() -> list:
    """Names of every page present."""
    return sorted(p.name for p in _docs_dir().iterdir() if p.name.endswith(".md"))


def section(text: str, title: str) -> str:
    """The body of one ``## title`` section, stripped."""
    match = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def code_blocks(text: str, tag: str) -> list:
    """Bodies of fenced blocks opened with ```python <tag>."""
    return re.findall(rf"^```python {tag}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
