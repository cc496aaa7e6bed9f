"""Jupyter notebooks (``.ipynb``) as one Python module, and back.

A notebook is read as Jupyter's own ``nbformat`` reads it: a well-formed
nbformat 4 file with the standard library's ``json`` exactly as nbformat's
v4 reader does (``_plain_v4``; a test holds the two equal), anything else
by nbformat itself, which then words the error. nbformat is imported only
there and to validate what a fix writes. Its code cells, in order, form
one module (``Notebook.source``) that the pure engine analyses like a file;
markdown and raw cells are left out. Each cell is preceded by a marker
comment line, ``# <kgraphlint cell N>``, so a transformed module (a fix, a
rewrite) can be split back into its cells. IPython syntax that is not Python
(``%matplotlib inline``, ``%%time``, ``!pip install``, ``x?``, ``y = !ls``)
is masked line for line with placeholders (``pass``, an assignment from
IPython's ``get_ipython()``, or a comment), so line and column numbers of
every other line are unchanged and the magics come back verbatim when the
cell is written. A cell that starts with a cell magic running other code
(``%%bash``, ``%%writefile``, ``%%html``…) is masked whole.

Positions. A cell is numbered as ruff numbers it: its 1-based index among
*all* cells of the notebook, markdown included. Lines and columns inside a
cell are 1-based, columns in characters, like the engine's.

API, for the runner, the reporters, the commands and an editor integration:

- ``is_notebook(path)``: does the path name a notebook.
- ``read_notebook(text) -> Notebook``; raises ``NotebookError`` (with
  ``line``/``column`` in the file) for invalid JSON, a notebook without a
  ``cells`` list, nbformat 3 or older, or a malformed cell.
- ``Notebook.from_cells([(number, source), ...])``: the same from the cells
  an editor sends (no file text: positions and lint only).
- ``Notebook.source``: the module; ``Notebook.cells``: the code cells
  (``Cell``: ``number``, ``source``, ``first_line`` in the module, ``lines``).
- ``Notebook.locate(line) -> (cell number, line in cell)`` or ``None`` for a
  marker line; ``Notebook.module_line(cell, line)``: the inverse.
- ``Notebook.map_diagnostic(d)``: a module diagnostic in cell coordinates
  (``d.cell`` set); ``Notebook.lint(path, settings)``: ``lint_source`` on the
  module, mapped.
- ``Notebook.split(new_module) -> {cell number: new cell source}`` for the
  cells a transformation changed, magics restored; raises ``NotebookError``
  when the change crosses a cell boundary or touches a masked line.
- ``Notebook.with_sources(changes) -> str``: the file's text with only those
  cells' ``source`` values replaced, every other byte kept, in the layout the
  file already uses; ``validate(text)`` checks a result with nbformat.
- ``Notebook.changes_to(other)``: the cells whose source differs in
  ``other``; ``Notebook.diff(changes, name)``: a unified diff per changed
  cell, headed ``a/name:cell N`` as ruff prints it.
- ``load(path) -> (module source, Notebook or None)`` for commands that take
  a path (summary, graph): a ``.py`` file's text, or a notebook's module.
- ``Notebook.file_position(cell, line, column) -> (line, column)`` in the
  ``.ipynb`` file itself (inside the JSON string holding that character),
  for formats that can only point at lines of the file (SARIF, GitHub,
  GitLab).
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, replace
from functools import cached_property

SUFFIX = ".ipynb"
CELL_MARKER = "# <kgraphlint cell {}>"
_MAGIC_PREFIX = "# <kgraphlint magic "
_MAGIC_TAG = _MAGIC_PREFIX + "{}>"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# Cell magics whose body runs as Python in the kernel's namespace; any other
# cell magic (%%bash, %%writefile, %%html, ...) hides the whole cell.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
# A cheap first look: a cell without any of these has no IPython syntax.
_MAYBE_MAGIC = re.compile(r"^[ \t]*[%!?]|\?[ \t]*(?:#[^\r\n]*)?\r?$|^[ \t]*[\w.]+[ \t]*=[ \t]*[%!]", re.MULTILINE)
_ASSIGNED_MAGIC = re.compile(r"^([ \t]*[A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*[ \t]*=)[ \t]*[%!]")


def is_notebook(path: str) -> bool:
    return str(path).lower().endswith(SUFFIX)


class NotebookError(ValueError):
    """The file is not a notebook kgraphlint can read, or a change cannot be
    written back; ``line``/``column`` locate the problem in the file."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.line, self.column = line, column


