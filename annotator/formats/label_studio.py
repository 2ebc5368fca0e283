"""Label Studio JSON (tasks with ``annotations[].result[]``) and JSON-MIN, plus the labeling config.

**Offsets.** Label Studio's text results carry ``value.start`` / ``value.end``. Its browser
front end once counted UTF-16 code units (JavaScript string indexes), which shifted every span
after an emoji (label-studio#1347, #1008); it has since stored code points ("Fix offsets in Text
with emoji", label-studio#1559 / label-studio-frontend#308, whose tests expect
``🐱 Warning: This is a test text`` to give ``test`` at 21-25, the code-point offsets). So
Label Studio's unit is taken to be the code point, the same as ours, and we write code points.
Reading converts in one place (``code_point_span``): when a result's offsets do not match its
``value.text`` but the UTF-16 reading of them does, they were written by an old front end and
are converted, with a warning per task. (The fixtures from Label Studio 1.23.2 are BMP-only,
where both units agree.)

**What we write** (``label-studio``): one task per article, one annotation per coder::

  {"id": 1, "data": {"text": …, "article_id": …, "title": …, "date": …, "source": …,
                     "actors": [{"id", "name", "type", "country", "aliases"}]},
   "meta": {article meta}, "predictions": [],
   "annotations": [{"id": 1, "ground_truth": false, "was_cancelled": false, "result": [
       {"id": "r1", "from_name": "actor", "to_name": "text", "type": "labels",
        "value": {"start": 0, "end": 8, "text": "Pakistan", "labels": ["Country"]},
        "meta": {"text": ["Pakistan"], "actor": "<actor id>"}},
       {"id": "r2", "from_name": "claim", … "labels": ["Bilateral friendship"]}},
       {"id": "r2", "from_name": "stance", "type": "choices",
        "value": {"start": …, "end": …, "text": …, "choices": ["support"]}},
       {"from_id": "r2", "to_id": "r1", "type": "relation", "direction": "right",
        "labels": ["speaker"]},
       {"id": "tone", "from_name": "tone", "type": "choices", "value": {"choices": ["positive"]}},
       {"id": "coder", "from_name": "coder", "type": "textarea", "value": {"text": ["alice"]}}]}]}

- spans: three ``Labels`` controls named after the mark kinds (``actor``, ``claim``,
  ``sentiment``), so a label's kind never depends on its name; labels are the tag set's.
- actor mentions: the region ``meta`` (kept by Label Studio and shown as the region's note)
  holds the canonical actor name in ``text`` and its id in ``actor``; ``data.actors`` lists the
  actors. Reading takes ``actor``, else the actor of ``data.actors`` named in ``text``.
- claims → relations ``speaker`` / ``target`` from the claim region to the **nearest mention of
  that actor** (least character distance, 0 if overlapping; ties: the earlier mention), and
  sentiment → ``target`` likewise; an actor never mentioned in the article goes in the region
  meta as ``speaker`` / ``target`` (actor id). Stance, form and intensity are per-region
  ``choices`` results (same id as the region).
- document labels: ``choices`` from ``tone``, ``focus_stance``, ``topics`` and ``status`` (not
  written when ``new``); the coder's note as the ``note`` textarea.
- the coder: the ``coder`` textarea (a value Label Studio keeps through its own import and
  export). ``completed_by`` is not written by default, because Label Studio refuses an import
  whose ``completed_by`` names an email or id that is not a member of the organisation; the
  option ``ls_completed_by=email`` writes ``{"email": <coder>}`` for teams whose coder names are
  their Label Studio emails. Reading takes the ``coder`` textarea, else ``completed_by`` (an
  object's ``email``/``username``; a bare id as ``ls-user-<id>``), else the import's coder.
- option ``ls_config=<path>`` also writes the labeling config (``write_label_config``) there.

**JSON-MIN** (``label-studio-min``) is Label Studio's flat export: one object per annotation
with the task data, one key per control (``actor``/``claim``/``sentiment``: lists of
``{start, end, text, labels}``; single choices collapsed to a string, several to
``{"choices": [...]}``), ``annotator``, ``annotation_id`` … and no relations. We write the same
shape with three additions so nothing is lost: regions carry ``id`` and ``meta``, per-region
choices stay objects with ``start``/``end`` (Label Studio collapses them to bare strings, which
we can only ignore on reading), and a ``relations`` list (``from_id``, ``to_id``, ``labels``).

Reading other projects' files: a ``labels`` result from a control not named after a kind (e.g.
``label``) gets its kind from the tag set or ``--map-label``; ``choices`` from other controls
are ignored with a warning unless the option ``choices=<control>:<field>,…`` (field: tone,
focus_stance, topics) maps them; relations other than speaker/target are ignored with a warning.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from annotator.core.model import AnnotatedDocument, ArticleStatus, Mark, MarkKind
from annotator.core.offsets import Utf16Map
from annotator.core.tagset import INTENSITIES, TagSet
from annotator.formats.base import (
    SHAPE_ERRORS,
    shape_problem,
    AnnotationRecord,
    ArticleRecord,
    Format,
    FormatOption,
    FormatContext,
    Origin,
    ReadResult,
    atomic_text_file,
    first_json_element,
    json_document_objects,
)
from annotator.formats._common import (
    ROLES,
    actor_json,
    actors_from_json,
    article_from,
    is_offset,
    role_links,
    sorted_marks,
)

EXTENSIONS = (".json",)
SPAN_CONTROLS = {kind.value: kind for kind in MarkKind}
REGION_CHOICES = ("stance", "form", "intensity")
DOCUMENT_CHOICES = ("tone", "focus_stance", "topics", "status")


# -- offsets: the one place where Label Studio's unit meets ours ---------------------------------


def code_point_span(text: str, start: int, end: int, span_text: Any) -> tuple[int, int, bool]:
    """Return (start, end, converted): Label Studio offsets as code points.

    Offsets that already select ``span_text`` (or any in-range offsets when there is no text)
    are code points; offsets whose UTF-16 reading selects ``span_text`` are converted. Others
    are returned unchanged, for the import to report as outside the text or not matching it.
    """
    if 0 <= start < end <= len(text) and (
        not isinstance(span_text, str) or text[start:end] == span_text
    ):
        return start, end, False
    if isinstance(span_text, str):
        units = Utf16Map(text)
        if units.length != units.utf16_length and 0 <= start < end <= units.utf16_length:
            s, e = units.from_utf16(start), units.from_utf16(end)
            if text[s:e] == span_text:
                return s, e, True
    return start, end, False


def label_studio_span(mark: Mark) -> tuple[int, int]:
    """Return a mark's offsets as Label Studio stores them (code points: unchanged)."""
    return mark.start, mark.end


