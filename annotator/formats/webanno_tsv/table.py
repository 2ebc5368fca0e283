"""A WebAnno TSV file's lines as a table: the layers and columns its header declares, its
sentences and token rows; and the document text the sentences make."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.core.errors import ProblemCode
from annotator.core.offsets import Utf16Map
from annotator.formats._common import DocumentProblems
from annotator.formats.webanno_tsv.common import unescape

_HEADER_KINDS = {"#T_SP": "span", "#T_CH": "chain", "#T_RL": "relation"}
_TOKEN_ID = re.compile(r"^(\d+)-(\d+)(?:\.(\d+))?$")
_OFFSETS = re.compile(r"^(\d+)-(\d+)$")


@dataclass
class Column:
    """A column of the token lines: one feature of a layer."""

    layer: str
    feature: str
    kind: str  # "span", "chain", "relation", "ref" (relation governor), "slot" (link target)


@dataclass
class Layer:
    """A layer the header declares: its features and the columns that hold them."""

    name: str
    kind: str  # "span", "chain", "relation"
    features: list[str] = field(default_factory=list)
    base: str | None = None
    columns: list[int] = field(default_factory=list)


@dataclass
class Row:
    """A token line: its address (``1-2``, ``1-2.1`` for a sub-token), offsets and cells."""

    line: int
    address: str
    begin: int  # UTF-16
    end: int
    token: str
    cells: list[str]
    sentence: int  # 1-based


@dataclass
class Sentence:
    """A sentence's ``#Text=`` lines (several when it holds line breaks) and where they begin."""

    line: int
    text_lines: list[str]


@dataclass
class Table:
    """What a TSV file's lines declare and hold: the header's layers and columns (one column per
    feature, in order), the sentences, and the token rows."""

    layers: list[Layer] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    def add_text(self, line: int, text: str) -> None:
        """Add a ``#Text=`` line: a new sentence, or the next line of one with line breaks
        (no token lines yet after its first)."""
        last = self.sentences[-1] if self.sentences else None
        if last is not None and not (self.rows and self.rows[-1].line > last.line):
            last.text_lines.append(text)
        else:
            self.sentences.append(Sentence(line, [text]))


def _parse_header(line: str, table: Table) -> str | None:
    """Add a ``#T_..`` header line's layer and columns; return a problem or None."""
    prefix, _, rest = line.partition("=")
    kind = _HEADER_KINDS[prefix]
    parts = rest.split("|")
    if not parts[0]:
        return f"{prefix} line names no layer"
    layer, columns = Layer(parts[0], kind), table.columns
    features = parts[1:]
    i = 0
    while i < len(features):
        feat = features[i]
        if feat.startswith("BT_") and kind == "relation":
            layer.base = feat[3:]
            layer.columns.append(len(columns))
            columns.append(Column(layer.name, "BT", "ref"))
        elif feat.startswith("ROLE_"):
            # A link (slot) feature: a role column, then a target column named by the next entry.
            layer.columns.append(len(columns))
            columns.append(Column(layer.name, feat, "slot"))
            layer.columns.append(len(columns))
            columns.append(Column(layer.name, feat + ":target", "slot"))
            i += 1
        else:
            layer.features.append(feat)
            layer.columns.append(len(columns))
            columns.append(Column(layer.name, feat, kind))
        i += 1
    if kind == "span" and not layer.features and not layer.columns:
        # A span layer without features still has one column marking where it is (``*``).
        layer.columns.append(len(columns))
        columns.append(Column(layer.name, "", "span"))
    if kind == "relation" and layer.base is None:
        return f"relation layer {layer.name} has no BT_ base type"
    table.layers.append(layer)
    return None


def parse_lines(lines: list[str], report: DocumentProblems) -> Table:
    """Read the lines after the ``#FORMAT=`` line: header, ``#Text=`` lines and token lines."""
    table = Table()
    in_header = True
    for number, line in enumerate(lines[1:], start=2):
        if in_header and line.startswith(("#T_SP=", "#T_CH=", "#T_RL=")):
            message = _parse_header(line, table)
            if message:
                report.problem(message, ProblemCode.BAD_SYNTAX, number)
            continue
        if not line.strip():
            continue
        in_header = False
        if line.startswith("#Text="):
            table.add_text(number, unescape(line[6:]))
        elif not line.startswith("#"):  # not #Sentence.id= or other sentence metadata
            row = _token_row(number, line, table, report)
            if row is not None:
                table.rows.append(row)
    return table


