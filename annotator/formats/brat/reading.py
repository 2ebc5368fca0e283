"""Reading brat: an .ann file and the .txt beside it become one coder's draft record."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.core.errors import InputProblem, ProblemCode
from annotator.core.model import Actor, MarkKind
from annotator.core.tagset import TagSet
from annotator.core.text import normalize_text
from annotator.formats._drafts import DraftMark, DraftRecord
from annotator.formats.base import (
    AnnotationRecord,
    ArticleError,
    FormatContext,
    Origin,
    ReadResult,
    make_article,
    read_text_or_report,
)
from annotator.formats.brat.common import (
    EXTENSIONS,
    INTENSITY,
    SPEAKER,
    TARGET,
    attribute_values,
    brat_types,
    parse_note,
)

_T_LINE = re.compile(r"^(\S+) (\d+ \d+(?:;\d+ \d+)*)$")
_ID = re.compile(r"^[TRAMEN#*]\d*$")


# -- the lines of an .ann file ------------------------------------------------------------------


@dataclass
class _Span:
    """A text-bound (T) line: its type, its fragments (start, end) in order, and its text."""

    ref: str
    label: str
    fragments: list[tuple[int, int]]
    text: str
    line: int


@dataclass
class _Relation:
    """An R line: its type and its two arguments (source, then target)."""

    type: str
    source: str
    target: str
    line: int


@dataclass
class _Attribute:
    """An A or M line: an attribute of a T line, with its value if it has one."""

    name: str
    ref: str
    value: str | None
    line: int


@dataclass
class _Ann:
    """What one .ann file holds, before offsets are checked and marks are built."""

    spans: dict[str, _Span] = field(default_factory=dict)
    relations: list[_Relation] = field(default_factory=list)
    attributes: list[_Attribute] = field(default_factory=list)
    notes: dict[str, tuple[str, int]] = field(default_factory=dict)  # T id: note, line
    ignored: dict[str, list[str]] = field(default_factory=dict)  # what: ids


class _Lines:
    """Collects a file's problems, or with ``lenient`` turns them into warnings."""

    def __init__(self, path: Path, result: ReadResult, lenient: bool):
        self.path, self.result, self.lenient = str(path), result, lenient
        self.failed = False

    def bad(self, line: int | None, message: str, code: ProblemCode) -> None:
        problem = Origin(self.path, line).problem(message, code=code)
        if self.lenient:
            self.result.warnings.append(problem.as_skipped())
        else:
            self.result.problems.append(problem)
            self.failed = True


# -- files --------------------------------------------------------------------------------------


def ann_files(folder: Path) -> list[Path]:
    """Return the ``.ann`` files in a folder and its subfolders, sorted by path."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)


def read_brat(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read a folder of brat .txt/.ann pairs, or one .ann with its .txt, into the result."""
    if path.is_dir():
        files = ann_files(path)
        if not files:
            result.problems.append(
                Origin(str(path)).problem("no .ann files in folder", code=ProblemCode.UNREADABLE)
            )
        for file in files:
            read_ann_file(file, result, context)
    else:
        read_ann_file(path, result, context)


def _read_text(path: Path, result: ReadResult) -> str | None:
    # As stored: brat's offsets count a BOM and CRs, which are converted later.
    return read_text_or_report(path, result, strip_bom=False)


