"""Reading doccano lines into articles and draft records.

A line is read in two steps: its spans (``label``, ``entities``, ``relations``, doccano 1.0
``annotations``) and categories are parsed into :class:`LineSpans`, then our extra fields
(actors, attributes, status, note, annotator) complete the line's draft. A line with any
problem gives nothing but its problems, so ``--lenient`` skips exactly that line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import InputProblem, ProblemCode
from annotator.core.model import Actor
from annotator.core.tagset import TagSet
from annotator.formats._common import ROLES, actors_from_json, article_or_problem, is_offset
from annotator.formats._drafts import DraftDocument, DraftMark, DraftRecord, actor_from_json
from annotator.formats.base import (
    SHAPE_ERRORS,
    AnnotationRecord,
    ArticleRecord,
    FormatContext,
    Origin,
    ReadResult,
    first_json_element,
    is_lenient,
    json_document_objects,
    json_lines,
    json_loads,
    one_record,
    shape_problem,
)
from annotator.formats.doccano.common import (
    DOCUMENT_PREFIXES,
    OFFSETS,
    convert_offsets,
    extra,
    from_utf16,
)

# -- telling doccano files from ours -------------------------------------------------------------


def _first_line(path: Path) -> str | None:
    """Return a file's first line that is not blank (None: none, or unreadable)."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return next((line for line in handle if line.strip()), None)
    except (OSError, UnicodeDecodeError):
        return None


def _is_one_json_document(path: Path) -> bool:
    """Say whether a doccano file is one JSON document (an array of records, or one record
    pretty-printed, as doccano's own relation example is) rather than JSON lines."""
    line = _first_line(path)
    if line is None:
        return False
    if line.lstrip().startswith("["):
        return True
    try:
        json_loads(line)
    except (json.JSONDecodeError, RecursionError):
        return line.lstrip().startswith("{")
    return False


def sniff(path: Path) -> bool:
    """Say whether a .jsonl file's first record looks like doccano's rather than ours."""
    if _is_one_json_document(path):
        data = first_json_element(path)
    else:
        line = _first_line(path)
        try:
            data = json_loads(line) if line is not None else None
        except (json.JSONDecodeError, RecursionError):
            return False
    if not isinstance(data, dict) or "marks" in data:
        return False
    return (
        isinstance(data.get("label"), list)
        or "entities" in data
        or "relations" in data
        or isinstance(data.get("cats"), list)
        or isinstance(data.get("annotations"), list)
    )


# -- the file, line by line ----------------------------------------------------------------------