def _token_row(number: int, line: str, table: Table, report: DocumentProblems) -> Row | None:
    """Return a token line as a row, or None with its problem reported."""
    fields = line.split("\t")
    if fields and fields[-1] == "":
        fields.pop()  # token lines end with a tab
    expected = 3 + len(table.columns)
    if len(fields) != expected:
        message = (
            f"expected {expected} tab-separated fields (id, offsets, token and "
            f"{len(table.columns)} declared column(s)), found {len(fields)}"
        )
        report.problem(message, ProblemCode.BAD_SYNTAX, number)
        return None
    token_id, offsets = _TOKEN_ID.match(fields[0]), _OFFSETS.match(fields[1])
    if not token_id or not offsets:
        bad = fields[0] if not token_id else fields[1]
        message = f"bad token id or offsets {bad!r} (expected like 1-2 and 5-9)"
        report.problem(message, ProblemCode.BAD_SYNTAX, number)
        return None
    if not table.sentences:
        report.problem("token line before any #Text= sentence line", ProblemCode.BAD_SYNTAX, number)
        return None
    begin, end = int(offsets.group(1)), int(offsets.group(2))
    if end < begin:
        message = f"token offsets {begin}-{end} end before they begin"
        report.problem(message, ProblemCode.BAD_OFFSETS, number)
        return None
    return Row(number, fields[0], begin, end, unescape(fields[2]), fields[3:], len(table.sentences))


def rebuild_text(table: Table, report: DocumentProblems) -> str:
    """Return the text the sentences make, each where its first token says, gaps filled with
    line breaks; report every token that is not on that text."""
    text = _place_sentences(table, report)
    _check_tokens(text, table.rows, report)
    return text


def _place_sentences(table: Table, report: DocumentProblems) -> str:
    """Join the sentences, each placed by its first token's offset (UTF-16)."""
    first_rows: dict[int, Row] = {}
    for row in table.rows:
        if "." not in row.address:
            first_rows.setdefault(row.sentence, row)
    pieces: list[str] = []
    cursor = 0  # UTF-16
    for index, sentence in enumerate(table.sentences, start=1):
        text = "\n".join(sentence.text_lines)
        first = first_rows.get(index)
        if first is None:
            message = "sentence has no token lines; its place in the text is unknown"
            report.problem(message, ProblemCode.BAD_OFFSETS, sentence.line)
            continue
        at = text.find(first.token)
        if at < 0:
            message = f"token {first.token!r} is not in its sentence's #Text= line"
            report.problem(message, ProblemCode.BAD_OFFSETS, first.line)
            continue
        begin = first.begin - Utf16Map(text[:at]).utf16_length
        if begin < cursor:
            message = f"sentence starts at UTF-16 offset {begin}, inside the one before it"
            report.problem(message, ProblemCode.BAD_OFFSETS, sentence.line)
            continue
        pieces += ["\n" * (begin - cursor), text]
        cursor = begin + Utf16Map(text).utf16_length
    return "".join(pieces)


def _check_tokens(text: str, rows: list[Row], report: DocumentProblems) -> None:
    """Report every token whose offsets do not land on its own text."""
    umap = Utf16Map(text)
    for row in rows:
        if row.end > umap.utf16_length:
            message = f"token offsets {row.begin}-{row.end} run past the text's end"
            report.problem(message, ProblemCode.BAD_OFFSETS, row.line)
            continue
        found = text[umap.from_utf16(row.begin) : umap.from_utf16(row.end)]
        if found != row.token:
            message = (
                f"token {row.token!r} at UTF-16 {row.begin}-{row.end} does not match the "
                f"sentence text there ({found!r})"
            )
            report.problem(message, ProblemCode.BAD_OFFSETS, row.line)