@dataclass(frozen=True)
class Cell:
    number: int  # 1-based index among all cells
    source: str  # as in the notebook
    masked: str  # as the engine sees it: same lines, magics replaced
    first_line: int  # line of the module holding the cell's line 1
    lines: int


def split_lines(text: str) -> list:
    """Lines with their endings, split where Python splits them (\\n, \\r\\n, \\r)."""
    return _LINE.findall(text)


def read_notebook(text: str) -> Notebook:
    nb = _plain_v4(text)
    if nb is None:
        nb = _read_with_nbformat(text)
    version = nb.get("nbformat")
    if version != 4:
        raise NotebookError(f"nbformat {version} notebook: kgraphlint reads nbformat 4, which Jupyter has "
                            "written since 2015; open and save it in Jupyter (or `jupyter nbconvert --to "
                            "notebook`) to upgrade it")
    cells = nb.get("cells")
    if not isinstance(cells, list):
        raise NotebookError("not a notebook: no `cells` list")
    return Notebook(text, _code_cells(cells), _language(nb))


def _read_with_nbformat(text: str):
    from nbformat import NBFormatError, ValidationError
    from nbformat.reader import NotJSONError, reads

    try:
        return reads(text)
    except NotJSONError:
        try:
            json.loads(text)
        except ValueError as exc:
            line, column = getattr(exc, "lineno", 1), getattr(exc, "colno", 1)
            raise NotebookError(f"not a notebook: invalid JSON: {getattr(exc, 'msg', exc)}", line, column) from None
        raise NotebookError("not a notebook: invalid JSON") from None
    except ValidationError as exc:
        raise NotebookError(f"not a notebook: {_first_line(exc.message)}") from None
    except NBFormatError as exc:
        raise NotebookError(f"not a notebook kgraphlint can read: {exc}") from None
    except RecursionError:
        raise NotebookError("not a notebook: the JSON is nested too deeply to read") from None
    except (AttributeError, TypeError, KeyError, ValueError):
        raise NotebookError("not a notebook: the JSON is not a notebook object") from None


def _plain_v4(text: str) -> dict | None:
    """The notebook as nbformat's v4 reader reads it (``json.loads``, then
    ``rejoin_lines`` and ``strip_transient``, which for the cells' sources
    and the metadata we read change nothing but list sources into text),
    without importing nbformat: its import (jsonschema, traitlets) costs a
    one-notebook run more than the reading. None wherever nbformat's reader
    could object or read differently (another version, a missing or
    mistyped field it touches): nbformat then reads it and words the error."""
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not (isinstance(nb, dict) and nb.get("nbformat") == 4 and isinstance(nb.get("metadata"), dict)
            and isinstance(nb.get("cells"), list)):
        return None
    for cell in nb["cells"]:
        if not (isinstance(cell, dict) and isinstance(cell.get("metadata"), dict) and _texts(cell.get("source", ""))
                and _bundles(cell.get("attachments", {}))):
            return None
        if cell.get("cell_type") == "code" and not _outputs(cell.get("outputs", [])):
            return None
    return nb


def _texts(value) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(s, str) for s in value))


def _bundles(attachments) -> bool:
    return isinstance(attachments, dict) and all(isinstance(b, dict) for b in attachments.values())


def _outputs(outputs) -> bool:
    """Outputs that nbformat's ``rejoin_lines`` walks without an error."""
    if not isinstance(outputs, list):
        return False
    for output in outputs:
        if not isinstance(output, dict) or not isinstance(output.get("output_type", ""), str):
            return False
        if output.get("output_type") in ("execute_result", "display_data"):
            if not isinstance(output.get("data", {}), dict):
                return False
        elif output.get("output_type") and isinstance(output.get("text"), list) and not _texts(output["text"]):
            return False
    return True


def _first_line(text: str) -> str:
    return str(text).strip().splitlines()[0] if str(text).strip() else "invalid notebook"


def _language(nb) -> str:
    metadata = nb.get("metadata") or {}
    info = metadata.get("language_info") or {}
    kernel = metadata.get("kernelspec") or {}
    name = info.get("name") or kernel.get("language") or "python"
    return str(name).lower()


