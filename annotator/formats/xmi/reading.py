"""Reading UIMA CAS XMI (INCEpTION's, UIMA's, and ours) into articles and draft records.

A document is an ``.xmi`` file (or a member of a ``.zip``) with a type system found beside it;
its problems and warnings are gathered in a ``DocumentProblems`` and reach the ReadResult once
it is read (with ``lenient``, a document with problems is left out whole). The CAS becomes a
draft in steps: the document labels and coder, each span annotation a ``DraftMark`` by its
type, our relations the marks' speakers and targets, and a claim's own speaker and target
features where no relation gives them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from annotator.core.errors import ProblemCode
from annotator.core.model import Actor, Article
from annotator.formats._common import ROLES, DocumentProblems
from annotator.formats._drafts import DraftDocument, DraftMark, DraftRecord
from annotator.formats.base import (
    AnnotationRecord,
    FormatContext,
    Origin,
    ReadResult,
    is_lenient,
)
from annotator.formats.xmi.common import (
    ACTOR,
    CLAIM,
    DOCUMENT,
    RELATION,
    ROLE_FEATURES,
    SENTENCE,
    SENTIMENT,
    STRING,
    TOKEN,
    feature,
    typesystem_candidates,
)

_SKIPPED = re.compile(
    r"^(uima\.tcas\.DocumentAnnotation|de\.tudarmstadt\.ukp\.dkpro\.core\.api\."
    r"(segmentation|metadata|lexmorph|syntax|coref)\..*)$"
)
_OURS = (ACTOR, CLAIM, SENTIMENT)


# -- files ---------------------------------------------------------------------------------


def read_xmi(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read an ``.xmi`` file, a folder of them, or an INCEpTION ``.zip`` export."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".xmi")
        if not files:
            result.problems.append(_unreadable(Origin(str(path)), "no .xmi files in folder"))
        for file in files:
            read_xmi(file, result, context)
    elif path.suffix.lower() == ".zip":
        _read_zip(path, result, context)
    else:
        _read_file(path, result, context)


def _unreadable(origin: Origin, message: str) -> Any:
    """Return a problem of an input nothing can be read from (skipping would not help)."""
    return origin.problem(message, skippable=False, code=ProblemCode.UNREADABLE)


def _read_file(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read one ``.xmi`` file with the type system given, or one found beside it."""
    given = context.options.get("typesystem")
    if given and not Path(given).is_file():
        message = f"type system {given} does not exist"
        result.problems.append(_unreadable(Origin(str(path)), message))
        return
    report = DocumentProblems(str(path))
    ts_path = Path(given) if given else _typesystem_beside(path, report)
    sources = None
    if ts_path is not None:
        try:
            sources = _Sources(path.read_bytes(), ts_path.read_bytes(), str(ts_path))
        except OSError as exc:
            report.problem(f"cannot be read: {exc.strerror or exc}", ProblemCode.UNREADABLE)
    _read_document(sources, report, result, context)


def _typesystem_beside(path: Path, report: DocumentProblems) -> Path | None:
    """Return the type system file beside an XMI file, or None with the places looked at."""
    names = typesystem_candidates(path)
    found = [path.parent / n for n in names if (path.parent / n).is_file()]
    if not found:
        looked = ", ".join(str(path.parent / n) for n in names)
        message = f"no type system found: looked for {looked}; give one with --typesystem FILE"
        report.problem(message, ProblemCode.UNREADABLE)
        return None
    return found[0]