def read_ann_file(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read one .ann file and the .txt beside it as one annotation record."""
    txt = path.with_suffix(".txt")
    if not txt.is_file():
        message = (
            f"no text file {txt.name} beside it (brat keeps the text of an .ann in a .txt of "
            "the same name)"
        )
        result.problems.append(Origin(str(path)).problem(message, code=ProblemCode.MISSING_TEXT))
        return
    raw, content = _read_text(txt, result), _read_text(path, result)
    if raw is None or content is None:
        return
    try:
        article = make_article(raw, source=txt.name)
    except ArticleError as exc:
        result.problems.append(Origin(str(txt)).problem(str(exc), code=exc.code))
        return
    lines = _Lines(path, result, bool(context.options.get("lenient")))
    ann = _parse(content.removeprefix("\ufeff"), lines)
    marks = _marks(ann, _choose_offsets(raw, ann), lines, context.tagset)
    draft = _record(ann, marks, lines, context.tagset)
    if ann.ignored:
        listed = "; ".join(f"{what}: {_some(ids)}" for what, ids in ann.ignored.items())
        result.warnings.append(Origin(str(path)).problem(f"not imported ({listed})"))
    if not lines.failed:
        result.annotations.append(AnnotationRecord(article, draft, Origin(str(path))))


def _some(items: list[str], shown: int = 10) -> str:
    """List the first few items, and how many more there are (a tool's file may hold
    hundreds of events or dependency relations: the warning must stay readable)."""
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


# -- parsing ------------------------------------------------------------------------------------


def _parse(content: str, lines: _Lines) -> _Ann:
    """Parse the lines of an .ann file, reporting malformed lines and duplicate ids."""
    ann = _Ann()
    first_seen: dict[str, int] = {}
    for number, line in enumerate(content.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        ident, _, rest = line.partition("\t")
        if not _ID.match(ident):
            message = (
                f"malformed line {line[:40]!r}: a brat line starts with an id (T1, R1, A1, #1, "
                "E1, N1 or *) and a tab"
            )
            lines.bad(number, message, ProblemCode.BAD_SYNTAX)
            continue
        if ident != "*" and ident in first_seen:
            message = f"id {ident} is used twice (first on line {first_seen[ident]})"
            lines.bad(number, message, ProblemCode.BAD_SYNTAX)
            continue
        first_seen.setdefault(ident, number)
        parse = _LINE_PARSERS.get(ident[0], _ignored_line)
        problem = parse(ident, rest, number, ann)
        if problem:
            message, code = problem
            lines.bad(number, f"{ident}: {message}", code)
    return ann


_Problem = tuple[str, ProblemCode] | None  # what is wrong with a line, and its code


def _text_bound_line(ident: str, rest: str, number: int, ann: _Ann) -> _Problem:
    """Add a T line: ``T1<TAB>Type 0 5[;7 9…]<TAB>text``."""
    head, tab, text = rest.partition("\t")
    match = _T_LINE.match(head)
    if not tab or not match:
        return (
            "expected 'T<n><TAB><type> <start> <end>[;<start> <end>…]<TAB><text>'",
            ProblemCode.BAD_SYNTAX,
        )
    pairs = (pair.split(" ") for pair in match.group(2).split(";"))
    fragments = [(int(a), int(b)) for a, b in pairs]
    if any(a >= b for a, b in fragments):
        message = f"offsets {match.group(2)}: every start must be before its end"
        return message, ProblemCode.BAD_OFFSETS
    ann.spans[ident] = _Span(ident, match.group(1), sorted(fragments), text, number)
    return None


def _relation_line(ident: str, rest: str, number: int, ann: _Ann) -> _Problem:
    """Add an R line: ``R1<TAB>type Arg1:T1 Arg2:T2``."""
    fields = rest.split("\t")[0].split()
    args = [tuple(f.split(":", 1)) for f in fields[1:]]
    if len(fields) != 3 or any(len(a) != 2 or not all(a) for a in args):
        return "expected 'R<n><TAB><type> Arg1:<id> Arg2:<id>'", ProblemCode.BAD_SYNTAX
    # brat names the arguments Arg1 and Arg2; other tools name them by role (DKPro's
    # 'Governor:T1 Dependent:T2', 'source:T2 target:T3'): the first is then the source.
    named = dict(args)
    if set(named) == {"Arg1", "Arg2"}:
        args = [("Arg1", named["Arg1"]), ("Arg2", named["Arg2"])]
    ann.relations.append(_Relation(fields[0], args[0][1], args[1][1], number))
    return None


def _attribute_line(ident: str, rest: str, number: int, ann: _Ann) -> _Problem:
    """Add an A or M line: ``A1<TAB>Name T1 [value]``."""
    fields = rest.split("\t")[0].split(None, 2)
    if len(fields) < 2:
        return "expected 'A<n><TAB><name> <id> [<value>]'", ProblemCode.BAD_SYNTAX
    # A value may hold spaces (DKPro writes feature values as they are): kept whole.
    value = fields[2].strip() if len(fields) == 3 else None
    ann.attributes.append(_Attribute(fields[0], fields[1], value or None, number))
    return None


def _note_line(ident: str, rest: str, number: int, ann: _Ann) -> _Problem:
    """Add a # line: ``#1<TAB>AnnotatorNotes T1<TAB>note`` (other kinds of note are ignored)."""
    head, _, note = rest.partition("\t")
    fields = head.split()
    if len(fields) != 2:
        return "expected '#<n><TAB>AnnotatorNotes <id><TAB><text>'", ProblemCode.BAD_SYNTAX
    if fields[0] == "AnnotatorNotes":
        ann.notes[fields[1]] = (note, number)
    return None


def _ignored_line(ident: str, rest: str, number: int, ann: _Ann) -> _Problem:
    """Note an E, N or * line: events, normalisations and equivalences have no place here."""
    what = {"E": "events", "N": "normalisations", "*": "equivalences"}[ident[0]]
    ann.ignored.setdefault(what, []).append(ident)
    return None


_LINE_PARSERS: dict[str, Callable[[str, str, int, _Ann], _Problem]] = {
    "T": _text_bound_line,
    "R": _relation_line,
    "A": _attribute_line,
    "M": _attribute_line,
    "#": _note_line,
}


# -- offsets ------------------------------------------------------------------------------------


class _OffsetMap:
    """Map offsets into the text as on disk to offsets into the normalised text."""

    def __init__(self, raw: str, counts_cr: bool):
        self.text = normalize_text(raw)
        self.raw = raw if counts_cr else self.text
        bom = [0] if raw.startswith("\ufeff") and counts_cr else []
        self._removed = bom + (
            [i for i, ch in enumerate(raw) if ch == "\r" and raw[i + 1 : i + 2] == "\n"]
            if counts_cr
            else []
        )

    def __call__(self, offset: int) -> int:
        return offset - bisect_left(self._removed, offset)


def _fragment_text(source: str, fragments: list[tuple[int, int]]) -> str | None:
    """Return the text of a span's fragments joined as brat joins them, or None if outside."""
    if fragments[-1][1] > len(source):
        return None
    return " ".join(source[a:b] for a, b in fragments)


def _same(expected: str, found: str) -> bool:
    """Compare a span's text with the file's, white space runs counting as one space."""
    return re.sub(r"\s+", " ", expected) == re.sub(r"\s+", " ", found)


def _choose_offsets(raw: str, ann: _Ann) -> _OffsetMap:
    """Return brat's raw code-point offsets, or normalised ones if only those fit the text."""
    brat = _OffsetMap(raw, counts_cr=True)
    if "\r" not in raw and not raw.startswith("\ufeff"):
        return brat
    other = _OffsetMap(raw, counts_cr=False)

    def fits(offsets: _OffsetMap) -> bool:
        for span in ann.spans.values():
            found = _fragment_text(offsets.raw, span.fragments)
            if found is None or not _same(span.text, found):
                return False
        return True

    return brat if fits(brat) or not fits(other) else other


# -- drafts -------------------------------------------------------------------------------------


def _marks(ann: _Ann, offsets: _OffsetMap, lines: _Lines, tagset: TagSet) -> dict[str, DraftMark]:
    """Build a mark per valid T line, keyed by its T id."""
    by_type = {name: key for key, name in brat_types(tagset).items()}
    marks: dict[str, DraftMark] = {}
    for ref, span in ann.spans.items():
        mark = _mark(span, offsets, lines)
        if mark is None:
            continue
        if span.label in by_type:
            kind, mark.label = by_type[span.label]
            mark.kind = kind.value
        marks[ref] = mark
    return marks


def _mark(span: _Span, offsets: _OffsetMap, lines: _Lines) -> DraftMark | None:
    """Return a T line's mark (its type as its label), or None with the problem reported."""
    found = _fragment_text(offsets.raw, span.fragments)
    where = f"{span.ref}: offsets {';'.join(f'{a} {b}' for a, b in span.fragments)}"
    if found is None:
        message = f"{where} are outside the text of {len(offsets.raw)} characters (code points)"
        lines.bad(span.line, message, ProblemCode.BAD_OFFSETS)
        return None
    if not _same(span.text, found):
        message = f"{where}: text {span.text!r} does not match the .txt there ({found!r})"
        lines.bad(span.line, message, ProblemCode.BAD_OFFSETS)
        return None
    start, end = offsets(span.fragments[0][0]), offsets(span.fragments[-1][1])
    text = offsets.text[start:end]
    pairs = zip(span.fragments, span.fragments[1:], strict=False)
    gaps = [offsets.raw[b:a] for (_, b), (a, _) in pairs]
    if any(gap.strip() for gap in gaps):
        lines.result.warnings.append(
            InputProblem(
                lines.path,
                span.line,
                f"{span.ref}: discontinuous span stored as its covering span {start}-{end} "
                f"({text!r}), which includes text between its fragments",
            )
        )
    return DraftMark(start, end, span.label, text, ref=span.ref)


def _record(ann: _Ann, marks: dict[str, DraftMark], lines: _Lines, tagset: TagSet) -> DraftRecord:
    """Attach notes, relations and attributes to the marks; return the draft record."""
    actors, coder = _apply_notes(ann, marks, lines)
    _apply_relations(ann, marks, lines)
    _apply_attributes(ann, marks, lines, tagset)
    return DraftRecord(marks=list(marks.values()), annotator=coder, actors=list(actors.values()))


def _apply_notes(
    ann: _Ann, marks: dict[str, DraftMark], lines: _Lines
) -> tuple[dict[str, Actor], str | None]:
    """Give marks the actors our notes name; return those actors by id, and the coder."""
    actors: dict[str, Actor] = {}
    coders: dict[str, int] = {}
    for ref, (note, number) in ann.notes.items():
        items = parse_note(note)
        if not items or ref not in marks:
            continue
        mark = marks[ref]
        coders.setdefault(items["coder"], number)
        if items.get("actor id") and mark.kind == MarkKind.ACTOR.value:
            mark.actor = items["actor id"]
            actor = actors.setdefault(
                mark.actor, _actor(items, "actor", items.get("actor type") or mark.label)
            )
            if mark.text not in actor.aliases:  # as a mention made in the app adds it
                actors[mark.actor] = replace(actor, aliases=(*actor.aliases, mark.text))
        for role in (SPEAKER, TARGET):
            actor_id, type_ = items.get(f"{role} id"), items.get(f"{role} type")
            if actor_id and type_:
                setattr(mark, role, actor_id)
                actors.setdefault(actor_id, _actor(items, role, type_))
    if len(coders) > 1:
        message = (
            f"notes name several coders ({', '.join(sorted(coders))}); one .ann holds one "
            "coder's marks"
        )
        lines.bad(max(coders.values()), message, ProblemCode.BAD_SHAPE)
        return actors, None
    return actors, next(iter(coders), None)


def _actor(items: dict[str, str], role: str, type_: str) -> Actor:
    """Return the actor a note names for a role (``actor``, ``speaker`` or ``target``)."""
    country = items.get("country" if role == "actor" else f"{role} country")
    return Actor(
        id=items[f"{role} id"],
        name=items.get(role) or items[f"{role} id"],
        type=type_,
        country=country or None,
    )


def _apply_relations(ann: _Ann, marks: dict[str, DraftMark], lines: _Lines) -> None:
    """Make speaker and target relations the claims' ``*_mark`` references; list the rest."""
    ignored = []
    for relation in ann.relations:
        role = relation.type.casefold()
        if role not in (SPEAKER, TARGET):
            ignored.append(f"{relation.type} ({relation.source}->{relation.target})")
            continue
        missing = [a for a in (relation.source, relation.target) if a not in marks]
        if missing:
            message = f"relation {relation.type}: {missing[0]} is not a text-bound (T) line here"
            lines.bad(relation.line, message, ProblemCode.UNKNOWN_REFERENCE)
            continue
        setattr(marks[relation.source], f"{role}_mark", relation.target)
    if ignored:
        ann.ignored["relations other than speaker/target"] = ignored


def _apply_attributes(
    ann: _Ann, marks: dict[str, DraftMark], lines: _Lines, tagset: TagSet
) -> None:
    """Set the Stance, Form and Intensity the attributes give; list the other attributes."""
    values = attribute_values(tagset)
    ignored = []
    for attribute in ann.attributes:
        name = next((a for a in values if a.casefold() == attribute.name.casefold()), None)
        if name is None:
            ignored.append(f"{attribute.name} ({attribute.ref})")
            continue
        if attribute.ref not in marks:
            message = (
                f"attribute {attribute.name}: {attribute.ref} is not a text-bound (T) line here"
            )
            lines.bad(attribute.line, message, ProblemCode.UNKNOWN_REFERENCE)
            continue
        if attribute.value is None:
            message = f"attribute {attribute.name} needs a value"
            lines.bad(attribute.line, message, ProblemCode.BAD_SYNTAX)
            continue
        ours = values[name].get(attribute.value, attribute.value.replace("_", " "))
        value = int(ours) if name == INTENSITY and ours.isdigit() else ours
        setattr(marks[attribute.ref], name.lower(), value)
    if ignored:
        ann.ignored["attributes"] = ignored