def read_doccano_file(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read doccano JSONL lines into articles and annotation records, collecting problems."""
    utf16 = OFFSETS.value(context) == "utf16"
    lenient = is_lenient(context)
    for data, origin in _records(path, result, lenient):
        with one_record(result, lenient):
            try:
                if utf16:
                    convert_offsets(data, from_utf16)
                line = _read_line(data, origin, context.tagset)
            except SHAPE_ERRORS as exc:  # "actors": 5, and the like
                result.problems.append(shape_problem(origin, "doccano record", exc))
                continue
            _add_line(result, line)


def _records(
    path: Path, result: ReadResult, lenient: bool
) -> Iterator[tuple[dict[str, Any], Origin]]:
    """Yield a doccano file's records: JSON lines, or the elements of one JSON document."""
    if not _is_one_json_document(path):
        yield from json_lines(path, result, lenient)
        return
    yield from json_document_objects(path, result, lenient)


def _add_line(result: ReadResult, line: ReadResult) -> None:
    """Add what one line gave to the file's result: its problems alone, if it has any."""
    if line.problems:
        result.problems += line.problems
        return
    result.articles += line.articles
    result.annotations += line.annotations
    result.warnings += line.warnings


class LineProblems:
    """The problems found in one line, each with its code."""

    def __init__(self, origin: Origin):
        self.origin = origin
        self.found: list[InputProblem] = []

    def add(self, message: str, code: ProblemCode = ProblemCode.BAD_SHAPE) -> None:
        """Note a problem of the line (a value of the wrong shape, unless ``code`` says)."""
        self.found.append(self.origin.problem(message, code=code))


@dataclass(frozen=True)
class Relation:
    """A doccano relation: the ids of the entities it goes from and to, and its type."""

    from_ref: str
    to_ref: str
    type: str


@dataclass
class LineSpans:
    """What a line annotates: spans (entities keep their ids as ``ref``), categories,
    relations between entities, and doccano 1.0 annotations by coder."""

    marks: list[DraftMark] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    by_user: dict[str, list[DraftMark]] = field(default_factory=dict)


def _read_line(data: dict[str, Any], origin: Origin, tagset: TagSet) -> ReadResult:
    """Return what one line gives: an article, or its coders' drafts, or its problems."""
    line = ReadResult()
    text = data.get("text")
    if not isinstance(text, str):
        message = 'missing "text" (a string)'
        line.problems.append(origin.problem(message, code=ProblemCode.MISSING_TEXT))
        return line
    problems = LineProblems(origin)
    spans = _line_spans(data, text, problems)
    if problems.found:
        line.problems = problems.found
        return line
    article = article_or_problem(data, text, origin)
    if isinstance(article, InputProblem):
        line.problems.append(article)
        return line
    if not spans.marks and not spans.categories and not spans.by_user:
        line.articles.append(ArticleRecord(article, origin))
        return line
    drafts = [DraftRecord(marks=m, annotator=user or None) for user, m in spans.by_user.items()]
    if spans.marks or spans.categories:
        drafts.append(_line_draft(data, spans, tagset, problems, line.warnings))
    line.problems = problems.found  # with any, _add_line keeps nothing else of the line
    line.annotations = [AnnotationRecord(article, draft, origin) for draft in drafts]
    return line


# -- spans, categories and relations -------------------------------------------------------------


def _line_spans(data: dict[str, Any], text: str, problems: LineProblems) -> LineSpans:
    """Return a line's spans, categories and relations (doccano's own fields)."""
    spans = LineSpans()
    _read_labels(_list_field(data, "label", problems), text, spans, problems)
    cats = data.get("cats")
    if cats is not None:
        if isinstance(cats, list) and all(isinstance(c, str) for c in cats):
            spans.categories += cats
        else:
            problems.add('"cats" must be a list of category names')
    ids = _read_entities(_list_field(data, "entities", problems), text, spans, problems)
    _read_relations(_list_field(data, "relations", problems), ids, spans, problems)
    spans.by_user = _legacy_annotations(_list_field(data, "annotations", problems), text, problems)
    return spans


def _list_field(data: dict[str, Any], key: str, problems: LineProblems) -> list[Any]:
    """Return a field that must be a list if given (none: empty)."""
    value = data.get(key)
    if value is not None and not isinstance(value, list):
        problems.add(f'"{key}" must be a list')
        return []
    return value or []


def _read_labels(items: list[Any], text: str, spans: LineSpans, problems: LineProblems) -> None:
    """Read ``label``: [start, end, label] spans (sequence labeling) and category names."""
    for index, item in enumerate(items):
        if isinstance(item, str):
            spans.categories.append(item)
        elif isinstance(item, list) and len(item) == 3:
            spans.marks.append(_span(*item, None, text, f"label[{index}]", problems))
        else:
            problems.add(f"label[{index}]: expected [start, end, label] or a category name")


def _read_entities(
    items: list[Any], text: str, spans: LineSpans, problems: LineProblems
) -> set[str]:
    """Read ``entities`` (objects with ids, or [start, end, label] lists); return their ids."""
    ids: set[str] = set()
    for index, item in enumerate(items):
        where = f"entities[{index}]"
        if isinstance(item, list) and len(item) == 3:
            spans.marks.append(_span(*item, None, text, where, problems))
        elif not isinstance(item, dict):
            problems.add(f"{where}: expected an object with start_offset, end_offset, label")
        elif item.get("id") is not None and str(item["id"]) in ids:
            problems.add(f"{where}: duplicate entity id {item['id']}", ProblemCode.BAD_MARK)
        else:
            ref = str(item["id"]) if item.get("id") is not None else None
            if ref is not None:
                ids.add(ref)
            start, end = item.get("start_offset"), item.get("end_offset")
            spans.marks.append(_span(start, end, item.get("label"), ref, text, where, problems))
    return ids


def _read_relations(
    items: list[Any], ids: set[str], spans: LineSpans, problems: LineProblems
) -> None:
    """Read ``relations`` between the line's entities, by their ids."""
    for index, item in enumerate(items):
        where = f"relations[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            problems.add(f"{where}: expected an object with from_id, to_id and type")
            continue
        relation = Relation(str(item.get("from_id")), str(item.get("to_id")), item["type"])
        missing = [r for r in (relation.from_ref, relation.to_ref) if r not in ids]
        if missing:
            message = f"{where}: entity id {missing[0]} is not among the entities"
            problems.add(message, ProblemCode.UNKNOWN_REFERENCE)
            continue
        spans.relations.append(relation)


def _legacy_annotations(
    items: list[Any], text: str, problems: LineProblems
) -> dict[str, list[DraftMark]]:
    """Return doccano 1.0 ``annotations`` as marks by coder (``doccano-user-<id>``; "" for
    annotations without a user: the import's coder)."""
    by_user: dict[str, list[DraftMark]] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.add(f"annotations[{index}]: expected an object")
            continue
        user = item.get("user")
        coder = f"doccano-user-{user}" if user is not None else ""
        start, end, label = item.get("start_offset"), item.get("end_offset"), item.get("label")
        mark = _span(start, end, label, None, text, f"annotations[{index}]", problems)
        by_user.setdefault(coder, []).append(mark)
    return dict(sorted(by_user.items()))


def _span(
    start: Any, end: Any, label: Any, ref: str | None, text: str, where: str, problems: LineProblems
) -> DraftMark:
    """Return a draft mark for a span; offsets outside the text are left for the import to name."""
    if not (is_offset(start) and is_offset(end)):
        problems.add(f"{where}: start and end must be integers")
    if not isinstance(label, str | int) or isinstance(label, bool):
        problems.add(f"{where}: label must be a string")
    in_text = is_offset(start) and is_offset(end) and 0 <= start < end <= len(text)
    # Outside the text the import names the offsets and the text length (and --lenient skips).
    return DraftMark(
        start=start, end=end, label=str(label), text=text[start:end] if in_text else "", ref=ref
    )


# -- our extra fields: actors, attributes, document labels, the coder ----------------------------


@dataclass(frozen=True)
class LineActor:
    """An actor a line lists, with the offsets of its mentions."""

    id: str
    type: str
    mentions: list[Any]  # [start, end] pairs as the line gives them


def _line_draft(
    data: dict[str, Any],
    spans: LineSpans,
    tagset: TagSet,
    problems: LineProblems,
    warnings: list[InputProblem],
) -> DraftRecord:
    """Return the draft of a line's spans and categories, completed by our extra fields."""
    listed, actors = _line_actors(data, problems)
    for actor in listed:
        _link_mentions(actor, spans.marks)
    _link_relations(spans, problems.origin, warnings)
    _apply_attributes(extra(data, "attributes"), spans.marks, {a.id for a in listed}, problems)
    annotator = extra(data, "annotator")
    return DraftRecord(
        marks=spans.marks,
        annotator=annotator.strip() if isinstance(annotator, str) and annotator.strip() else None,
        document=_document(spans.categories, data, tagset, problems),
        actors=actors,
    )


def _line_actors(
    data: dict[str, Any], problems: LineProblems
) -> tuple[list[LineActor], list[Actor]]:
    """Return the actors a line lists (our ``actors`` field) with their mentions, and as Actors."""
    given = extra(data, "actors")
    found, messages = actors_from_json(given)
    for message in messages:
        problems.add(message)
    objects = [a for a in given or [] if isinstance(a, dict)]  # "actors": 5 raises here
    listed = [
        LineActor(actor["id"], actor["type"], list(raw.get("mentions") or []))
        for actor, raw in zip(found, objects, strict=False)
    ]
    try:
        return listed, [actor_from_json(actor) for actor in found]
    except SHAPE_ERRORS as exc:  # a country that is no string, and the like
        problems.found.append(shape_problem(problems.origin, "record", exc))
        return listed, []


def _link_mentions(actor: LineActor, marks: list[DraftMark]) -> None:
    """Make the marks at an actor's mentions (with its type as label) mentions of it."""
    for span in actor.mentions:
        if isinstance(span, list) and len(span) == 2:
            for mark in marks:
                if [mark.start, mark.end] == span and mark.label == actor.type:
                    mark.actor = actor.id


def _link_relations(spans: LineSpans, origin: Origin, warnings: list[InputProblem]) -> None:
    """Make speaker and target relations the marks' references to the mentions they point
    to; warn about (and drop) relations of other types."""
    by_ref = {m.ref: m for m in spans.marks if m.ref is not None}
    for relation in spans.relations:
        role = relation.type.casefold()
        if role in ROLES:
            setattr(by_ref[relation.from_ref], f"{role}_mark", relation.to_ref)
        else:
            message = f"relation type {relation.type!r} ignored (only speaker and target)"
            warnings.append(origin.problem(message))


def _apply_attributes(
    given: Any, marks: list[DraftMark], actor_ids: set[str], problems: LineProblems
) -> None:
    """Set what our ``attributes`` say of the marks at their offsets and label: stance,
    form, intensity, and a speaker or target by actor id (a relation wins over it)."""
    if not given:  # null, and (as ever) any empty value
        return
    if not isinstance(given, list):
        problems.add('"attributes" must be a list')
        return
    for index, item in enumerate(given):
        matches = _attribute_marks(item, marks)
        if not matches:
            message = f"attributes[{index}]: no entity with these offsets and label"
            problems.add(message, ProblemCode.UNKNOWN_REFERENCE)
        for mark in matches:
            _set_attributes(mark, item, actor_ids, f"attributes[{index}]", problems)


def _attribute_marks(item: Any, marks: list[DraftMark]) -> list[DraftMark]:
    """Return the marks an attribute object names by offsets and label."""
    if not isinstance(item, dict):
        return []
    named = [item.get("start_offset"), item.get("end_offset"), item.get("label")]
    return [m for m in marks if [m.start, m.end, m.label] == named]


def _set_attributes(
    mark: DraftMark, item: dict[str, Any], actor_ids: set[str], where: str, problems: LineProblems
) -> None:
    for key in ("stance", "form", "intensity"):
        if item.get(key) is not None:
            setattr(mark, key, item[key])
    for role in ROLES:
        actor_id = item.get(role)
        if actor_id is None or getattr(mark, f"{role}_mark") is not None:
            continue  # a relation wins
        if actor_id not in actor_ids:
            problems.add(f"{where}: {role} {actor_id} is not in actors", ProblemCode.UNKNOWN_ACTOR)
        else:
            setattr(mark, role, actor_id)


def _document(
    categories: list[str], data: dict[str, Any], tagset: TagSet, problems: LineProblems
) -> DraftDocument:
    """Return a line's document labels: its categories, our status and note."""
    labels: dict[str, str] = {}
    topics: list[str] = []
    for category in categories:
        found = document_field(category, tagset)
        if isinstance(found, str):
            problems.add(found, ProblemCode.BAD_DOCUMENT)
        elif found[0] != "topics":
            labels[found[0]] = found[1]
        elif found[1] not in topics:
            topics.append(found[1])
    status, note = extra(data, "status"), extra(data, "note")
    return DraftDocument(
        tone=labels.get("tone"),
        focus_stance=labels.get("focus_stance"),
        topics=tuple(topics),
        status=status if isinstance(status, str) else None,
        note=note if isinstance(note, str) else "",
    )


def document_field(category: str, tagset: TagSet) -> tuple[str, str] | str:
    """Return (document field, value) for a category, or a message saying why it fits none."""
    prefix, sep, value = category.partition(":")
    if sep and prefix in DOCUMENT_PREFIXES:
        return DOCUMENT_PREFIXES[prefix], value
    fits = [
        name
        for name, labels in (
            ("tone", tagset.tone),
            ("focus_stance", tagset.focus_stance),
            ("topics", tagset.topics),
        )
        if any(label.name == category for label in labels)
    ]
    if len(fits) == 1:
        return fits[0], category
    why = "fits " + " and ".join(fits) if fits else "is not a document label of the tag set"
    return (
        f"category {category!r} {why}; write it as tone:{category}, "
        f"focus_stance:{category} or topic:{category}"
    )