# -- labeling config -----------------------------------------------------------------------------


def write_label_config(tagset: TagSet) -> str:
    """Return a Label Studio labeling config (XML) for a tag set, matching what we export."""
    view = ET.Element("View")
    ET.SubElement(view, "Text", name="text", value="$text")
    for kind in MarkKind:
        labels = ET.SubElement(view, "Labels", name=kind.value, toName="text")
        for label in tagset.spans[kind]:
            attrs = {"value": label.name}
            if label.color:
                attrs["background"] = label.color
            if label.description:
                attrs["hint"] = label.description
            ET.SubElement(labels, "Label", attrs)
    relations = ET.SubElement(view, "Relations")
    for role in ROLES:
        ET.SubElement(relations, "Relation", value=role)
    per_region = {
        "stance": [x.name for x in tagset.claim_stance],
        "form": [x.name for x in tagset.claim_form],
        "intensity": [str(i) for i in INTENSITIES],
    }
    for name, values in per_region.items():
        ET.SubElement(view, "Header", value=f"{name} (of the selected region)")
        choices = ET.SubElement(
            view,
            "Choices",
            name=name,
            toName="text",
            perRegion="true",
            choice="single",
            showInline="true",
        )
        for value in values:
            ET.SubElement(choices, "Choice", value=value)
    document = {
        "tone": ("single", [x.name for x in tagset.tone]),
        "focus_stance": ("single", [x.name for x in tagset.focus_stance]),
        "topics": ("multiple", [x.name for x in tagset.topics]),
        "status": ("single", [s.value for s in ArticleStatus]),
    }
    for name, (mode, values) in document.items():
        ET.SubElement(view, "Header", value=name)
        choices = ET.SubElement(
            view, "Choices", name=name, toName="text", choice=mode, showInline="true"
        )
        for value in values:
            ET.SubElement(choices, "Choice", value=value)
    for name in ("coder", "note"):
        ET.SubElement(view, "Header", value=name)
        ET.SubElement(
            view, "TextArea", name=name, toName="text", editable="true", maxSubmissions="1"
        )
    ET.indent(view)
    return ET.tostring(view, encoding="unicode") + "\n"