def _code_cells(cells) -> tuple:
    sources = []
    for index, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise NotebookError(f"not a notebook: cell {index} is not an object")
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise NotebookError(f"not a notebook: the source of cell {index} is not text")
        sources.append((index, source))
    return _index(sources)


def _index(sources) -> tuple:
    """Cells from (number, source) pairs: masked, and placed in the module."""
    out, line, tag = [], 1, [0]
    for number, source in sources:
        count = len(split_lines(source))
        out.append(Cell(number, source, _mask(source, tag), line + 1, count))
        line += 1 + count
    return tuple(out)


class Notebook:
    def __init__(self, text: str, cells: tuple, language: str = "python"):
        self.text = text
        self.cells = cells
        self.language = language
        self._starts = [c.first_line for c in cells]
        self._by_number = {c.number: c for c in cells}

    @classmethod
    def from_cells(cls, sources) -> Notebook:
        """A notebook from its code cells' (number, source) pairs, as an editor
        sends them (LSP notebook documents); it has no file text to write to."""
        return cls("", _index(sources))

    @cached_property
    def source(self) -> str:
        parts = []
        for cell in self.cells:
            parts.append(CELL_MARKER.format(cell.number) + "\n")
            parts.append(cell.masked)
            if cell.masked and not cell.masked.endswith(("\n", "\r")):
                parts.append("\n")
        return "".join(parts)

    @property
    def is_python(self) -> bool:
        return self.language in ("python", "python3", "ipython", "ipython3")

    # -- positions -------------------------------------------------------
    def locate(self, line: int):
        """(cell number, line in cell) of a module line; None on a marker line."""
        i = bisect.bisect_right(self._starts, line) - 1
        if i < 0:
            return None
        cell = self.cells[i]
        row = line - cell.first_line + 1
        if row > cell.lines and i + 1 < len(self.cells):
            return None  # the next cell's marker
        return cell.number, max(1, min(row, max(cell.lines, 1)))

    def module_line(self, cell_number: int, line: int) -> int:
        return self._by_number[cell_number].first_line + line - 1

    def map_diagnostic(self, d):
        where = self.locate(d.line)
        if where is None:  # a whole-file finding (KG000 at 1:1)
            return replace(d, line=1, column=1, end_line=1, end_column=1, fix=None, cell=None)
        cell, line = where
        end = self.locate(d.end_line)
        if end is None or end[0] != cell:
            end_line, end_column = line, len(_line_text(self._by_number[cell].source, line)) + 1
        else:
            end_line, end_column = end[1], d.end_column
        return replace(d, cell=cell, line=line, end_line=end_line, end_column=end_column,
                       fix=self._map_fix(d.fix, cell))

    def _map_fix(self, fix, cell: int):
        if fix is None or fix.edits is None:  # no fix, or one whose edits were not built
            return fix
        edits = []
        for e in fix.edits:
            start, end = self.locate(e.line), self.locate(e.end_line)
            if start is None or end is None or start[0] != cell or end[0] != cell:
                return None  # an edit across cells cannot be shown in cell coordinates
            edits.append(replace(e, line=start[1], end_line=end[1]))
        return replace(fix, edits=tuple(edits))

    def lint(self, path: str, settings=None, fix_edits: bool = True, modules=None) -> list:
        """Every diagnostic of the module, in cell coordinates (pure; ``modules``
        as ``lint_source`` takes them)."""
        from .rules import lint_source

        return [self.map_diagnostic(d) for d in lint_source(self.source, path, settings, fix_edits, modules)]

    # -- writing back ----------------------------------------------------
    def split(self, module: str) -> dict:
        """{cell number: new source} for each cell whose text ``module`` changes."""
        lines = split_lines(module)
        bounds = []
        for cell in self.cells:
            marker = CELL_MARKER.format(cell.number)
            found = [i for i, text in enumerate(lines) if text.rstrip("\r\n") == marker]
            if len(found) != 1 or (bounds and found[0] < bounds[-1]):
                raise NotebookError(f"the change moves code across the boundary of cell {cell.number}; "
                                    "not written")
            bounds.append(found[0])
        changes = {}
        placeholders = self._placeholders
        for i, cell in enumerate(self.cells):
            end = bounds[i + 1] if i + 1 < len(bounds) else len(lines)
            body = lines[bounds[i] + 1:end]
            if "".join(body) == cell.masked + ("" if not cell.masked or cell.masked.endswith(("\n", "\r")) else "\n"):
                continue
            restored, seen = [], []
            for text in body:
                bare = text.rstrip("\r\n")
                if bare in placeholders:
                    seen.append(bare)
                    text = placeholders[bare] + text[len(bare):]
                restored.append(text)
            own = [t.rstrip("\r\n") for t in split_lines(cell.masked) if t.rstrip("\r\n") in placeholders]
            if seen != own:
                raise NotebookError(f"the change touches an IPython magic in cell {cell.number}; not written")
            new = "".join(restored)
            if not cell.source.endswith(("\n", "\r")) and new.endswith("\n"):
                new = new[:-1]  # the line break the module added after the cell's last line
            if new != cell.source:
                changes[cell.number] = new
        return changes

    @cached_property
    def _placeholders(self) -> dict:
        out = {}
        for cell in self.cells:
            for masked, original in zip(split_lines(cell.masked), split_lines(cell.source)):
                bare = masked.rstrip("\r\n")
                if bare != original.rstrip("\r\n"):
                    out[bare] = original.rstrip("\r\n")
        return out

    def diff(self, changes: dict, name: str) -> str:
        import difflib

        out = []
        for number in sorted(changes):
            old = self._by_number[number].source
            for line in difflib.unified_diff(old.splitlines(keepends=True), changes[number].splitlines(keepends=True),
                                             f"a/{name}:cell {number}", f"b/{name}:cell {number}"):
                # Jupyter stores a cell's last line without a line break
                out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of cell\n")
        return "".join(out)

    def changes_to(self, other: Notebook) -> dict:
        """{cell number: source in ``other``} where the same code cell differs."""
        theirs = {c.number: c.source for c in other.cells}
        return {c.number: theirs[c.number] for c in self.cells
                if c.number in theirs and theirs[c.number] != c.source}

    def with_sources(self, changes: dict) -> str:
        """The file's text with the given cells' sources replaced, nothing else."""
        if not changes:
            return self.text
        spans = self._raw_sources
        ascii_only = self.text.isascii() and "\\u" in self.text
        out, pos = [], 0
        for number in sorted(changes):
            if number not in spans:
                raise NotebookError(f"cannot find cell {number}'s source in the file's JSON; not written")
            start, end, _ = spans[number]
            out.append(self.text[pos:start])
            out.append(_encode_source(self.text, start, end, changes[number], ascii_only))
            pos = end
        out.append(self.text[pos:])
        return "".join(out)

    def file_position(self, cell_number: int, line: int, column: int) -> tuple:
        """(line, column) in the .ipynb file of a character of a cell."""
        cell = self._by_number.get(cell_number)
        if cell is None:
            return 1, 1
        offset = 0
        for i, text in enumerate(split_lines(cell.source), start=1):
            if i == line:
                break
            offset += len(text)
        offset += column - 1
        if cell_number not in self._raw_sources:
            return 1, 1  # the JSON text has the cell elsewhere than nbformat read it (duplicate keys)
        start, _, pieces = self._raw_sources[cell_number]
        raw = start  # an empty source: its value
        for i, (token_start, decoded) in enumerate(pieces):
            if offset < len(decoded) or i == len(pieces) - 1:
                raw = _raw_offset(self.text, token_start, max(0, min(offset, len(decoded))))
                break
            offset -= len(decoded)
        row = self.text.count("\n", 0, raw) + 1
        return row, raw - (self.text.rfind("\n", 0, raw) + 1) + 1

    @cached_property
    def _raw_sources(self) -> dict:
        """{cell number: (start, end, [(string token start, decoded text)])} of each
        code cell's ``source`` value in the file's text."""
        try:
            return _scan_sources(self.text)
        except (ValueError, IndexError) as exc:
            raise NotebookError(f"cannot locate the cells in the file's JSON: {exc}") from None


