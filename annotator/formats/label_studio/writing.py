"""Writing Label Studio tasks (JSON) and JSON-MIN."""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from annotator.core.model import AnnotatedDocument, ArticleStatus
from annotator.formats._common import actor_json, role_links, sorted_marks
from annotator.formats.base import FormatContext, atomic_text_file
from annotator.formats.label_studio.common import REGION_CHOICES, label_studio_span
from annotator.formats.label_studio.config import write_label_config

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
