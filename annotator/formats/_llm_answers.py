"""Reading a model's answers back (``annotator import --format llm``): lines in the chat
form ``--format llm`` writes, whose assistant message is the model's answer in
``schemas/llm-answer.schema.json``. Each line becomes a pre-annotation of the user message's
text: the claims as claim marks (topic, stance, form; speaker and target by name), the actors
as actors of the registry (found by name or alias, else new). The marks belong to the coder
``model`` unless the import names another, so a model's coding is measured against the
coders' like anyone's.

Models are poor at counting characters: a claim whose ``start``/``end`` do not hold its
``quote`` is placed on the occurrence of the quote nearest to them, with a warning; a quote
that is not in the text at all is a problem of that line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import ProblemCode
from annotator.core.resources import schema_path
from annotator.formats._pre_annotation import DEFAULT_CODER
from annotator.formats._drafts import DraftMark, DraftRecord, NamedActor
from annotator.formats.base import (
    SHAPE_ERRORS,
    AnnotationRecord,
    FormatContext,
    Origin,
    ReadResult,
    is_lenient,
    json_lines,
    json_loads,
    make_article,
    one_record,
    schema_problems,
    shape_problem,
)

if TYPE_CHECKING:
    import jsonschema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    schema = json.loads(schema_path("llm-answer.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def sniff(path: Path) -> bool:
    """Say whether a .jsonl file's first line is a chat in messages form."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            line = next((line for line in handle if line.strip()), None)
        data = json_loads(line) if line else None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return False
    return isinstance(data, dict) and isinstance(data.get("messages"), list)


def read_answers(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read chat lines with a model's answers into annotation records (a line each)."""
    lenient = is_lenient(context)
    for data, origin in json_lines(path, result, lenient):
        with one_record(result, lenient):
            try:
                record = _record(data, origin, result)
            except SHAPE_ERRORS as exc:
                result.problems.append(shape_problem(origin, "chat line", exc))
                record = None
        if record is not None:
            result.annotations.append(record)


def _record(data: dict[str, Any], origin: Origin, result: ReadResult) -> AnnotationRecord | None:
    messages = data.get("messages")
    by_role = {m.get("role"): m.get("content") for m in messages or () if isinstance(m, dict)}
    text, reply = by_role.get("user"), by_role.get("assistant")
    if not isinstance(text, str) or not text.strip():
        result.problems.append(
            origin.problem("no user message with the article's text", code=ProblemCode.MISSING_TEXT)
        )
        return None
    if isinstance(reply, str):
        try:
            reply = json_loads(reply)
        except (json.JSONDecodeError, RecursionError) as exc:
            result.problems.append(
                origin.problem(
                    f"the assistant's answer is not JSON: {exc}", code=ProblemCode.NOT_JSON
                )
            )
            return None
    problems = schema_problems(_validator(), reply, origin, whole="answer", prefix="answer: ")
    if problems:
        result.problems += problems
        return None
    article = make_article(text)
    if article.text != text:
        result.problems.append(
            origin.problem("the user message has CR or BOM characters", code=ProblemCode.BAD_TEXT)
        )
        return None
    marks = []
    for index, claim in enumerate(reply["claims"]):
        placed = _place(text, claim["quote"], claim["start"], claim["end"])
        if placed is None:
            message = (
                f"answer: claims/{index}: the quote {claim['quote'][:40]!r} is not in the text"
            )
            result.problems.append(origin.problem(message, code=ProblemCode.BAD_OFFSETS))
            continue
        if placed != (claim["start"], claim["end"]):
            result.warnings.append(
                origin.problem(
                    f"answer: claims/{index}: offsets {claim['start']}-{claim['end']} do not "
                    f"hold the quote; placed on it at {placed[0]}-{placed[1]}"
                )
            )
        marks.append(
            DraftMark(
                kind="claim",
                start=placed[0],
                end=placed[1],
                text=claim["quote"],
                label=claim["topic"],
                stance=claim["stance"],
                form=claim["form"],
                speaker_name=claim["speaker"] or None,
                target_name=claim["target"] or None,
            )
        )
    draft = DraftRecord(
        marks=marks,
        annotator=DEFAULT_CODER,
        # Actors the answer names: the registry's by name or alias, else new ones.
        named_actors=[NamedActor(a["name"], a["type"]) for a in reply["actors"]],
    )
    return AnnotationRecord(article, draft, origin)


def _place(text: str, quote: str, start: int, end: int) -> tuple[int, int] | None:
    """Return where the quote is: at the given offsets, else its occurrence nearest them."""
    if text[start:end] == quote:
        return start, end
    found = list(_occurrences(text, quote))
    if not found:
        return None
    best = min(found, key=lambda at: (abs(at - start), at))
    return best, best + len(quote)


def _occurrences(text: str, quote: str) -> Iterator[int]:
    at = text.find(quote)
    while at != -1:
        yield at
        at = text.find(quote, at + 1)
