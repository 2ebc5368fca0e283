"""Pre-annotations: the short records a script or a model writes into a JSONL file — an
article's ``text`` and marks of ``start``, ``end`` and ``label`` (``kind``, an actor's name, a
claim's speaker and target as names or mark references, stance, form, intensity and a
``score`` optional) — read into the import's foreign-record shape (see formats/base.py), so
the import derives ids, kinds and actors as it does for other tools' files.

``schemas/pre-annotation.schema.json`` describes the record. Marks belong to the record's
``annotator``, else to the coder ``model`` (``--annotator`` overrides both), so a model's
pre-annotations are a coder like any other: compared, measured for agreement, accepted into
gold. With the option ``min_score`` a mark scored below it is left out (the score itself is
not stored).
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from annotator.core.errors import ProblemCode, ValidationError
from annotator.core.resources import schema_path
from annotator.formats._drafts import DraftMark, DraftRecord, draft_document
from annotator.formats.base import (
    ArticleError,
    SHAPE_ERRORS,
    AnnotationRecord,
    FormatContext,
    FormatOption,
    Origin,
    ReadResult,
    make_article,
    schema_problems,
    shape_problem,
)

if TYPE_CHECKING:
    import jsonschema

DEFAULT_CODER = "model"
MIN_SCORE = FormatOption(
    "min_score",
    "Leave out pre-annotated marks scored below (0 to 1)",
    help="Marks of pre-annotations whose score is below this are not imported; empty: all",
)
_OUR_ARTICLE_ID = re.compile("[0-9a-f]{64}")
_ROLES = ("speaker", "target")


def is_pre_annotation(data: dict[str, Any]) -> bool:
    """Say whether a JSONL record is a pre-annotation rather than one of our exports (which
    always list their actors and carry the article's 64-hex id)."""
    own_id = data.get("id")
    return (
        "marks" in data
        and "actors" not in data
        and not (isinstance(own_id, str) and _OUR_ARTICLE_ID.fullmatch(own_id))
    )


@cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    schema = json.loads(schema_path("pre-annotation.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def min_score(context: FormatContext | None) -> float | None:
    """Return the ``min_score`` option as a number (None: keep every mark)."""
    given = MIN_SCORE.value(context)
    if not given:
        return None
    try:
        value = float(given)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise ValidationError(f"--option min_score={given}: give a number from 0 to 1")
    return value


def read_pre_annotation(
    data: dict[str, Any], origin: Origin, result: ReadResult, threshold: float | None
) -> AnnotationRecord | None:
    """Return a pre-annotation as a foreign record, or record its problems and return None."""
    if not result.rereading:
        problems = schema_problems(_validator(), data, origin)
        if problems:
            result.problems += problems
            return None
    meta = dict(data.get("meta") or {})
    if data.get("id") is not None:
        meta.setdefault("record_id", data["id"])
    try:
        article = make_article(
            data["text"],
            title=data.get("title"),
            date=data.get("date"),
            source=data.get("source"),
            meta=meta,
        )
    except ArticleError as exc:
        result.problems.append(origin.problem(str(exc), code=exc.code))
        return None
    if article.text != data["text"]:
        result.problems.append(
            origin.problem(
                "text has CR or BOM characters; offsets would not match stored text",
                code=ProblemCode.BAD_TEXT,
            )
        )
        return None
    marks, problems, below = [], [], 0
    for index, given in enumerate(data["marks"]):
        if threshold is not None and given.get("score", 1.0) < threshold:
            below += 1
            continue
        mark, problem = _mark(given, article.text)
        if problem:
            problems.append(
                origin.problem(f"marks[{index}]: {problem}", code=ProblemCode.BAD_OFFSETS)
            )
        marks.append(mark)
    if problems:
        result.problems += problems
        return None
    if below:
        result.warnings.append(
            origin.problem(f"{below} mark(s) scored below {threshold} left out (min_score)")
        )
    try:
        document = draft_document(data.get("document") or {})
    except SHAPE_ERRORS as exc:
        result.problems.append(shape_problem(origin, "record", exc))
        return None
    draft = DraftRecord(marks, data.get("annotator") or DEFAULT_CODER, document)
    return AnnotationRecord(article, draft, origin)


def _mark(given: dict[str, Any], text: str) -> tuple[DraftMark, str | None]:
    """Return a pre-annotated mark as a draft for the resolver, and what is wrong with it."""
    start, end = given["start"], given["end"]
    in_text = 0 <= start < end <= len(text)
    roles = {role: given.get(role) for role in _ROLES}
    mark = DraftMark(
        start=start,
        end=end,
        label=given["label"],
        # Outside the text the import names the offsets and the text's length.
        text=text[start:end] if in_text else "",
        kind=given.get("kind"),
        ref=given.get("id"),  # the record's own name for it, for speaker/target
        actor_name=given.get("actor"),
        stance=given.get("stance"),
        form=given.get("form"),
        intensity=given.get("intensity"),
        speaker_mark=_ref(roles["speaker"]),
        target_mark=_ref(roles["target"]),
        speaker_name=_name(roles["speaker"]),
        target_name=_name(roles["target"]),
    )
    if in_text and "text" in given and given["text"] != mark.text:
        return mark, f"text {given['text']!r} is not the text at {start}-{end} ({mark.text!r})"
    return mark, None


def _ref(actor: Any) -> str | None:
    """Return the mark a speaker or target ``{"mark": ID}`` names, if it is one."""
    return actor["mark"] if isinstance(actor, dict) else None


def _name(actor: Any) -> str | None:
    """Return the actor name a speaker or target gives, if it is one."""
    return actor if isinstance(actor, str) else None
