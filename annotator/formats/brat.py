"""brat standoff: one ``.txt`` (the text) and one ``.ann`` (the annotations) per document.

Reading takes a folder (every ``*.ann`` in it and its subfolders, each with the ``.txt`` of the
same name beside it) or a single ``.ann``. Writing fills a folder with one pair per (article,
coder), named ``<first 12 hex digits of the article id>_<coder>.txt/.ann`` (the coder as
formats/_common.coder_file_part writes it: safe on every OS, and different for every coder even
on case-insensitive file systems), plus an ``annotation.conf`` describing our types and
allowing marks to overlap (``<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>``: our
marks nest, cross and share spans, which brat otherwise reports as errors). Files already in
the folder are left alone; pairs written again are replaced whole.

Offsets are code points, end exclusive, as brat counts them: in the ``.txt`` as it is on disk.
Our text is normalised (BOM dropped, CR LF and CR made LF), so offsets into a file with CR LF
line ends are converted at the boundary: brat's own offsets count each CR; if they do not fit
the text but offsets counted after normalisation do (tools that read the file in text mode),
those are used. Either way the stored marks satisfy ``text[start:end] == mark.text``.

Lines and what they become:

- ``T`` (text-bound): a mark; its type is a label of our tag set written as a safe brat type
  (see ``brat_types``: runs of characters other than letters, digits, ``_`` and ``-`` become
  ``_``, ``Military/Security`` -> ``Military_Security``; the tag set maps them back, so the
  mapping round-trips for the same tag set). Foreign types stay as they are, for
  ``--map-label``. A *discontinuous* span (``T2 Token 5 7;8 9``) is stored as its covering span
  (5-9): our marks are contiguous. That is exact when the gaps are white space, as brat writes
  a span running over a line break (and as we write marks that contain line breaks); when a
  gap holds other text, the import warns that the mark now includes it.
- ``R`` (relation): ``speaker Arg1:<claim> Arg2:<actor mention>`` makes the mention's actor the
  claim's speaker; ``target Arg1:<claim or sentiment> Arg2:<actor mention>`` its target. Roles
  other than ``Arg1``/``Arg2`` (DKPro Core's BratWriter names them after its features:
  ``Dependency Governor:T1 Dependent:T2``, ``source:T2 target:T3``) are read in order, the
  first as the source (Arg1), the second as the target (Arg2). Other relation types, and
  relations between events, have no place in our model: they are not imported and a warning
  lists them.
- ``A``/``M`` (attribute): ``Stance`` and ``Form`` of a claim (values as safe identifiers,
  ``direct_quote``, or as they are, ``direct quote``: everything after the id is the value,
  kept whole, as DKPro writes feature values), ``Intensity`` (1-3) of a sentiment span. Other
  attributes are listed in a warning, as are ``E`` (events; their trigger and argument ``T``
  lines are imported as marks), ``N`` (normalisations) and ``*`` (equivalences); a long list
  names the first ten of each and how many more.
- ``#`` (``AnnotatorNotes``): on every ``T`` we write ``coder: NAME`` and, for an actor
  mention, ``actor: NAME; actor id: ID`` (and ``actor type: TYPE`` when it is not the mark's
  label, ``country: CC`` when set): the coder of the marks and the
  canonical actor the mention refers to, both read back. A claim's speaker or target with no
  mention in the document to point a relation at is written into the note the same way
  (``speaker: NAME; speaker id: ID; speaker type: TYPE``). Values escape ``\\``, ``;``, tab and
  line breaks with a backslash. Other notes are ignored.

Document-level labels (tone, topics, status) and article titles and dates are not carried:
brat has no place for them. One ``.ann`` holds one coder's marks; an ``.ann`` without coder
notes is attributed to ``--annotator`` or the current coder.

With the format option ``lenient`` set (``--lenient`` passes it), a bad line is skipped and
reported as a warning instead of failing the import.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import InputProblem, ValidationError
from annotator.core.model import Actor, AnnotatedDocument, MarkKind
from annotator.core.tagset import TagSet
from annotator.core.text import normalize_text
from annotator.formats._common import coder_file_part, relation_mention
from annotator.formats.base import (
    annotation_record,
    Format,
    FormatContext,
    Origin,
    ReadResult,
    atomic_text_file,
    make_article,
    read_text_or_report,
)

EXTENSIONS = (".ann",)
CONF_NAME = "annotation.conf"
SPEAKER, TARGET = "speaker", "target"
STANCE, FORM, INTENSITY = "Stance", "Form", "Intensity"
# brat's rule allowing any two entities to overlap in any way (contain, cross, equal spans).
OVERLAP_LINE = "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"

_UNSAFE = re.compile(r"[^\w-]+")
_T_LINE = re.compile(r"^(\S+) (\d+ \d+(?:;\d+ \d+)*)$")
_ID = re.compile(r"^[TRAMEN#*]\d*$")
_NOTE_ITEM = re.compile(r"\s*([a-z ]+): ((?:[^;\\]|\\.)*)(?:;|$)")


def brat_type_name(name: str) -> str:
    """Return a name as a brat type or attribute value: no spaces, slashes or punctuation."""
    return _UNSAFE.sub("_", name).strip("_") or "_"


def brat_types(tagset: TagSet) -> dict[tuple[MarkKind, str], str]:
    """Return the brat type of every span label; unique, so it maps back to kind and label."""
    types: dict[tuple[MarkKind, str], str] = {}
    taken: set[str] = {SPEAKER, TARGET}
    for kind, label in tagset.all_span_labels():
        name = brat_type_name(label.name)
        if name.casefold() in taken:
            name = f"{kind.value}-{name}"
        while name.casefold() in taken:
            name += "_"
        taken.add(name.casefold())
        types[(kind, label.name)] = name
    return types


def _values(tagset: TagSet) -> dict[str, dict[str, str]]:
    """Return, per attribute, our value names by their safe brat value."""
    return {
        STANCE: {brat_type_name(x.name): x.name for x in tagset.claim_stance},
        FORM: {brat_type_name(x.name): x.name for x in tagset.claim_form},
        INTENSITY: {str(n): str(n) for n in (1, 2, 3)},
    }


# -- reading --------------------------------------------------------------------------------


@dataclass
class _Span:
    ref: str
    label: str
    fragments: list[tuple[int, int]]
    text: str
    line: int


@dataclass
class _Ann:
    """What one .ann file holds, before offsets are checked and marks are built."""

    spans: dict[str, _Span] = field(default_factory=dict)
    relations: list[tuple[str, str, str, int]] = field(default_factory=list)  # type, a1, a2
    attributes: list[tuple[str, str, str | None, int]] = field(default_factory=list)
    notes: dict[str, tuple[str, int]] = field(default_factory=dict)
    ignored: dict[str, list[str]] = field(default_factory=dict)  # what, ids


class _Lines:
    """Collects a file's problems, or with ``lenient`` turns them into warnings."""

    def __init__(self, path: Path, result: ReadResult, lenient: bool):
        self.path, self.result, self.lenient = str(path), result, lenient
        self.failed = False

    def bad(self, line: int | None, message: str) -> None:
        if self.lenient:
            self.result.warnings.append(InputProblem(self.path, line, f"skipped: {message}"))
        else:
            self.result.problems.append(InputProblem(self.path, line, message))
            self.failed = True


