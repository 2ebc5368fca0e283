"""doccano JSONL: sequence labeling, relation extraction and text classification lines.

Offsets count **UTF-16 code units** by default (``--option offsets=utf16``), end exclusive:
doccano's server keeps whatever offsets it is given, but its annotation page is JavaScript and
counts UTF-16 units, so spans on text with emoji (or any character outside the Basic
Multilingual Plane) are drawn and made in UTF-16 units. ``--option offsets=codepoints`` reads and
writes Python ``str`` indexes instead (files written by scripts, or by doccano's own Python
exporter from spans uploaded in code points). On text without such characters both agree.
Offsets are converted here, at the boundary, with :class:`annotator.core.offsets.Utf16Map`;
a UTF-16 end inside a surrogate pair takes the whole character.

**Read.** One JSON object per line with ``text`` and any of:

- ``label: [[start, end, "LABEL"], …]`` (sequence labeling) and/or ``label: ["cat", …]`` (text
  classification); ``cats: ["cat", …]`` (intent detection);
- ``entities: [{id, start_offset, end_offset, label}, …]`` (or ``[start, end, label]`` lists)
  and ``relations: [{from_id, to_id, type}, …]`` (relation extraction);
- legacy doccano 1.0 ``annotations: [{label, start_offset, end_offset, user}, …]`` (numeric
  label ids become the labels ``"1"``, ``"2"`` …; map them with ``--map-label``; each ``user``
  becomes the coder ``doccano-user-<id>``).

A line without spans or categories is an article. Span labels are resolved by the import
(tag-set names or ``--map-label``). Relations typed ``speaker`` / ``target`` make the
mention they point to the claim's speaker / target (the sentiment span's target); relations of
other types are reported as warnings and dropped. Category labels become document labels:
``tone:X``, ``focus_stance:X``, ``topic:X``; an unprefixed category is taken as the one
document field of the tag set that has a value of that name (``negative`` → tone), and one that
fits several or none is reported.

**Write.** One line per article and coder in doccano's relation-extraction shape (what a
doccano "sequence labeling with relations" project imports and exports), with extra top-level
fields, which doccano keeps as the example's metadata::

  {"text": …, "entities": [{"id": 1, "label": "Country", "start_offset": 4, "end_offset": 12}],
   "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "speaker"}],
   "cats": ["tone:positive", "topic:Economic cooperation"],
   "annotator": "alice", "article_id": …, "title": …, "date": …, "source": …, "meta": {…},
   "status": "done", "note": "",
   "actors": [{"id": …, "name": "Pakistan", "type": "Country", "country": null,
               "aliases": [...], "mentions": [[4, 12]]}],
   "attributes": [{"start_offset": …, "end_offset": …, "label": …, "stance": "support",
                   "form": "direct quote"}]}

- entities: every mark, labelled with its tag-set label (actor type, claim topic, polarity);
  ids are 1, 2, … in (start, end, kind, label) order.
- relations: claim → speaker and claim → target, sentiment span → target, each to the
  **nearest mention of that actor** in the same coder's marks on the article (least distance
  in characters between the spans, 0 when they overlap; ties go to the earlier mention).
- the coder is the line's ``annotator`` field (doccano itself records none per line).
- actors: the canonical actors (id, name, type, country, aliases) with the offsets of their
  mentions, since doccano entities cannot carry extra fields.
- attributes: doccano has no span attributes, so a claim's stance and form and a sentiment
  span's intensity are listed here by offsets and label (labels are not overloaded with them,
  so the doccano label set stays the tag set's). A speaker or target the article never
  mentions cannot be a relation, so it is kept here as ``speaker`` / ``target`` (an actor id).

On reading back, a relation wins over an attribute for the same role.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import ProblemCode
from annotator.core.model import AnnotatedDocument
from annotator.core.offsets import Utf16Map
from annotator.core.tagset import TagSet
from annotator.formats._common import (
    ROLES,
    actor_json,
    actors_from_json,
    article_from,
    is_offset,
    role_links,
    sorted_marks,
)
from annotator.formats._drafts import DraftMark, DraftRecord
from annotator.formats.base import (
    SHAPE_ERRORS,
    AnnotationRecord,
    annotation_record,
    ArticleRecord,
    Format,
    FormatContext,
    FormatOption,
    Origin,
    ReadResult,
    first_json_element,
    is_lenient,
    json_document_objects,
    json_lines,
    json_loads,
    json_value,
    jsonl_writers,
    one_record,
    shape_problem,
)

EXTENSIONS = (".jsonl",)
DOCUMENT_PREFIXES = {"tone": "tone", "focus_stance": "focus_stance", "topic": "topics"}
OFFSETS = FormatOption(
    "offsets",
    "Offsets count",
    ("utf16", "codepoints"),
    help="utf16: UTF-16 units, as doccano's annotation page counts (an emoji is 2); "
    "codepoints: Python str indexes, as scripts write them (an emoji is 1)",
)


def document_categories(coding: AnnotatedDocument) -> list[str]:
    """Return the document labels as prefixed categories (``tone:positive``)."""
    doc = coding.document
    cats = []
    if doc.tone is not None:
        cats.append(f"tone:{doc.tone}")
    if doc.focus_stance is not None:
        cats.append(f"focus_stance:{doc.focus_stance}")
    cats += [f"topic:{t}" for t in doc.topics]
    return cats


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


def add_category(document: dict[str, Any], field: str, value: str) -> None:
    """Add one document label to a record's ``document`` object."""
    if field == "topics":
        if value not in document.setdefault("topics", []):
            document["topics"].append(value)
    else:
        document[field] = value


