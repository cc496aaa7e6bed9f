"""Suppression comments, as ruff reads them.

``# noqa`` (all codes) or ``# noqa: KG201, KG202`` on the line where a
diagnostic starts or on the last line of the statement holding it; and a
file-level ``# kgraphlint: noqa`` (optionally ``: KG201``) on a line of its own.
"""

from __future__ import annotations

import io
import re
import tokenize

NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
FILE_NOQA = re.compile(r"^#\s*kgraphlint\s*:\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
ALL = "*"


def _codes(text: str | None):
    if not text:
        return ALL
    return {c.upper() for c in re.split(r"[,\s]+", text.strip()) if c}


class Suppressions:
    def __init__(self, source: str):
        self.by_line: dict = {}  # line -> ALL | set of codes
        self.file_codes = set()
        self.file_all = False
        self.statement_end: dict = {}  # physical line -> last line of its statement
        self._scan(source)

    def _scan(self, source: str):
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        except (tokenize.TokenError, SyntaxError, IndentationError):
            return
        start = None
        for tok in tokens:
            if tok.type == tokenize.COMMENT:
                self._comment(tok.string, tok.start[0])
            elif tok.type in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING):
                continue
            elif tok.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                if start is not None:
                    for line in range(start, tok.start[0] + 1):
                        self.statement_end[line] = tok.start[0]
                start = None
            elif start is None:
                start = tok.start[0]

    def _comment(self, text: str, line: int):
        match = FILE_NOQA.match(text)
        if match:
            codes = _codes(match.group("codes"))
            if codes == ALL:
                self.file_all = True
            else:
                self.file_codes |= codes
            return
        match = NOQA.search(text)
        if match:
            self.by_line[line] = _codes(match.group("codes"))

    def _line_covers(self, line: int, code: str) -> bool:
        codes = self.by_line.get(line)
        return codes is not None and (codes == ALL or code in codes)

    def suppresses(self, code: str, line: int) -> bool:
        if self.file_all or code in self.file_codes:
            return True
        end = self.statement_end.get(line, line)
        return self._line_covers(line, code) or self._line_covers(end, code)
