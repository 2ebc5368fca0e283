"""Reading Label Studio JSON exports and JSON-MIN files into articles and records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.tagset import INTENSITIES
from annotator.formats._common import ROLES, actors_from_json, article_from, is_offset
from annotator.formats.base import (
    SHAPE_ERRORS,
    AnnotationRecord,
    annotation_record,
    ArticleRecord,
    FormatContext,
    Origin,
    ReadResult,
    first_json_element,
    json_document_objects,
    shape_problem,
)
from annotator.formats.label_studio.common import (
    DOCUMENT_CHOICES,
    REGION_CHOICES,
    SPAN_CONTROLS,
    code_point_span,
)

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
        _append(result, annotation_record(article, record, origin, result))


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
        _append(result, annotation_record(article, record, origin, result))


def _append(result: ReadResult, record: AnnotationRecord | None) -> None:
    if record is not None:
        result.annotations.append(record)


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