def load(path: str) -> tuple:
    """(Python source, Notebook or None) of a file; raises OSError,
    UnicodeDecodeError or NotebookError."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if not is_notebook(path):
        return text, None
    notebook = read_notebook(text)
    return notebook.source, notebook


def validate(text: str) -> None:
    """Raise NotebookError unless ``text`` is a notebook nbformat validates."""
    import warnings

    import nbformat

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat warns about what it would repair; the check decides
            nbformat.validate(nbformat.reader.reads(text))
    except (nbformat.ValidationError, nbformat.NBFormatError, ValueError) as exc:
        message = _first_line(getattr(exc, "message", None) or exc)
        raise NotebookError(f"the result does not validate with nbformat: {message}") from None


def _line_text(source: str, line: int) -> str:
    lines = split_lines(source)
    return lines[line - 1].rstrip("\r\n") if 0 < line <= len(lines) else ""


# -- masking IPython syntax --------------------------------------------------

def _mask(source: str, tag: list) -> str:
    lines = split_lines(source)
    cell_magic = re.match(r"[ \t]*%%(\w*)", lines[0]) if lines else None
    if cell_magic and cell_magic.group(1) not in PYTHON_CELL_MAGICS:
        return "".join(_comment(t, tag) for t in lines)  # not Python: hidden whole
    if not cell_magic and not _MAYBE_MAGIC.search(source):
        return source
    out = []
    state = _Scanner()
    continues_magic = False
    for number, text in enumerate(lines):
        if continues_magic:
            out.append(_comment(text, tag))
            continues_magic = text.rstrip("\r\n").endswith("\\")
            continue
        at_start = state.at_statement_start()
        code = state.feed(text)
        stripped = code.strip()
        if cell_magic and number == 0:
            out.append(_comment(text, tag))
        elif at_start and stripped and (stripped[0] in "%!?" or stripped.endswith("?")):
            out.append(_statement(text, tag))
            continues_magic = text.rstrip("\r\n").endswith("\\")
            state.reset()
        elif at_start and _ASSIGNED_MAGIC.match(code):
            out.append(_assignment(text, _ASSIGNED_MAGIC.match(code).group(1), tag))
            continues_magic = text.rstrip("\r\n").endswith("\\")
            state.reset()
        else:
            out.append(text)
    return "".join(out)


def _ending(text: str) -> str:
    return text[len(text.rstrip("\r\n")):]


def _next_tag(tag: list) -> str:
    tag[0] += 1
    return _MAGIC_TAG.format(tag[0])


def _comment(text: str, tag: list) -> str:
    return _next_tag(tag) + _ending(text)


def _statement(text: str, tag: list) -> str:
    indent = text[:len(text) - len(text.lstrip(" \t"))]
    return f"{indent}pass  {_next_tag(tag)}{_ending(text)}"


def _assignment(text: str, target: str, tag: list) -> str:
    # What IPython runs, spelled without a free name (KG301 would call `get_ipython` undefined)
    return f'{target.rstrip()} __import__("IPython").get_ipython()  {_next_tag(tag)}{_ending(text)}'


class _Scanner:
    """Just enough of Python's tokenizer to know whether a line starts a
    statement: open brackets, triple-quoted strings, backslash continuations."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.depth = 0
        self.triple = None
        self.continued = False

    def at_statement_start(self) -> bool:
        return self.depth == 0 and self.triple is None and not self.continued

    def feed(self, text: str) -> str:
        """Advance over one line; returns its code outside strings' continuation and comments."""
        line = text.rstrip("\r\n")
        i, n, code_end = 0, len(line), len(line)
        while i < n:
            if self.triple:
                close = line.find(self.triple, i)
                if close < 0:
                    i = n
                    break
                i = close + 3
                self.triple = None
                continue
            ch = line[i]
            if ch == "#":
                code_end = i
                break
            if ch in "\"'":
                if line.startswith(ch * 3, i):
                    self.triple = ch * 3
                    i += 3
                    continue
                i = _string_end(line, i)
                continue
            if ch in "([{":
                self.depth += 1
            elif ch in ")]}":
                self.depth = max(0, self.depth - 1)
            i += 1
        self.continued = self.triple is None and line[:code_end].endswith("\\")
        return line[:code_end]