def ann_files(folder: Path) -> list[Path]:
    """Return the ``.ann`` files in a folder and its subfolders, sorted by path."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)


def read_brat(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read a folder of brat .txt/.ann pairs, or one .ann with its .txt, into the result."""
    if path.is_dir():
        files = ann_files(path)
        if not files:
            result.problems.append(Origin(str(path)).problem("no .ann files in folder"))
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
        result.problems.append(
            Origin(str(path)).problem(
                f"no text file {txt.name} beside it (brat keeps the text of an .ann in a .txt "
                "of the same name)"
            )
        )
        return
    raw, content = _read_text(txt, result), _read_text(path, result)
    if raw is None or content is None:
        return
    try:
        article = make_article(raw, source=txt.name)
    except ValueError as exc:
        result.problems.append(Origin(str(txt)).problem(str(exc)))
        return
    lines = _Lines(path, result, bool(context.options.get("lenient")))
    ann = _parse(content.removeprefix("\ufeff"), lines)
    offsets = _choose_offsets(raw, ann)
    marks = _marks(ann, raw, offsets, lines, context.tagset)
    data = _record(ann, marks, lines, context.tagset)
    if ann.ignored:
        listed = "; ".join(f"{what}: {_some(ids)}" for what, ids in ann.ignored.items())
        result.warnings.append(Origin(str(path)).problem(f"not imported ({listed})"))
    record = annotation_record(article, data, Origin(str(path)), result)
    if not lines.failed and record is not None:
        result.annotations.append(record)


