"""GLiNER training JSONL (``--format gliner``): tokens and token spans. Write only.

One JSON line per passage of an (article, coder), as GLiNER's ``train_model`` takes its
examples (``json.loads`` each line into the list it trains on)::

    {"tokenized_text": ["Wang", "met", "Gen", "Hayat", "."],
     "ner": [[0, 0, "Person"], [2, 3, "Military/Security"]]}

``ner`` holds ``[first token, last token (inclusive), label]`` for every actor mention, labelled
with its actor type, in text order. Sentiment spans are not written.

**Tokens** are cut as GLiNER's default word splitter cuts text when it predicts (a run of word
characters, with inner hyphens or underscores, or any other single non-space character), so
that the model is trained on the tokens it will see. A mark that does not begin and end on
token boundaries is widened to the tokens it touches (note ``widened``); one that covers no
token (white space only) is left out (note ``dropped``), as is a second mark of one label on
the same tokens after widening (note ``dropped``).

**Passages.** GLiNER reads at most ``max_len`` tokens of an example (384 by default) and
drops the rest, so an article is cut into passages of at most ``max_tokens`` tokens (format
option, default 384; ``0``: one line per article), at the last line break before the limit,
else after sentence punctuation, else between any two tokens (whichever keeps a passage at
least half the limit long), never inside a mark. A passage
that cannot be cut small enough (one mark longer than the limit) is written whole (note
``too long``).

**Relations** (format option ``relations=1``), for GLiNER's joint entity and relation
extraction models: claims are added to ``ner`` too, labelled with their topic, and each line
gets ``"relations": [[head, tail, type], …]`` whose head and tail are indexes into that line's
``ner`` list: ``says`` from the speaker's mention to the claim, ``targets`` from the claim to
the target's mention. The mention is the one :func:`annotator.core.mentions.relation_mention`
picks (inside the claim, else the nearest)::

    {"tokenized_text": ["Wang", "said", "China", "stands", "by", "Pakistan", "."],
     "ner": [[0, 0, "Person"], [2, 5, "Bilateral friendship"], [5, 5, "Country"]],
     "relations": [[0, 1, "says"], [1, 2, "targets"]]}

A claim without a speaker (note ``no speaker``), a speaker or target never marked in the
article (note ``no mention``), and a relation whose ends fall in different passages (note
``dropped``) give no relation. Claims are often longer than GLiNER's span width (``max_width``,
12 tokens by default): configure the model accordingly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from annotator.core.errors import ValidationError
from annotator.core.mentions import relation_mention
from annotator.core.model import AnnotatedDocument, Mark, MarkKind
from annotator.formats.base import ExportNote, Format, FormatContext, FormatOption, atomic_file

EXTENSIONS = (".jsonl",)
DEFAULT_MAX_TOKENS = 384  # GLiNER's default max_len
SAYS, TARGETS = "says", "targets"
# GLiNER's default word splitter (its "whitespace" splitter): word characters joined by inner
# hyphens or underscores, or any one other character that is not white space.
_TOKEN = re.compile(r"\w+(?:[-_]\w+)*|\S")
_SENTENCE_END = frozenset(".!?…。！？")


# Not formats/_common.tokenize, on purpose: a GLiNER model sees its own splitter's words, so
# training data must be split exactly as GLiNER splits at inference.
def tokenize(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the tokens GLiNER's default splitter makes."""
    return [match.span() for match in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class _Entity:
    first: int  # token indexes, inclusive
    last: int
    label: str
    mark: Mark


def _options(context: FormatContext) -> tuple[int, bool]:
    raw = context.options.get("max_tokens", str(DEFAULT_MAX_TOKENS)).strip()
    if not raw.isdigit():
        raise ValidationError(f"max_tokens must be a whole number (0: no limit), not {raw!r}")
    relations = context.options.get("relations", "0").strip()
    if relations not in ("0", "1"):
        raise ValidationError(f"relations must be 0 or 1, not {relations!r}")
    return int(raw), relations == "1"


def records(
    coding: AnnotatedDocument,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    with_relations: bool = False,
    notes: list[ExportNote] | None = None,
) -> list[dict[str, Any]]:
    """Return the GLiNER examples (one per passage) of one coder's coding of one article."""
    report = notes if notes is not None else []
    text = coding.article.text
    spans = tokenize(text)
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    kinds = (MarkKind.ACTOR, MarkKind.CLAIM) if with_relations else (MarkKind.ACTOR,)
    entities: list[_Entity] = []
    seen: set[tuple[int, int, str]] = set()
    for mark in sorted(
        (m for m in coding.marks if m.kind in kinds),
        key=lambda m: (m.start, m.end, m.kind != MarkKind.ACTOR, m.label, m.id),
    ):
        first, last = bisect_right(ends, mark.start), bisect_left(starts, mark.end) - 1
        what = f"{mark.kind.value} {_short(mark.text)}"
        if first > last:
            report.append(_note(coding, "dropped", f"{what} covers no token: left out", mark))
            continue
        if (first, last, mark.label) in seen:
            message = f"{what} is on the same tokens as another {mark.label!r}: left out"
            report.append(_note(coding, "dropped", message, mark))
            continue
        seen.add((first, last, mark.label))
        if (starts[first], ends[last]) != (mark.start, mark.end):
            widened = _short(text[starts[first] : ends[last]])
            report.append(
                _note(coding, "widened", f"{what} widened to {widened} (whole tokens)", mark)
            )
        entities.append(_Entity(first, last, mark.label, mark))
    links = _relations(coding, entities, report) if with_relations else []
    passages = _passages(text, spans, entities, max_tokens, coding, report)
    out = []
    for begin, end in passages:
        inside = [e for e in entities if begin <= e.first and e.last < end]
        index = {id(e): i for i, e in enumerate(inside)}
        record: dict[str, Any] = {
            "tokenized_text": [text[s:e] for s, e in spans[begin:end]],
            "ner": [[e.first - begin, e.last - begin, e.label] for e in inside],
        }
        if with_relations:
            record["relations"] = [
                [index[id(head)], index[id(tail)], kind]
                for head, tail, kind in links
                if id(head) in index and id(tail) in index
            ]
        out.append(record)
    for head, tail, kind in links:
        if _passage_of(head, passages) != _passage_of(tail, passages):
            message = (
                f"{kind} relation from {_short(head.mark.text)} to {_short(tail.mark.text)} "
                "crosses two passages: left out"
            )
            report.append(_note(coding, "dropped", message, head.mark))
    return out


def _relations(
    coding: AnnotatedDocument, entities: list[_Entity], report: list[ExportNote]
) -> list[tuple[_Entity, _Entity, str]]:
    """Return (head, tail, type) for each claim's speaker and target that has a mention."""
    by_mark = {e.mark.id: e for e in entities}
    actors = {a.id: a.name for a in coding.actors}
    links = []
    for claim in (e for e in entities if e.mark.kind == MarkKind.CLAIM):
        if claim.mark.speaker_id is None:
            message = f"claim {_short(claim.mark.text)} has no speaker: no {SAYS} relation"
            report.append(_note(coding, "no speaker", message, claim.mark))
        for role, actor_id in ((SAYS, claim.mark.speaker_id), (TARGETS, claim.mark.target_id)):
            if actor_id is None:
                continue
            mention = relation_mention(claim.mark, actor_id, coding.marks)
            entity = by_mark.get(mention.id) if mention is not None else None
            if entity is None:
                name = actors.get(actor_id, actor_id)
                message = (
                    f"{'speaker' if role == SAYS else 'target'} {name!r} of claim "
                    f"{_short(claim.mark.text)} has no mention to point at: no {role} relation"
                )
                report.append(_note(coding, "no mention", message, claim.mark))
                continue
            links.append((entity, claim, role) if role == SAYS else (claim, entity, role))
    return links


def _passages(
    text: str,
    spans: list[tuple[int, int]],
    entities: list[_Entity],
    limit: int,
    coding: AnnotatedDocument,
    report: list[ExportNote],
) -> list[tuple[int, int]]:
    """Cut the tokens into passages [begin, end) of at most ``limit`` tokens (see above)."""
    n = len(spans)
    if limit == 0 or n <= limit:
        return [(0, n)]
    # A cut before token b is allowed unless a mark runs across it.
    covered = [0] * (n + 1)
    for e in entities:
        covered[e.first + 1] += 1
        covered[e.last + 1] -= 1
    allowed = [True] * (n + 1)
    depth = 0
    for b in range(n + 1):
        depth += covered[b]
        allowed[b] = depth == 0

    def preference(b: int) -> int:
        gap = text[spans[b - 1][1] : spans[b][0]]
        if "\n" in gap:
            return 2
        return 1 if text[spans[b - 1][0] : spans[b - 1][1]] in _SENTENCE_END else 0

    passages = []
    begin = 0
    while n - begin > limit:
        candidates = [b for b in range(begin + 1, begin + limit + 1) if allowed[b]]
        if candidates:
            # The last line break, else sentence end, that keeps at least half a passage;
            # else as many tokens as fit.
            fair = [b for b in candidates if b - begin >= limit // 2] or candidates
            end = max(fair, key=lambda b: (preference(b), b))
        else:
            end = next(b for b in range(begin + limit + 1, n + 1) if allowed[b] or b == n)
            message = f"a passage of {end - begin} tokens cannot be cut inside a mark"
            report.append(_note(coding, "too long", message, None))
        passages.append((begin, end))
        begin = end
    if begin < n:
        passages.append((begin, n))
    return passages


def _passage_of(entity: _Entity, passages: list[tuple[int, int]]) -> int:
    return next(i for i, (b, e) in enumerate(passages) if b <= entity.first < e)


def _note(coding: AnnotatedDocument, kind: str, message: str, mark: Mark | None) -> ExportNote:
    return ExportNote(
        kind, message, coding.article.id, coding.annotator, mark.id if mark is not None else None
    )


def _short(quote: str, limit: int = 40) -> str:
    return repr(quote if len(quote) <= limit else quote[: limit - 1] + "…")


def stream_gliner(
    documents: Iterable[AnnotatedDocument], out: IO[str], context: FormatContext
) -> int:
    """Write the GLiNER lines of every (article, coder) to a text stream; return documents."""
    return _write(documents, context, lambda line: out.write(line.decode("utf-8")))


def write_gliner(documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext) -> int:
    """Write the GLiNER lines of every (article, coder) to a file; return documents."""
    _options(context)  # refuse a bad option before the file is touched
    with atomic_file(path, binary=True) as out:
        return _write(documents, context, out.write)


def _write(documents: Iterable[AnnotatedDocument], context: FormatContext, write: Any) -> int:
    max_tokens, with_relations = _options(context)
    count = 0
    for coding in documents:
        for record in records(coding, max_tokens, with_relations, context.notes):
            write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        count += 1
    return count


FORMAT = Format(
    name="gliner",
    title="GLiNER training JSONL",
    extensions=EXTENSIONS,
    carries=frozenset({"spans", "relations"}),
    write=write_gliner,
    stream=stream_gliner,
    write_options=(
        FormatOption(
            "max_tokens",
            "Tokens per line at most (0: whole articles)",
            default=str(DEFAULT_MAX_TOKENS),
        ),
        FormatOption("relations", "Claims with speaker and target relations", ("0", "1")),
    ),
)