def _string_end(line: str, i: int) -> int:
    quote, i = line[i], i + 1
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            return i + 1
        i += 1
    return i


# -- the file's JSON, by position ---------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()


def _entries(text: str, pos: int, opening: str, on_entry) -> int:
    """Walk the object or array opening at ``pos``; ``on_entry(pos)`` reads one
    entry and returns where it ends. Returns the end of the container."""
    closing = "}" if opening == "{" else "]"
    if text[pos] != opening:
        raise ValueError(f"expected {opening!r} at offset {pos}")
    pos = _skip(text, pos + 1)
    if text[pos] == closing:
        return pos + 1
    while True:
        pos = _skip(text, on_entry(pos))
        if text[pos] == closing:
            return pos + 1
        pos = _skip(text, pos + 1)  # the comma


def _members(text: str, pos: int, on_value) -> int:
    """The object at ``pos``; ``on_value(key, value_pos)`` returns the value's end."""
    from json.decoder import scanstring

    def member(pos):
        key, pos = scanstring(text, pos + 1)
        return on_value(key, _skip(text, _skip(text, pos) + 1))  # past the colon

    return _entries(text, pos, "{", member)


def _items(text: str, pos: int, on_item) -> int:
    """The array at ``pos``; ``on_item(index, pos)`` returns the item's end."""
    from itertools import count

    index = count()
    return _entries(text, pos, "[", lambda p: on_item(next(index), p))