def _some(items: list[str], shown: int = 10) -> str:
    """List the first few items, and how many more there are (a tool's file may hold
    hundreds of events or dependency relations: the warning must stay readable)."""
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


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
            lines.bad(
                number,
                f"malformed line {line[:40]!r}: a brat line starts with an id (T1, R1, A1, #1, "
                "E1, N1 or *) and a tab",
            )
            continue
        if ident != "*" and ident in first_seen:
            lines.bad(number, f"id {ident} is used twice (first on line {first_seen[ident]})")
            continue
        first_seen.setdefault(ident, number)
        problem = _parse_line(ident, rest, number, ann)
        if problem:
            lines.bad(number, f"{ident}: {problem}")
    return ann


def _parse_line(ident: str, rest: str, number: int, ann: _Ann) -> str | None:
    """Add one line to ``ann``; return what is wrong with it, if anything."""
    kind = ident[0]
    if kind == "T":
        head, tab, text = rest.partition("\t")
        match = _T_LINE.match(head)
        if not tab or not match:
            return "expected 'T<n><TAB><type> <start> <end>[;<start> <end>…]<TAB><text>'"
        fragments = [
            (int(a), int(b)) for a, b in (pair.split(" ") for pair in match.group(2).split(";"))
        ]
        if any(a >= b for a, b in fragments):
            return f"offsets {match.group(2)}: every start must be before its end"
        ann.spans[ident] = _Span(ident, match.group(1), sorted(fragments), text, number)
    elif kind == "R":
        fields = rest.split("\t")[0].split()
        args = [tuple(f.split(":", 1)) for f in fields[1:]]
        if len(fields) != 3 or any(len(a) != 2 or not all(a) for a in args):
            return "expected 'R<n><TAB><type> Arg1:<id> Arg2:<id>'"
        # brat names the arguments Arg1 and Arg2; other tools name them by role (DKPro's
        # 'Governor:T1 Dependent:T2', 'source:T2 target:T3'): the first is then the source.
        named = dict(args)
        if set(named) == {"Arg1", "Arg2"}:
            args = [("Arg1", named["Arg1"]), ("Arg2", named["Arg2"])]
        ann.relations.append((fields[0], args[0][1], args[1][1], number))
    elif kind in "AM":
        fields = rest.split("\t")[0].split(None, 2)
        if len(fields) < 2:
            return "expected 'A<n><TAB><name> <id> [<value>]'"
        # A value may hold spaces (DKPro writes feature values as they are): kept whole.
        value = fields[2].strip() if len(fields) == 3 else None
        ann.attributes.append((fields[0], fields[1], value or None, number))
    elif kind == "#":
        head, _, note = rest.partition("\t")
        fields = head.split()
        if len(fields) != 2:
            return "expected '#<n><TAB>AnnotatorNotes <id><TAB><text>'"
        if fields[0] == "AnnotatorNotes":
            ann.notes[fields[1]] = (note, number)
    else:
        what = {"E": "events", "N": "normalisations", "*": "equivalences"}[kind]
        ann.ignored.setdefault(what, []).append(ident)
    return None


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