def _read_zip(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read every ``.xmi`` member of an INCEpTION export but its INITIAL_CAS copies."""
    where = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        result.problems.append(_unreadable(Origin(where), f"not a readable zip archive: {exc}"))
        return
    with archive:
        members = [n for n in archive.namelist() if not n.endswith("/")]
        xmis = sorted(n for n in members if n.lower().endswith(".xmi"))
        if not xmis:
            message = "the zip archive holds no .xmi file"
            result.problems.append(_unreadable(Origin(where), message))
            return
        for member in xmis:
            if PurePosixPath(member).stem == "INITIAL_CAS":
                continue  # INCEpTION's unannotated source copy
            report = DocumentProblems(f"{where}!{member}")
            sources = _zip_sources(archive, where, member, members, report, context)
            _read_document(sources, report, result, context)


def _zip_sources(
    archive: zipfile.ZipFile,
    where: str,
    member: str,
    members: list[str],
    report: DocumentProblems,
    context: FormatContext,
) -> _Sources | None:
    """Return what a zip member is read from, its type system the one given, else one beside
    it, else one anywhere in the archive; None with the problem reported."""
    member_path = PurePosixPath(member)
    coder = _project_coder(member_path)
    given = context.options.get("typesystem")
    if given:
        try:
            return _Sources(archive.read(member), Path(given).read_bytes(), given, coder)
        except OSError as exc:
            message = f"type system {given} cannot be read: {exc.strerror or exc}"
            report.problem(message, ProblemCode.UNREADABLE)
            return None
    names = typesystem_candidates(member_path)
    beside = [str(member_path.parent / n).removeprefix("./") for n in names]
    anywhere = sorted(m for m in members if PurePosixPath(m).name in names)
    ts_member = next((m for m in beside if m in members), None) or next(iter(anywhere), None)
    if ts_member is None:
        message = (
            f"no type system found: looked for {', '.join(beside)} and any TypeSystem.xml in "
            "the archive; give one with --typesystem FILE"
        )
        report.problem(message, ProblemCode.UNREADABLE)
        return None
    return _Sources(archive.read(member), archive.read(ts_member), f"{where}!{ts_member}", coder)


def _project_coder(member: PurePosixPath) -> str | None:
    """Return the user of an INCEpTION project export's ``annotation/<document>/<user>.xmi``."""
    parts = member.parts
    return member.stem if len(parts) >= 3 and parts[0] == "annotation" else None


# -- a document ----------------------------------------------------------------------------


@dataclass
class _Sources:
    """What one document is read from: its XMI, its type system and where that is, and the
    coder its place names (an INCEpTION project export's user), if any."""

    xmi: bytes
    typesystem: bytes
    typesystem_where: str
    coder: str | None = None


class _NotTextError(ValueError):
    """A feature read as text holds something else (a foreign type system's Integer)."""


def _read_document(
    sources: _Sources | None, report: DocumentProblems, result: ReadResult, context: FormatContext
) -> None:
    """Read one CAS (none when its sources could not be had) as an annotation record; its
    problems and warnings go to ``result`` (with ``lenient``, that it was left out)."""
    read = _read_cas(sources, report, context) if sources is not None else None
    if report.settle(result, is_lenient(context)) and read is not None:
        result.annotations.append(AnnotationRecord(read[0], read[1], Origin(report.path)))


def _read_cas(
    sources: _Sources, report: DocumentProblems, context: FormatContext
) -> tuple[Article, DraftRecord] | None:
    """Return the article and draft record of a CAS, or None when its problems are in the way."""
    loaded = _load_cas(sources, report)
    if loaded is None:
        return None
    cas, typesystem = loaded
    labels = _document_labels(cas, typesystem)
    try:
        article = _article(cas.sofa_string or "", labels, report)
        if article is None:
            return None
        draft = _draft(cas, typesystem, article.text, report, context)
        if labels is not None:
            draft.annotator, draft.document = _text(labels, "annotator"), _draft_document(labels)
        draft.annotator = draft.annotator or sources.coder
    except _NotTextError as exc:
        report.problem(f"not a valid record: {exc}", ProblemCode.BAD_SHAPE)
        return None
    return (article, draft) if not report.problems else None


def _load_cas(sources: _Sources, report: DocumentProblems) -> tuple[Any, Any] | None:
    """Return the CAS and its type system, or None with the reason reported."""
    from cassis import load_cas_from_xmi, load_typesystem

    try:
        typesystem = load_typesystem(io.BytesIO(sources.typesystem))
    except Exception as exc:  # cassis raises lxml, ValueError and its own errors alike
        origin = Origin(sources.typesystem_where, _line_of(exc))
        message = f"not a valid UIMA type system: {exc}"
        report.problems.append(origin.problem(message, code=ProblemCode.BAD_SYNTAX))
        return None
    try:
        cas = load_cas_from_xmi(io.BytesIO(sources.xmi), typesystem=typesystem, lenient=True)
    except Exception as exc:
        report.problem(f"not a valid UIMA CAS XMI: {exc}", ProblemCode.BAD_SYNTAX, _line_of(exc))
        return None
    return cas, typesystem


def _line_of(exc: Exception) -> int | None:
    line = getattr(exc, "lineno", None)
    if line is None and getattr(exc, "position", None):
        line = exc.position[0]  # type: ignore[attr-defined]
    return line if isinstance(line, int) else None


def _document_labels(cas: Any, typesystem: Any) -> Any:
    """Return the CAS's DocumentLabels annotation, if its type system has the type."""
    if not typesystem.contains_type(DOCUMENT):
        return None
    return next(iter(cas.select(DOCUMENT)), None)


def _article(text: str, labels: Any, report: DocumentProblems) -> Article | None:
    """Return the article of the CAS's text (title, date and source from our labels)."""
    title, date, source = (_text(labels, name) for name in ("title", "date", "source"))
    return report.article(text, title=title, date=date, source=source)


def _text(fs: Any, name: str) -> str | None:
    """Return a feature read as text: a string or None (_NotTextError for another value)."""
    value = feature(fs, name)
    if value is None or isinstance(value, str):
        return value
    raise _NotTextError(f"{fs.type.name} feature {name!r} must be a string, not {value!r}"[:200])


def _draft(
    cas: Any, typesystem: Any, text: str, report: DocumentProblems, context: FormatContext
) -> DraftRecord:
    """Return the CAS's span annotations and our relations as a draft's marks and actors."""
    marks = _CasMarks(text, report)
    relations = []
    skipped: set[str] = set()
    annotation = typesystem.get_type("uima.tcas.Annotation")
    for fs in cas.select_all_annotations():
        t = fs.type
        if not typesystem.subsumes(annotation, t):
            continue
        if t.name == RELATION:
            relations.append(fs)
        elif t.name in (SENTENCE, TOKEN) or not _wanted(t.name, context):
            skipped.add(t.name)
        elif not {"Governor", "Dependent"} <= {f.name for f in t.all_features}:
            marks.add_span(fs)  # (a foreign relation is not imported)
    for relation in relations:
        marks.add_relation(relation)
    marks.add_roles_from_features()
    skipped -= {SENTENCE, TOKEN}
    if skipped:
        report.warning(
            "skipped type(s) " + ", ".join(sorted(skipped)) + " (name them with the "
            "'layers' option to import them)"
        )
    return DraftRecord(marks=list(marks.marks.values()), actors=list(marks.actors.values()))


def _wanted(type_name: str, context: FormatContext) -> bool:
    chosen = [x.strip() for x in context.options.get("layers", "").split(",") if x.strip()]
    if chosen:
        return type_name in chosen or type_name.rsplit(".", 1)[-1] in chosen
    return not _SKIPPED.match(type_name)


def _draft_document(labels: Any) -> DraftDocument:
    """Return our DocumentLabels annotation as the draft's document labels."""
    topics = feature(labels, "topics")
    elements = getattr(topics, "elements", None) if topics is not None else []
    if not isinstance(elements, list) or not all(isinstance(t, str) for t in elements):
        raise _NotTextError(f"{DOCUMENT} feature 'topics' must be an array of strings")
    return DraftDocument(
        tone=_text(labels, "tone"),
        focus_stance=_text(labels, "focusStance"),
        topics=tuple(elements),
        status=_text(labels, "status") or "new",
        note=_text(labels, "note") or "",
    )


# -- marks ---------------------------------------------------------------------------------


def _actor_features(mark: DraftMark, fs: Any) -> None:
    mark.kind, mark.label = "actor", _text(fs, "actorType") or ""
    mark.actor = _text(fs, "actor") or None


def _claim_features(mark: DraftMark, fs: Any) -> None:
    mark.kind, mark.label = "claim", _text(fs, "topic") or ""
    mark.stance, mark.form = _text(fs, "stance"), _text(fs, "form")


def _sentiment_features(mark: DraftMark, fs: Any) -> None:
    mark.kind, mark.label = "sentiment", _text(fs, "polarity") or ""
    mark.intensity = feature(fs, "intensity") or None  # 0: none (an Integer cannot be null)


def _foreign_features(mark: DraftMark, fs: Any) -> None:
    """Label an annotation of another type by its ``value`` or ``label`` feature, else its
    first string feature with a value, else the type's short name (for ``--map-label``)."""
    for name in ("value", "label"):
        value = feature(fs, name)
        if isinstance(value, str) and value:
            mark.label = value
            return
    for declared in fs.type.all_features:
        if declared.rangeType.name == STRING and declared.name != "sofa":
            value = feature(fs, declared.name)
            if isinstance(value, str) and value:
                mark.label = value
                return
    mark.label = str(fs.type.short_name)


_TYPE_FEATURES: dict[str, Callable[[DraftMark, Any], None]] = {
    ACTOR: _actor_features,
    CLAIM: _claim_features,
    SENTIMENT: _sentiment_features,
}


@dataclass
class _CasMarks:
    """The marks read from a CAS, by ref (``xmi<id>``), and the actors they name, by id."""

    text: str
    report: DocumentProblems
    marks: dict[str, DraftMark] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    role_holders: list[tuple[DraftMark, Any]] = field(default_factory=list)  # claims, sentiments

    def add_span(self, fs: Any) -> None:
        """Add a span annotation with a length as a mark (our types' by their features)."""
        if fs.begin >= fs.end:
            return
        name, ref = fs.type.name, f"xmi{fs.xmiID}"
        mark = DraftMark(start=fs.begin, end=fs.end, text=self.text[fs.begin : fs.end], ref=ref)
        if name in _OURS:
            mark.id = _text(fs, "markId") or None
        _TYPE_FEATURES.get(name, _foreign_features)(mark, fs)
        if name in _OURS and not mark.label:
            where = f"{name} {fs.begin}-{fs.end} (xmi:id {fs.xmiID})"
            self.report.problem(f"{where}: no label feature set", ProblemCode.BAD_MARK)
        if name == ACTOR and mark.actor:
            self.actors.setdefault(
                mark.actor,
                Actor(
                    id=mark.actor,
                    name=_text(fs, "actorName") or mark.text,
                    type=mark.label,
                    country=_text(fs, "actorCountry"),
                ),
            )
        self.marks[ref] = mark
        if name in (CLAIM, SENTIMENT):
            self.role_holders.append((mark, fs))

    def add_relation(self, relation: Any) -> None:
        """Give the claim or sentiment a ClaimRelation governs the actor mention it points to."""
        role = feature(relation, "role")
        governor, dependent = feature(relation, "Governor"), feature(relation, "Dependent")
        here = f"{RELATION} xmi:id {relation.xmiID}"
        if role not in ROLES:
            message = f"{here}: role {role!r} is not 'speaker' or 'target'"
            self.report.problem(message, ProblemCode.BAD_MARK)
            return
        if governor is None or dependent is None:
            message = f"{here}: Governor or Dependent missing"
            self.report.problem(message, ProblemCode.UNKNOWN_REFERENCE)
            return
        governing = self.marks.get(f"xmi{governor.xmiID}")
        mention = self.marks.get(f"xmi{dependent.xmiID}")
        if governing is None or mention is None or mention.kind != "actor":
            message = f"{here}: must join a claim or sentiment to an actor mention"
            self.report.problem(message, ProblemCode.UNKNOWN_REFERENCE)
            return
        setattr(governing, f"{role}_mark", mention.ref)

    def add_roles_from_features(self) -> None:
        """Take a speaker or target no relation gave from the claim's own features."""
        for mark, fs in self.role_holders:
            for role, (id_name, name_name, type_name) in ROLE_FEATURES.items():
                actor_id = _text(fs, id_name)
                if not actor_id or getattr(mark, f"{role}_mark") is not None:
                    continue
                setattr(mark, role, actor_id)
                name, type_ = _text(fs, name_name), _text(fs, type_name)
                if name and type_:
                    self.actors.setdefault(actor_id, Actor(id=actor_id, name=name, type=type_))