# -- reading ----------------------------------------------------------------------------------


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


def read_doccano_file(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read doccano JSONL lines into articles and annotation records, collecting problems."""
    utf16 = OFFSETS.value(context) == "utf16"
    lenient = is_lenient(context)
    for data, origin in _records(path, result, lenient):
        with one_record(result, lenient):
            try:
                if utf16:
                    _convert_offsets(data, _from_utf16)
                _read_line(data, origin, result, context)
            except SHAPE_ERRORS as exc:  # "actors": 5, and the like
                result.problems.append(shape_problem(origin, "doccano record", exc))


def _records(
    path: Path, result: ReadResult, lenient: bool
) -> Iterator[tuple[dict[str, Any], Origin]]:
    """Yield a doccano file's records: JSON lines, or the elements of one JSON document."""
    if not _is_one_json_document(path):
        yield from json_lines(path, result, lenient)
        return
    yield from json_document_objects(path, result, lenient)


def _convert_offsets(data: dict[str, Any], convert: Callable[[Utf16Map, Any, bool], Any]) -> None:
    """Convert, in place, every offset of a doccano line (spans, entities, doccano 1.0
    annotations, our attributes and actor mentions) with ``convert(map, offset, is_end)``."""
    text = data.get("text")
    if not isinstance(text, str):
        return
    units = Utf16Map(text)

    def pair(item: Any, start_key: Any, end_key: Any) -> None:
        item[start_key] = convert(units, item[start_key], False)
        item[end_key] = convert(units, item[end_key], True)

    for key in ("label", "entities"):
        for item in data.get(key) or () if isinstance(data.get(key), list) else ():
            if isinstance(item, list) and len(item) == 3:
                pair(item, 0, 1)
            elif isinstance(item, dict) and "start_offset" in item and "end_offset" in item:
                pair(item, "start_offset", "end_offset")
    for key in ("annotations", "attributes"):
        items = _extra(data, key) if key == "attributes" else data.get(key)
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and "start_offset" in item and "end_offset" in item:
                pair(item, "start_offset", "end_offset")
    actors = _extra(data, "actors")
    for actor in actors if isinstance(actors, list) else ():
        mentions = actor.get("mentions") if isinstance(actor, dict) else None
        for span in mentions if isinstance(mentions, list) else ():
            if isinstance(span, list) and len(span) == 2:
                pair(span, 0, 1)


def _from_utf16(units: Utf16Map, offset: Any, is_end: bool) -> Any:
    """Return the code-point offset of a UTF-16 one (anything else as it is, for the checks
    to name); an end inside a surrogate pair takes the whole character."""
    if not is_offset(offset) or not 0 <= offset <= units.utf16_length:
        return offset
    found = units.from_utf16(offset)
    return found + 1 if is_end and units.to_utf16(found) != offset else found


def _to_utf16(units: Utf16Map, offset: Any, is_end: bool) -> Any:
    return units.to_utf16(offset)


def _extra(data: dict[str, Any], key: str) -> Any:
    """Return one of our extra fields, top level or (as doccano may keep it) inside meta."""
    if key in data:
        return data[key]
    meta = data.get("meta")
    return meta.get(key) if isinstance(meta, dict) else None


def _read_line(
    data: dict[str, Any], origin: Origin, result: ReadResult, context: FormatContext
) -> None:
    text = data.get("text")
    if not isinstance(text, str):
        result.problems.append(
            origin.problem('missing "text" (a string)', code=ProblemCode.MISSING_TEXT)
        )
        return
    problems: list[str] = []
    marks: list[DraftMark] = []
    categories: list[str] = []
    relations: list[tuple[str, str, str]] = []  # (from ref, to ref, type)
    label = data.get("label")
    if label is not None and not isinstance(label, list):
        problems.append('"label" must be a list')
        label = None
    for index, item in enumerate(label or []):
        if isinstance(item, str):
            categories.append(item)
        elif isinstance(item, list) and len(item) == 3:
            marks.append(_span(item[0], item[1], item[2], None, text, f"label[{index}]", problems))
        else:
            problems.append(f"label[{index}]: expected [start, end, label] or a category name")
    cats = data.get("cats")
    if cats is not None:
        if isinstance(cats, list) and all(isinstance(c, str) for c in cats):
            categories += cats
        else:
            problems.append('"cats" must be a list of category names')
    entities = data.get("entities")
    if entities is not None and not isinstance(entities, list):
        problems.append('"entities" must be a list')
        entities = None
    seen: set[str] = set()
    for index, item in enumerate(entities or []):
        where = f"entities[{index}]"
        if isinstance(item, list) and len(item) == 3:
            marks.append(_span(item[0], item[1], item[2], None, text, where, problems))
        elif isinstance(item, dict):
            ref = item.get("id")
            if ref is not None:
                ref = str(ref)
                if ref in seen:
                    problems.append(f"{where}: duplicate entity id {item['id']}")
                    continue
                seen.add(ref)
            marks.append(
                _span(
                    item.get("start_offset"),
                    item.get("end_offset"),
                    item.get("label"),
                    ref,
                    text,
                    where,
                    problems,
                )
            )
        else:
            problems.append(f"{where}: expected an object with start_offset, end_offset, label")
    raw_relations = data.get("relations")
    if raw_relations is not None and not isinstance(raw_relations, list):
        problems.append('"relations" must be a list')
        raw_relations = None
    for index, item in enumerate(raw_relations or []):
        where = f"relations[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            problems.append(f"{where}: expected an object with from_id, to_id and type")
            continue
        from_ref, to_ref = str(item.get("from_id")), str(item.get("to_id"))
        missing = [r for r in (from_ref, to_ref) if r not in seen]
        if missing:
            problems.append(f"{where}: entity id {missing[0]} is not among the entities")
            continue
        relations.append((from_ref, to_ref, item["type"]))
    by_user = _legacy_annotations(data.get("annotations"), text, problems)
    if problems:
        result.problems += [origin.problem(p) for p in problems]
        return
    article = article_from(data, text, origin)
    if isinstance(article, str):
        result.problems.append(origin.problem(article))
        return
    if not marks and not categories and not by_user:
        result.articles.append(ArticleRecord(article, origin))
        return
    if by_user:
        for user, user_marks in by_user.items():
            draft = DraftRecord(marks=user_marks, annotator=user or None)
            result.annotations.append(AnnotationRecord(article, draft, origin))
        if not marks and not categories:
            return
    built = _record(data, marks, categories, relations, origin, result, context)
    if built is not None:
        record = annotation_record(article, built, origin, result)
        if record is not None:
            result.annotations.append(record)


def _span(
    start: Any, end: Any, label: Any, ref: str | None, text: str, where: str, problems: list[str]
) -> DraftMark:
    """Return a draft mark for a span; offsets outside the text are left for the import to name."""
    if not (is_offset(start) and is_offset(end)):
        problems.append(f"{where}: start and end must be integers")
    if not isinstance(label, str | int) or isinstance(label, bool):
        problems.append(f"{where}: label must be a string")
    in_text = is_offset(start) and is_offset(end) and 0 <= start < end <= len(text)
    # Outside the text the import names the offsets and the text length (and --lenient skips).
    return DraftMark(
        start=start, end=end, label=str(label), text=text[start:end] if in_text else "", ref=ref
    )


def _legacy_annotations(value: Any, text: str, problems: list[str]) -> dict[str, list[DraftMark]]:
    """Return doccano 1.0 ``annotations`` as raw marks by coder."""
    if value is None:
        return {}
    if not isinstance(value, list):
        problems.append('"annotations" must be a list')
        return {}
    by_user: dict[str, list[DraftMark]] = {}
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            problems.append(f"annotations[{index}]: expected an object")
            continue
        user = item.get("user")
        coder = f"doccano-user-{user}" if user is not None else ""
        mark = _span(
            item.get("start_offset"),
            item.get("end_offset"),
            item.get("label"),
            None,
            text,
            f"annotations[{index}]",
            problems,
        )
        by_user.setdefault(coder, []).append(mark)
    return {k: v for k, v in sorted(by_user.items())}


def _record(
    data: dict[str, Any],
    marks: list[DraftMark],
    categories: list[str],
    relations: list[tuple[str, str, str]],
    origin: Origin,
    result: ReadResult,
    context: FormatContext,
) -> dict[str, Any] | None:
    """Build the annotation record of a line, or record its problems and return None."""
    problems: list[str] = []
    actors, actor_problems = actors_from_json(_extra(data, "actors"))
    problems += actor_problems
    actor_ids = {a["id"] for a in actors}
    raw_actors = _extra(data, "actors") or []
    for actor, raw in zip(actors, [a for a in raw_actors if isinstance(a, dict)], strict=False):
        for span in raw.get("mentions") or []:
            if isinstance(span, list) and len(span) == 2:
                for mark in marks:
                    if [mark.start, mark.end] == span and mark.label == actor["type"]:
                        mark.actor = actor["id"]
    by_ref = {m.ref: m for m in marks if m.ref is not None}
    for from_ref, to_ref, type_ in relations:
        role = type_.casefold()
        if role in ROLES:
            setattr(by_ref[from_ref], f"{role}_mark", to_ref)
        else:
            result.warnings.append(
                origin.problem(f"relation type {type_!r} ignored (only speaker and target)")
            )
    attributes = _extra(data, "attributes") or []
    if not isinstance(attributes, list):
        problems.append('"attributes" must be a list')
        attributes = []
    for index, item in enumerate(attributes):
        matches = [
            m
            for m in marks
            if isinstance(item, dict)
            and [m.start, m.end, m.label]
            == [item.get("start_offset"), item.get("end_offset"), item.get("label")]
        ]
        if not matches:
            problems.append(f"attributes[{index}]: no entity with these offsets and label")
            continue
        for mark in matches:
            for key in ("stance", "form", "intensity"):
                if item.get(key) is not None:
                    setattr(mark, key, item[key])
            for role in ROLES:
                actor_id = item.get(role)
                if actor_id is None or getattr(mark, f"{role}_mark") is not None:
                    continue  # a relation wins
                if actor_id not in actor_ids:
                    problems.append(f"attributes[{index}]: {role} {actor_id} is not in actors")
                else:
                    setattr(mark, role, actor_id)
    document: dict[str, Any] = {}
    for category in categories:
        found = document_field(category, context.tagset)
        if isinstance(found, str):
            problems.append(found)
        else:
            add_category(document, *found)
    status, note = _extra(data, "status"), _extra(data, "note")
    if isinstance(status, str):
        document["status"] = status
    if isinstance(note, str) and note:
        document["note"] = note
    if problems:
        result.problems += [origin.problem(p) for p in problems]
        return None
    record: dict[str, Any] = {"document": document, "actors": actors, "marks": marks}
    annotator = _extra(data, "annotator")
    if isinstance(annotator, str) and annotator.strip():
        record["annotator"] = annotator.strip()
    return record


# -- writing ----------------------------------------------------------------------------------


def build_line(coding: AnnotatedDocument) -> dict[str, Any]:
    """Return one coder's coding of one article as a doccano relation-extraction line."""
    article = coding.article
    marks = sorted_marks(coding.marks)
    entity_ids = {m.id: n for n, m in enumerate(marks, start=1)}
    relations: list[dict[str, Any]] = []
    fallback: dict[str, dict[str, str]] = {}  # mark id -> role -> actor id without a mention
    for mark, role, mention, actor_id in role_links(marks):
        if mention is None:
            fallback.setdefault(mark.id, {})[role] = actor_id
        else:
            relations.append(
                {
                    "id": len(relations) + 1,
                    "from_id": entity_ids[mark.id],
                    "to_id": entity_ids[mention.id],
                    "type": role,
                }
            )
    attributes = []
    for mark in marks:
        values: dict[str, Any] = {
            "stance": mark.stance,
            "form": mark.form,
            "intensity": mark.intensity,
            **fallback.get(mark.id, {}),
        }
        values = {k: v for k, v in values.items() if v is not None}
        if values:
            attributes.append(
                {"start_offset": mark.start, "end_offset": mark.end, "label": mark.label, **values}
            )
    return {
        "text": article.text,
        "entities": [
            {"id": entity_ids[m.id], "label": m.label, "start_offset": m.start, "end_offset": m.end}
            for m in marks
        ],
        "relations": relations,
        "cats": document_categories(coding),
        "annotator": coding.annotator,
        "article_id": article.id,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "meta": json_value(article.meta),
        "status": coding.document.status.value,
        "note": coding.document.note,
        "actors": actor_json(coding, with_mentions=True),
        "attributes": attributes,
    }


def line_builder(context: FormatContext | None) -> Callable[[AnnotatedDocument], dict[str, Any]]:
    """Return the line builder for the context's ``offsets`` option (checked here, up front)."""
    if OFFSETS.value(context) == "codepoints":
        return build_line

    def build_utf16_line(coding: AnnotatedDocument) -> dict[str, Any]:
        line = build_line(coding)
        _convert_offsets(line, _to_utf16)
        return line

    return build_utf16_line


# One line per article and coder, UTF-8, not ASCII-escaped, keys in a stable order.
stream_documents, write_documents = jsonl_writers(build_line, line_builder)


FORMAT = Format(
    name="doccano",
    title="doccano JSONL",
    extensions=EXTENSIONS,
    carries=frozenset(
        {"articles", "spans", "relations", "attributes", "document labels", "coders"}
    ),
    read=read_doccano_file,
    write=write_documents,
    stream=stream_documents,
    sniff=sniff,
    read_options=(OFFSETS,),
    write_options=(OFFSETS,),
)
