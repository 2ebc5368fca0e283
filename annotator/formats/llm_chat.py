"""Instruction-tuning JSONL in chat-messages form (``--format llm``), for fine-tuning an LLM to
code articles as our coders do; and a model's answers in the same form read back as the coder
"model" (formats/_llm_answers.py).

One line per (article, coder)::

    {"messages": [
      {"role": "system", "content": "<the coding instructions, from the tag set>"},
      {"role": "user", "content": "<the article's text>"},
      {"role": "assistant", "content": "<the coder's answer: a JSON object, as a string>"}]}

The system prompt is built from the tag set (:func:`system_prompt`): its name and focus, the
answer's shape, and every actor type, claim topic, stance and form with its description. The
assistant's answer follows ``schemas/llm-answer.schema.json``::

    {"actors": [{"name": "Wang Yi", "type": "Person"}, …],
     "claims": [{"quote": "…", "start": 789, "end": 860, "topic": "Bilateral friendship",
                 "speaker": "Wang Yi", "target": null, "stance": "support",
                 "form": "reported speech"}, …]}

``actors`` are the actors the coder referred to (by a mention, or as a speaker or target), by
their canonical names, in order of first mention; ``claims`` are the claim marks in text order.
``start``/``end`` are Python ``str`` indexes into the user message (code points, end
exclusive), so ``text[start:end] == quote`` — an emoji flag counts two, a combining accent one.
Sentiment spans, document labels and mention offsets are not part of the answer.

Notes (see ``FormatContext.notes``): ``no speaker`` for a claim coded without a speaker (it is
written with ``"speaker": null``), ``ambiguous name`` when two different actors of one answer
share a name (a speaker or target by that name cannot be told apart).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import orjson

from annotator.core.model import AnnotatedDocument, Mark, MarkKind
from annotator.core.tagset import Label, TagSet
from annotator.formats._llm_answers import read_answers, sniff
from annotator.formats.base import ExportNote, Format, FormatContext, atomic_file

EXTENSIONS = (".jsonl",)
SCHEMA = "llm-answer.schema.json"


def system_prompt(tagset: TagSet) -> str:
    """Return the coding instructions for the system message, built from the tag set."""

    def listed(labels: Iterable[Label]) -> str:
        return "\n".join(
            f"- {label.name}: {label.description}" if label.description else f"- {label.name}"
            for label in labels
        )

    return "\n".join(
        [
            f'You code news articles with the tag set "{tagset.name}" (focus: {tagset.focus}).',
            "Read the article the user sends. Answer with one JSON object and nothing else:",
            '{"actors": [{"name": NAME, "type": ACTOR TYPE}, ...], '
            '"claims": [{"quote": TEXT, "start": INT, "end": INT, "topic": CLAIM TOPIC, '
            '"speaker": NAME or null, "target": NAME or null, "stance": STANCE or null, '
            '"form": FORM or null}, ...]}',
            '"actors": every actor the article refers to that you code, by its canonical name, '
            "once each, in order of first mention.",
            '"claims": every political claim, in text order. "quote" is the claim\'s exact text '
            'in the article; "start" and "end" are its character offsets (counting Unicode code '
            'points from 0, end exclusive), so that article[start:end] == quote. "speaker" is '
            'who makes the claim and "target" whom it addresses: names from "actors", or null.',
            "",
            "Actor types:",
            listed(tagset.spans[MarkKind.ACTOR]),
            "",
            "Claim topics:",
            listed(tagset.spans[MarkKind.CLAIM]),
            "",
            "Stances (the speaker's position in the claim):",
            listed(tagset.claim_stance),
            "",
            "Forms (how the claim is made):",
            listed(tagset.claim_form),
        ]
    )


def answer(coding: AnnotatedDocument, notes: list[ExportNote] | None = None) -> dict[str, Any]:
    """Return the assistant's answer for one coder's coding of one article (see above)."""
    actors = {actor.id: actor for actor in coding.actors}
    first_seen: dict[str, int] = {}
    for mark in sorted(coding.marks, key=lambda m: (m.start, m.end)):
        for actor_id in (mark.actor_id, mark.speaker_id, mark.target_id):
            if actor_id in actors:
                first_seen.setdefault(actor_id, mark.start)
    ordered = sorted(
        actors.values(), key=lambda a: (first_seen.get(a.id, len(coding.article.text)), a.name)
    )
    named: dict[str, str] = {}
    for actor in ordered:
        if named.setdefault(actor.name, actor.id) != actor.id and notes is not None:
            notes.append(
                _note(coding, "ambiguous name", f"two actors are named {actor.name!r}", None)
            )

    def name(actor_id: str | None) -> str | None:
        actor = actors.get(actor_id) if actor_id is not None else None
        return actor.name if actor is not None else None

    claims = []
    text = coding.article.text
    for mark in sorted(
        (m for m in coding.marks if m.kind == MarkKind.CLAIM), key=lambda m: (m.start, m.end, m.id)
    ):
        if mark.speaker_id is None and notes is not None:
            quote = _short(text[mark.start : mark.end])
            notes.append(_note(coding, "no speaker", f"claim {quote} has no speaker (null)", mark))
        claims.append(
            {
                "quote": text[mark.start : mark.end],
                "start": mark.start,
                "end": mark.end,
                "topic": mark.label,
                "speaker": name(mark.speaker_id),
                "target": name(mark.target_id),
                "stance": mark.stance,
                "form": mark.form,
            }
        )
    return {"actors": [{"name": a.name, "type": a.type} for a in ordered], "claims": claims}


def build_record(
    coding: AnnotatedDocument, prompt: str, notes: list[ExportNote] | None = None
) -> dict[str, Any]:
    """Return one JSONL line's object: the system, user and assistant messages."""
    content = orjson.dumps(answer(coding, notes)).decode("utf-8")
    return {
        "messages": [
            {"role": "system", "content": prompt},
            {"role": "user", "content": coding.article.text},
            {"role": "assistant", "content": content},
        ]
    }


def _note(coding: AnnotatedDocument, kind: str, message: str, mark: Mark | None) -> ExportNote:
    return ExportNote(
        kind, message, coding.article.id, coding.annotator, mark.id if mark is not None else None
    )


def _short(quote: str, limit: int = 40) -> str:
    return repr(quote if len(quote) <= limit else quote[: limit - 1] + "…")


def stream_llm(documents: Iterable[AnnotatedDocument], out: IO[str], context: FormatContext) -> int:
    """Write one chat-messages line per (article, coder) to a text stream; return how many."""
    return _write(documents, context, lambda line: out.write(line.decode("utf-8")))


def write_llm(documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext) -> int:
    """Write one chat-messages line per (article, coder) to a file; return how many."""
    with atomic_file(path, binary=True) as out:
        return _write(documents, context, out.write)


def _write(documents: Iterable[AnnotatedDocument], context: FormatContext, write: Any) -> int:
    prompt = system_prompt(context.tagset)
    count = 0
    for coding in documents:
        record = build_record(coding, prompt, context.notes)
        write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        count += 1
    return count


FORMAT = Format(
    name="llm",
    title="LLM chat fine-tuning JSONL",
    extensions=EXTENSIONS,
    carries=frozenset({"articles", "spans", "relations", "attributes"}),
    read=read_answers,
    write=write_llm,
    stream=stream_llm,
    sniff=sniff,
)