# -- reading -------------------------------------------------------------------------------------


def sniff_tasks(path: Path) -> bool:
    """Say whether a .json file is a Label Studio task list (tasks with ``data``)."""
    first = first_json_element(path)
    return isinstance(first, dict) and isinstance(first.get("data"), dict)


def sniff_min(path: Path) -> bool:
    """Say whether a .json file is a Label Studio JSON-MIN export."""
    first = first_json_element(path)
    return (
        isinstance(first, dict)
        and isinstance(first.get("text"), str)
        and "data" not in first
        and ("annotation_id" in first or "annotator" in first)
    )


def read_tasks_file(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read a Label Studio JSON export (or task import file) into articles and records."""
    for number, (task, origin) in enumerate(json_document_objects(path, result, what="task"), 1):
        try:
            _read_task(number, origin, task, result, context)
        except SHAPE_ERRORS as exc:  # a number where a list belongs, and the like
            result.problems.append(shape_problem(origin, "Label Studio task", exc))


def _read_task(
    number: int, origin: Origin, task: dict[str, Any], result: ReadResult, context: FormatContext
) -> None:
    data: dict[str, Any] = task["data"] if isinstance(task.get("data"), dict) else task
    where = f"task {task.get('id', number)}"
    text = data.get(context.options.get("text_key", "text"))
    if not isinstance(text, str):
        result.problems.append(origin.problem(f'{where}: missing "data.text" (a string)'))
        return
    if "meta" not in data and isinstance(task.get("meta"), dict):
        data = {**data, "meta": task["meta"]}  # we keep the article's meta as the task's
    article = article_from(data, text, origin)
    if isinstance(article, str):
        result.problems.append(origin.problem(f"{where}: {article}"))
        return
    annotations = task.get("annotations", task.get("completions")) or []
    if not isinstance(annotations, list):
        result.problems.append(origin.problem(f'{where}: "annotations" must be a list'))
        return
    kept = [a for a in annotations if not (isinstance(a, dict) and a.get("was_cancelled"))]
    if len(kept) < len(annotations):
        result.warnings.append(
            origin.problem(f"{where}: {len(annotations) - len(kept)} skipped annotation(s)")
        )
    if not kept:
        result.articles.append(ArticleRecord(article, origin))
        return
    for index, annotation in enumerate(kept):
        if not isinstance(annotation, dict):
            result.problems.append(origin.problem(f"{where}: an annotation is not an object"))
            continue
        label = f"{where}, annotation {annotation.get('id', index + 1)}"
        if not isinstance(annotation.get("result"), list):
            result.problems.append(origin.problem(f'{label}: expected a "result" list'))
            continue
        record = _record(
            annotation["result"], text, data.get("actors"), label, origin, result, context
        )
        if record is None:
            continue
        if "annotator" not in record:
            coder = _completed_by(annotation.get("completed_by"))
            if coder:
                record["annotator"] = coder
        result.annotations.append(AnnotationRecord(article, record, origin))


def read_min_file(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read a Label Studio JSON-MIN export into articles and records."""
    for number, (item, origin) in enumerate(json_document_objects(path, result, what="task"), 1):
        where = f"item {number} (task {item.get('id')})"
        text = item.get(context.options.get("text_key", "text"))
        if not isinstance(text, str):
            result.problems.append(origin.problem(f'{where}: missing "text" (a string)'))
            continue
        article = article_from(item, text, origin)
        if isinstance(article, str):
            result.problems.append(origin.problem(f"{where}: {article}"))
            continue
        results = _min_results(item, where, origin, result, context)
        if results is None:
            continue
        if not results and item.get("annotation_id") is None:
            result.articles.append(ArticleRecord(article, origin))
            continue
        record = _record(results, text, item.get("actors"), where, origin, result, context)
        if record is None:
            continue
        if "annotator" not in record:
            coder = _completed_by(item.get("annotator"))
            if coder:
                record["annotator"] = coder
        result.annotations.append(AnnotationRecord(article, record, origin))


_MIN_SKIP = {"text", "id", "annotator", "annotation_id", "created_at", "updated_at"}
_MIN_SKIP |= {"lead_time", "agreement", "title", "date", "source", "meta", "actors"}
_MIN_SKIP |= {"article_id"}


def _min_results(
    item: dict[str, Any], where: str, origin: Origin, result: ReadResult, context: FormatContext
) -> list[dict[str, Any]] | None:
    """Turn a JSON-MIN object's control keys back into Label Studio results."""
    results: list[dict[str, Any]] = []
    mapped = _choices_map(context)
    for key, value in item.items():
        if key in _MIN_SKIP or value is None:
            continue
        if key == "relations":
            if not isinstance(value, list):
                result.problems.append(origin.problem(f'{where}: "relations" must be a list'))
                return None
            results += [{**r, "type": "relation"} for r in value if isinstance(r, dict)]
            continue
        values = value if isinstance(value, list) else [value]
        if key in ("coder", "note"):
            results += [
                {"from_name": key, "type": "textarea", "value": {"text": [v]}}
                for v in values
                if isinstance(v, str)
            ]
            continue
        for n, v in enumerate(values):
            if isinstance(v, dict) and "labels" in v:
                region = {k: x for k, x in v.items() if k not in ("id", "meta")}
                results.append(
                    {
                        "id": str(v.get("id", f"{key}-{n + 1}")),
                        "from_name": key,
                        "type": "labels",
                        "value": region,
                        "meta": v.get("meta"),
                    }
                )
            elif isinstance(v, dict) and "choices" in v:
                choice = {"from_name": key, "type": "choices", "value": v}
                if "id" in v:
                    choice["id"] = str(v["id"])
                results.append(choice)
            elif isinstance(v, str) and (key in DOCUMENT_CHOICES or key in mapped):
                results.append({"from_name": key, "type": "choices", "value": {"choices": [v]}})
            elif isinstance(v, str) and key in REGION_CHOICES:
                result.warnings.append(
                    origin.problem(
                        f"{where}: {key} {v!r} ignored: JSON-MIN does not say which region"
                    )
                )
            else:
                result.warnings.append(origin.problem(f"{where}: field {key!r} ignored"))
    return results


def _choices_map(context: FormatContext) -> dict[str, str]:
    """Return the ``choices`` option as {control name: document field}."""
    mapping = {}
    for part in context.options.get("choices", "").split(","):
        control, sep, field = part.partition(":")
        if sep and field.strip() in ("tone", "focus_stance", "topics"):
            mapping[control.strip()] = field.strip()
    return mapping


def _completed_by(value: Any) -> str | None:
    """Return a coder name from ``completed_by`` / JSON-MIN ``annotator``."""
    if isinstance(value, dict):
        for key in ("email", "username"):
            if isinstance(value.get(key), str) and value[key].strip():
                return str(value[key]).strip()
        value = value.get("id")
    if isinstance(value, str) and value.strip():
        return value.strip()
    if is_offset(value):
        return f"ls-user-{value}"
    return None


def _record(
    results: list[Any],
    text: str,
    raw_actors: Any,
    where: str,
    origin: Origin,
    result: ReadResult,
    context: FormatContext,
) -> dict[str, Any] | None:
    """Build one annotation record from Label Studio results, or record problems and return None."""
    problems: list[str] = []
    actors, actor_problems = actors_from_json(raw_actors)
    problems += actor_problems
    actor_ids = {a["id"] for a in actors}
    regions: dict[str, list[dict[str, Any]]] = {}
    region_meta: dict[str, dict[str, Any]] = {}
    later: list[tuple[int, dict[str, Any]]] = []
    converted = False
    for index, item in enumerate(results):
        if not isinstance(item, dict):
            problems.append(f"result[{index}]: expected an object")
            continue
        value: dict[str, Any] = item["value"] if isinstance(item.get("value"), dict) else {}
        if item.get("type") != "labels":
            later.append((index, item))
            continue
        ref = str(item.get("id"))
        if ref in regions:
            problems.append(f"result[{index}]: duplicate region id {ref!r}")
            continue
        start, end, labels = value.get("start"), value.get("end"), value.get("labels")
        if (
            not isinstance(start, int)
            or not isinstance(end, int)
            or not (is_offset(start) and is_offset(end))
        ):
            problems.append(f"result[{index}] (region {ref}): start and end must be integers")
            continue
        if not isinstance(labels, list) or not labels:
            problems.append(f"result[{index}] (region {ref}): no labels")
            continue
        span_text = value.get("text")
        start, end, was_converted = code_point_span(text, start, end, span_text)
        converted |= was_converted
        in_text = 0 <= start < end <= len(text)
        marks = []
        for label in labels:
            mark: dict[str, Any] = {
                "start": start,
                "end": end,
                "text": span_text
                if isinstance(span_text, str)
                else (text[start:end] if in_text else ""),
                "label": str(label),
                "ref": ref,
            }
            kind = SPAN_CONTROLS.get(str(item.get("from_name")))
            if kind is not None:
                mark["kind"] = kind.value
            marks.append(mark)
        regions[ref] = marks
        meta = item.get("meta")
        region_meta[ref] = meta if isinstance(meta, dict) else {}
    if converted:
        result.warnings.append(
            origin.problem(f"{where}: offsets counted in UTF-16 units were converted")
        )
    document: dict[str, Any] = {}
    coder: str | None = None
    mapped = _choices_map(context)
    for index, item in later:
        kind_ = item.get("type")
        name = str(item.get("from_name"))
        value = item["value"] if isinstance(item.get("value"), dict) else {}
        if kind_ == "relation":
            problems += _relation(index, item, regions, result, origin, where)
        elif kind_ == "textarea":
            texts = value.get("text")
            first = texts[0] if isinstance(texts, list) and texts else texts
            if name == "coder" and isinstance(first, str) and first.strip():
                coder = first.strip()
            elif name == "note" and isinstance(first, str):
                document["note"] = first
            else:
                result.warnings.append(origin.problem(f"{where}: textarea {name!r} ignored"))
        elif kind_ == "choices":
            choices = value.get("choices")
            if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
                problems.append(f"result[{index}]: choices must be a list of names")
                continue
            if name in REGION_CHOICES:
                problems += _region_choice(index, item, name, choices, regions)
            elif name in DOCUMENT_CHOICES or name in mapped:
                field = mapped.get(name, name)
                if field == "topics":
                    document.setdefault("topics", [])
                    document["topics"] += [c for c in choices if c not in document["topics"]]
                elif choices:
                    document[field] = choices[0]
            else:
                result.warnings.append(
                    origin.problem(
                        f"{where}: choices {name!r} ignored (map them with the option "
                        f"choices={name}:tone, focus_stance or topics)"
                    )
                )
        else:
            result.warnings.append(origin.problem(f"{where}: result type {kind_!r} ignored"))
    for ref, meta in region_meta.items():
        problems += _apply_meta(ref, meta, regions[ref], actors, actor_ids)
    if problems:
        result.problems += [origin.problem(f"{where}: {p}") for p in problems]
        return None
    record: dict[str, Any] = {
        "document": document,
        "actors": actors,
        "marks": [m for marks in regions.values() for m in marks],
    }
    if coder:
        record["annotator"] = coder
    return record


def _relation(
    index: int,
    item: dict[str, Any],
    regions: dict[str, list[dict[str, Any]]],
    result: ReadResult,
    origin: Origin,
    where: str,
) -> list[str]:
    """Apply a relation result to its regions' marks; return its problems."""
    source, target = str(item.get("from_id")), str(item.get("to_id"))
    for ref in (source, target):
        if ref not in regions:
            return [f"result[{index}]: relation names region {ref!r}, which is not in the result"]
    if item.get("direction") == "left":
        source, target = target, source
    labels = item.get("labels") or []
    for label in labels if isinstance(labels, list) else [labels]:
        role = str(label).casefold()
        if role in ROLES:
            for mark in regions[source]:
                mark[f"{role}_mark"] = target
        else:
            result.warnings.append(
                origin.problem(f"{where}: relation {label!r} ignored (only speaker and target)")
            )
    return []


def _region_choice(
    index: int,
    item: dict[str, Any],
    name: str,
    choices: list[str],
    regions: dict[str, list[dict[str, Any]]],
) -> list[str]:
    """Apply a per-region choice (stance, form, intensity) to its region; return problems."""
    value = item["value"]
    ref = str(item.get("id"))
    if ref not in regions:
        found = [
            r
            for r, marks in regions.items()
            if (marks[0]["start"], marks[0]["end"]) == (value.get("start"), value.get("end"))
        ]
        if len(found) != 1:
            return [f"result[{index}]: {name} choice names no single region"]
        ref = found[0]
    if not choices:
        return []
    choice: Any = choices[0]
    if name == "intensity":
        if not choice.isdigit() or int(choice) not in INTENSITIES:
            return [f"result[{index}]: intensity {choice!r} is not one of 1, 2, 3"]
        choice = int(choice)
    for mark in regions[ref]:
        mark[name] = choice
    return []


def _apply_meta(
    ref: str,
    meta: dict[str, Any],
    marks: list[dict[str, Any]],
    actors: list[dict[str, Any]],
    actor_ids: set[str],
) -> list[str]:
    """Apply a region's meta (actor, fallback speaker/target) to its marks; return problems."""
    problems = []
    names = meta.get("text")
    name = names[0] if isinstance(names, list) and names else None
    for mark in marks:
        actor_id = meta.get("actor")
        if actor_id not in actor_ids and isinstance(name, str):
            named = [a["id"] for a in actors if a["name"] == name and a["type"] == mark["label"]]
            actor_id = named[0] if named else None
        if actor_id in actor_ids:
            mark["actor"] = actor_id
        for role in ROLES:
            if meta.get(role) is None or f"{role}_mark" in mark:
                continue  # a relation wins
            if meta[role] not in actor_ids:
                problems.append(f"region {ref}: {role} {meta[role]} is not in data.actors")
            else:
                mark[role] = meta[role]
    return problems


# -- writing -------------------------------------------------------------------------------------


def _results(coding: AnnotatedDocument) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (region and choice results, relation results) for one coder's coding."""
    marks = sorted_marks(coding.marks)
    region_ids = {m.id: f"r{n}" for n, m in enumerate(marks, start=1)}
    names = {a.id: a.name for a in coding.actors}
    relations: list[dict[str, Any]] = []
    fallback: dict[str, dict[str, str]] = {}
    for mark, role, mention, actor_id in role_links(marks):
        if mention is None:
            fallback.setdefault(mark.id, {})[role] = actor_id
        else:
            relations.append(
                {
                    "from_id": region_ids[mark.id],
                    "to_id": region_ids[mention.id],
                    "type": "relation",
                    "direction": "right",
                    "labels": [role],
                }
            )
    results: list[dict[str, Any]] = []
    for mark in marks:
        start, end = label_studio_span(mark)
        span = {"start": start, "end": end, "text": mark.text}
        region: dict[str, Any] = {
            "id": region_ids[mark.id],
            "from_name": mark.kind.value,
            "to_name": "text",
            "type": "labels",
            "value": {**span, "labels": [mark.label]},
        }
        meta: dict[str, Any] = {}
        if mark.actor_id is not None:
            meta = {"text": [names.get(mark.actor_id, mark.text)], "actor": mark.actor_id}
        roles = fallback.get(mark.id, {})
        if roles:
            meta = {"text": [f"{role}: {names.get(a, a)}" for role, a in roles.items()], **roles}
        if meta:
            region["meta"] = meta
        results.append(region)
        for name in REGION_CHOICES:
            choice = getattr(mark, name)
            if choice is not None:
                results.append(
                    {
                        "id": region_ids[mark.id],
                        "from_name": name,
                        "to_name": "text",
                        "type": "choices",
                        "value": {**span, "choices": [str(choice)]},
                    }
                )
    return results, relations


def _document_results(coding: AnnotatedDocument) -> list[dict[str, Any]]:
    """Return the document-level choices and textareas of one coder's coding."""
    doc = coding.document
    values: dict[str, list[str]] = {
        "tone": [doc.tone] if doc.tone else [],
        "focus_stance": [doc.focus_stance] if doc.focus_stance else [],
        "topics": list(doc.topics),
        "status": [doc.status.value] if doc.status != ArticleStatus.NEW else [],
    }
    results: list[dict[str, Any]] = [
        {
            "id": name,
            "from_name": name,
            "to_name": "text",
            "type": "choices",
            "value": {"choices": choices},
        }
        for name, choices in values.items()
        if choices
    ]
    texts = {"coder": coding.annotator, "note": doc.note}
    results += [
        {
            "id": name,
            "from_name": name,
            "to_name": "text",
            "type": "textarea",
            "value": {"text": [value]},
        }
        for name, value in texts.items()
        if value
    ]
    return results


def _task_data(codings: list[AnnotatedDocument]) -> dict[str, Any]:
    """Return a task's data: the article and the actors every coder's marks refer to."""
    article = codings[0].article
    actors: dict[str, dict[str, Any]] = {}
    for coding in codings:
        actors.update({a["id"]: a for a in actor_json(coding, with_mentions=False)})
    return {
        "text": article.text,
        "article_id": article.id,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "actors": [actors[k] for k in sorted(actors)],
    }


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write_config(context: FormatContext | None) -> None:
    """Write the labeling config where the ``ls_config`` option says, if it does."""
    if context is not None and context.options.get("ls_config"):
        with atomic_text_file(Path(context.options["ls_config"])) as out:
            out.write(write_label_config(context.tagset))


def stream_tasks(
    documents: Iterable[AnnotatedDocument], out: IO[str], context: FormatContext | None = None
) -> int:
    """Write a Label Studio task list, one task per article and line; return annotations."""
    _write_config(context)
    with_email = context is not None and context.options.get("ls_completed_by") == "email"
    count = 0
    out.write("[")
    for number, (_, group) in enumerate(groupby(documents, lambda d: d.article.id), start=1):
        codings = list(group)
        annotations = []
        for coding in codings:
            count += 1
            results, relations = _results(coding)
            annotation: dict[str, Any] = {
                "id": count,
                "ground_truth": False,
                "was_cancelled": False,
                "result": results + relations + _document_results(coding),
            }
            if with_email:
                annotation["completed_by"] = {"email": coding.annotator}
            annotations.append(annotation)
        task = {
            "id": number,
            "data": _task_data(codings),
            "meta": codings[0].article.meta,
            "annotations": annotations,
            "predictions": [],
        }
        out.write(("\n" if number == 1 else ",\n") + _dump(task))
    out.write("\n]\n")
    return count


def stream_min(
    documents: Iterable[AnnotatedDocument], out: IO[str], context: FormatContext | None = None
) -> int:
    """Write a Label Studio JSON-MIN list, one object per article and coder; return how many."""
    _write_config(context)
    count = 0
    out.write("[")
    for number, (_, group) in enumerate(groupby(documents, lambda d: d.article.id), start=1):
        codings = list(group)
        data = _task_data(codings)
        for coding in codings:
            count += 1
            item: dict[str, Any] = {**data, "meta": coding.article.meta, "id": number}
            results, relations = _results(coding)
            for result_ in results:
                name = result_["from_name"]
                value = {"id": result_["id"], **result_["value"]}
                if "meta" in result_:
                    value["meta"] = result_["meta"]
                item.setdefault(name, []).append(value)
            for result_ in _document_results(coding):
                choices = result_["value"].get("choices", result_["value"].get("text"))
                item[result_["from_name"]] = (
                    choices[0] if len(choices) == 1 else {"choices": choices}
                )
            item["relations"] = [
                {k: r[k] for k in ("from_id", "to_id", "labels")} for r in relations
            ]
            item.update(annotator=coding.annotator, annotation_id=count)
            out.write(("\n" if count == 1 else ",\n") + _dump(item))
    out.write("\n]\n")
    return count


def write_tasks(
    documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext | None = None
) -> int:
    """Write a Label Studio task list to a file; return how many annotations."""
    with atomic_text_file(path) as out:
        return stream_tasks(documents, out, context)


def write_min(
    documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext | None = None
) -> int:
    """Write a Label Studio JSON-MIN list to a file; return how many objects."""
    with atomic_text_file(path) as out:
        return stream_min(documents, out, context)


_CARRIES = frozenset({"articles", "spans", "relations", "attributes", "document labels", "coders"})

LS_CONFIG = FormatOption(
    "ls_config",
    "Labeling config written to",
    help="Also write the labeling config (XML) a Label Studio project needs to this file",
)
_LS_READ_OPTIONS = (
    FormatOption("text_key", "Data key holding the text", default="text",
                 help="The key of each task's data that holds the article's text"),
    FormatOption("choices", "Document choices of other names",
                 help="CONTROL:FIELD pairs, comma-separated: a Choices control of another name "
                 "read as tone, focus_stance or topics"),
)


FORMATS = (
    Format(
        name="label-studio",
        title="Label Studio JSON",
        extensions=EXTENSIONS,
        carries=_CARRIES,
        read=read_tasks_file,
        write=write_tasks,
        stream=stream_tasks,
        sniff=sniff_tasks,
        write_options=(
            FormatOption("ls_completed_by", "completed_by holds", ("name", "email")),
            LS_CONFIG,
        ),
        read_options=_LS_READ_OPTIONS,
    ),
    Format(
        name="label-studio-min",
        title="Label Studio JSON-MIN",
        extensions=EXTENSIONS,
        carries=_CARRIES,
        read=read_min_file,
        write=write_min,
        stream=stream_min,
        sniff=sniff_min,
        read_options=_LS_READ_OPTIONS,
    ),
)