def _marks(
    ann: _Ann, raw: str, offsets: _OffsetMap, lines: _Lines, tagset: TagSet
) -> dict[str, dict[str, Any]]:
    """Build a mark per valid T line, keyed by its T id."""
    by_type = {name: key for key, name in brat_types(tagset).items()}
    marks: dict[str, dict[str, Any]] = {}
    for ref, span in ann.spans.items():
        found = _fragment_text(offsets.raw, span.fragments)
        where = f"{ref}: offsets {';'.join(f'{a} {b}' for a, b in span.fragments)}"
        if found is None:
            lines.bad(
                span.line,
                f"{where} are outside the text of {len(offsets.raw)} characters (code points)",
            )
            continue
        if not _same(span.text, found):
            lines.bad(
                span.line, f"{where}: text {span.text!r} does not match the .txt there ({found!r})"
            )
            continue
        start, end = offsets(span.fragments[0][0]), offsets(span.fragments[-1][1])
        text = offsets.text[start:end]
        if len(span.fragments) > 1:
            pairs = zip(span.fragments, span.fragments[1:], strict=False)
            gaps = [offsets.raw[b:a] for (_, b), (a, _) in pairs]
            if any(gap.strip() for gap in gaps):
                lines.result.warnings.append(
                    InputProblem(
                        lines.path,
                        span.line,
                        f"{ref}: discontinuous span stored as its covering span {start}-{end} "
                        f"({text!r}), which includes text between its fragments",
                    )
                )
        mark: dict[str, Any] = {"ref": ref, "start": start, "end": end, "text": text}
        if span.label in by_type:
            kind, label = by_type[span.label]
            mark.update(kind=kind.value, label=label)
        else:
            mark["label"] = span.label
        marks[ref] = mark
    return marks


def _record(
    ann: _Ann, marks: dict[str, dict[str, Any]], lines: _Lines, tagset: TagSet
) -> dict[str, Any]:
    """Attach relations, attributes and notes to the marks; return the annotation record."""
    data: dict[str, Any] = {"marks": list(marks.values()), "actors": []}
    actors: dict[str, dict[str, Any]] = {}
    coders: dict[str, int] = {}
    for ref, (note, number) in ann.notes.items():
        items = parse_note(note)
        if not items or ref not in marks:
            continue
        mark = marks[ref]
        if "coder" in items:
            coders.setdefault(items["coder"], number)
        if items.get("actor id") and mark.get("kind") == MarkKind.ACTOR.value:
            mark["actor"] = items["actor id"]
            actor = actors.setdefault(
                items["actor id"], _actor(items, "actor", items.get("actor type") or mark["label"])
            )
            if mark["text"] not in actor["aliases"]:  # as a mention made in the app adds it
                actor["aliases"].append(mark["text"])
        for role in (SPEAKER, TARGET):
            if items.get(f"{role} id") and items.get(f"{role} type"):
                mark[role] = items[f"{role} id"]
                actors.setdefault(items[f"{role} id"], _actor(items, role, items[f"{role} type"]))
    data["actors"] = list(actors.values())
    if len(coders) > 1:
        lines.bad(
            max(coders.values()),
            f"notes name several coders ({', '.join(sorted(coders))}); one .ann holds one "
            "coder's marks",
        )
    elif coders:
        data["annotator"] = next(iter(coders))
    ignored_relations = []
    for type_, arg1, arg2, number in ann.relations:
        role = type_.casefold()
        if role not in (SPEAKER, TARGET):
            ignored_relations.append(f"{type_} ({arg1}->{arg2})")
            continue
        missing = [a for a in (arg1, arg2) if a not in marks]
        if missing:
            lines.bad(number, f"relation {type_}: {missing[0]} is not a text-bound (T) line here")
            continue
        marks[arg1][f"{role}_mark"] = arg2
    if ignored_relations:
        ann.ignored["relations other than speaker/target"] = ignored_relations
    values = _values(tagset)
    ignored_attributes = []
    for name, ref, value, number in ann.attributes:
        attribute = next((a for a in values if a.casefold() == name.casefold()), None)
        if attribute is None:
            ignored_attributes.append(f"{name} ({ref})")
            continue
        if ref not in marks:
            lines.bad(number, f"attribute {name}: {ref} is not a text-bound (T) line here")
            continue
        if value is None:
            lines.bad(number, f"attribute {name} needs a value")
            continue
        ours = values[attribute].get(value, value.replace("_", " "))
        marks[ref][attribute.lower()] = (
            int(ours) if attribute == INTENSITY and ours.isdigit() else ours
        )
    if ignored_attributes:
        ann.ignored["attributes"] = ignored_attributes
    return data