def _scan_sources(text: str) -> dict:
    from json.decoder import scanstring

    skip = json.JSONDecoder().raw_decode
    found: dict = {}

    def string(pos):
        decoded, end = scanstring(text, pos + 1)
        return (pos, decoded), end

    def cell(index, pos):
        record: dict = {}

        def member(key, value_pos):
            if key == "source":
                if text[value_pos] == '"':
                    piece, end = string(value_pos)
                    record["source"] = (value_pos, end, [piece])
                    return end
                pieces = []

                def item(_, p):
                    piece, end = string(p)
                    pieces.append(piece)
                    return end

                end = _items(text, value_pos, item)
                record["source"] = (value_pos, end, pieces)
                return end
            if key == "cell_type" and text[value_pos] == '"':
                record["type"], end = scanstring(text, value_pos + 1)
                return end
            return skip(text, value_pos)[1]

        end = _members(text, pos, member)
        if record.get("type") == "code":
            found[index + 1] = record.get("source", (pos, pos, []))
        return end

    def top(key, pos):
        if key == "cells":
            return _items(text, pos, cell)
        return skip(text, pos)[1]

    _members(text, _skip(text, 0), top)
    return found


def _raw_offset(text: str, token_start: int, chars: int) -> int:
    """Offset in ``text`` of decoded character ``chars`` of the JSON string at ``token_start``."""
    pos = token_start + 1
    for _ in range(chars):
        if text[pos] != "\\":
            pos += 1
        elif text[pos + 1] != "u":
            pos += 2
        elif 0xD800 <= int(text[pos + 2:pos + 6], 16) < 0xDC00 and text.startswith("\\u", pos + 6):
            pos += 12  # a surrogate pair is one character in Python
        else:
            pos += 6
    return pos


def _encode_source(text: str, start: int, end: int, source: str, ascii_only: bool) -> str:
    """``source`` as a JSON value laid out like the one at text[start:end]."""
    if text[start] == '"':
        return json.dumps(source, ensure_ascii=ascii_only)
    items = [json.dumps(line, ensure_ascii=ascii_only) for line in source.splitlines(keepends=True)]
    old = text[start + 1:end - 1]
    if not items:
        return "[]"
    if old.strip() and "\n" not in old:  # written on one line
        return "[" + (", " if ", " in old else ",").join(items) + "]"
    if old.strip():
        opening = old[:len(old) - len(old.lstrip())]
        closing = old[len(old.rstrip()):]
    elif "\n" in text:  # `[]` in a pretty-printed file: one level deeper than the key
        key_line = text[text.rfind("\n", 0, start) + 1:start]
        indent = key_line[:len(key_line) - len(key_line.lstrip())]
        opening, closing = "\n" + indent + _indent_unit(text), "\n" + indent
    else:
        return "[" + ",".join(items) + "]"
    return "[" + opening + ("," + opening).join(items) + closing + "]"


def _indent_unit(text: str) -> str:
    """The file's indentation step: nbformat writes one space, other tools two or four."""
    second = re.search(r"^\{\r?\n([ \t]+)\"", text)
    return second.group(1) if second else " "