def _actor(items: dict[str, str], role: str, type_: str) -> dict[str, Any]:
    name = items.get(role) or items[f"{role} id"]
    country = items.get("country" if role == "actor" else f"{role} country")
    return {
        "id": items[f"{role} id"],
        "name": name,
        "type": type_,
        "country": country or None,
        "aliases": [],
    }


def parse_note(note: str) -> dict[str, str]:
    """Return the ``key: value`` items of one of our notes; empty for other notes."""
    items: dict[str, str] = {}
    position = 0
    while position < len(note):
        match = _NOTE_ITEM.match(note, position)
        if not match or match.end() == position:
            return {}
        items[match.group(1)] = _unescape(match.group(2))
        position = match.end()
    return items if "coder" in items else {}


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def _unescape(value: str) -> str:
    codes = {"t": "\t", "n": "\n", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: codes.get(m.group(1), m.group(1)), value)


# -- writing --------------------------------------------------------------------------------


def annotation_conf(tagset: TagSet) -> str:
    """Return the annotation.conf describing our span labels, relations and attributes."""
    types = brat_types(tagset)
    values = _values(tagset)
    out = [
        "# brat configuration written by annotator for the tag set "
        f"{tagset.name!r}. Entity types are our span labels (actor types, claim topics and "
        "sentiment polarities) with every run of characters other than letters, digits, "
        "'_' and '-' written as '_'.",
        "",
        "[entities]",
    ]
    groups = {}
    for kind in MarkKind:
        names = [types[(kind, label.name)] for label in tagset.spans[kind]]
        groups[kind] = names
        out += [f"# {kind.value}", *names]
    actors = "|".join(groups[MarkKind.ACTOR]) or "<ENTITY>"
    claims = "|".join(groups[MarkKind.CLAIM]) or "<ENTITY>"
    sentiments = "|".join(groups[MarkKind.SENTIMENT]) or "<ENTITY>"
    out += [
        "",
        "[relations]",
        "# A claim's speaker, and a claim's or sentiment span's target: Arg2 is the actor mention.",
        f"{SPEAKER}\tArg1:{claims}, Arg2:{actors}",
        f"{TARGET}\tArg1:{claims}|{sentiments}, Arg2:{actors}",
        "# Marks may nest (an actor mention inside a claim), cross, and share a span: without",
        "# this line brat reports each such pair as an error.",
        OVERLAP_LINE,
        "",
        "[events]",
        "",
        "[attributes]",
        f"{STANCE}\tArg:{claims}, Value:{'|'.join(values[STANCE])}",
        f"{FORM}\tArg:{claims}, Value:{'|'.join(values[FORM])}",
        f"{INTENSITY}\tArg:{sentiments}, Value:1|2|3",
        "",
    ]
    return "\n".join(out)


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at line breaks, as brat does, dropping empty pieces."""
    pieces, position = [], start
    for piece in text[start:end].split("\n"):
        if piece.strip():
            pieces.append((position, position + len(piece)))
        position += len(piece) + 1
    return pieces or [(start, end)]


def build_ann(coding: AnnotatedDocument, tagset: TagSet) -> str:
    """Return the .ann text of one coder's coding of one article."""
    types = brat_types(tagset)
    actors: dict[str, Actor] = {a.id: a for a in coding.actors}
    text = coding.article.text
    t_lines: list[str] = []
    rest: list[str] = []
    refs: dict[str, str] = {}
    # By position, then by kind and label: the order must not depend on mark ids, which differ
    # between projects, or exports of the same coding would not be byte-identical.
    kinds = list(MarkKind)
    ordered = sorted(
        coding.marks, key=lambda m: (m.start, -m.end, kinds.index(m.kind), m.label, m.id)
    )
    for number, mark in enumerate(ordered, start=1):
        ref = refs[mark.id] = f"T{number}"
        type_ = types.get((mark.kind, mark.label), brat_type_name(mark.label))
        fragments = _fragments(text, mark.start, mark.end)
        spans = ";".join(f"{a} {b}" for a, b in fragments)
        t_lines.append(f"{ref}\t{type_} {spans}\t{' '.join(text[a:b] for a, b in fragments)}")
    relations, attributes, notes = [], [], []
    for mark in ordered:
        ref = refs[mark.id]
        note = [("coder", coding.annotator)]
        if mark.kind == MarkKind.ACTOR and mark.actor_id:
            actor = actors.get(mark.actor_id)
            note += [("actor", actor.name if actor else ""), ("actor id", mark.actor_id)]
            if actor and actor.type != mark.label:  # a mention may be labelled otherwise
                note.append(("actor type", actor.type))
            if actor and actor.country:
                note.append(("country", actor.country))
        for role, actor_id in ((SPEAKER, mark.speaker_id), (TARGET, mark.target_id)):
            if actor_id is None:
                continue
            found = relation_mention(mark, actor_id, ordered)
            if found is not None:
                relations.append((role, ref, refs[found.id]))
                continue
            actor = actors.get(actor_id)
            note += [(role, actor.name if actor else ""), (f"{role} id", actor_id)]
            note.append((f"{role} type", actor.type if actor else ""))
            if actor and actor.country:
                note.append((f"{role} country", actor.country))
        if mark.stance:
            attributes.append((STANCE, ref, brat_type_name(mark.stance)))
        if mark.form:
            attributes.append((FORM, ref, brat_type_name(mark.form)))
        if mark.intensity is not None:
            attributes.append((INTENSITY, ref, str(mark.intensity)))
        notes.append((ref, "; ".join(f"{key}: {_escape(value)}" for key, value in note)))
    rest += [f"R{n}\t{role} Arg1:{a} Arg2:{b}\t" for n, (role, a, b) in enumerate(relations, 1)]
    rest += [f"A{n}\t{name} {ref} {value}" for n, (name, ref, value) in enumerate(attributes, 1)]
    rest += [f"#{n}\tAnnotatorNotes {ref}\t{note}" for n, (ref, note) in enumerate(notes, 1)]
    return "".join(line + "\n" for line in t_lines + rest)


def write_brat(documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext) -> int:
    """Write one .txt/.ann pair per document and an annotation.conf into a folder."""
    if path.exists() and not path.is_dir():
        raise ValidationError(f"{path} is a file; brat export writes a folder of .txt/.ann pairs")
    path.mkdir(parents=True, exist_ok=True)
    with atomic_text_file(path / CONF_NAME) as out:
        out.write(annotation_conf(context.tagset))
    used: set[str] = set()
    count = 0
    for coding in documents:
        slug = coder_file_part(coding.annotator)
        stem = f"{coding.article.id[:12]}_{slug}"
        if stem in used:  # two articles sharing 48 bits of their hash: use the full id
            stem = f"{coding.article.id}_{slug}"
        used.add(stem)
        with atomic_text_file(path / f"{stem}.txt") as out:
            out.write(coding.article.text)
        with atomic_text_file(path / f"{stem}.ann") as out:
            out.write(build_ann(coding, context.tagset))
        count += 1
    return count


FORMAT = Format(
    name="brat",
    title="brat standoff",
    extensions=EXTENSIONS,
    carries=frozenset({"articles", "spans", "relations", "attributes", "coders"}),
    read=read_brat,
    write=write_brat,
    folder=True,
)
