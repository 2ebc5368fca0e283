"""spaCy DocBin (``.spacy``): one ``Doc`` per (article, coder), for ``spacy train``. Write only.

Needs the optional extra ``annotator[spacy]``; spaCy is imported only when writing. Tokens come
from a blank multi-language tokenizer (``spacy.blank("xx")``, no model download). Each Doc has:

- ``doc.spans["actors"]``, ``doc.spans["claims"]``, ``doc.spans["sentiment"]``: every mark of
  that kind (span groups may overlap), labelled with its tag-set label (actor type, claim topic,
  polarity). ``span.id_`` is the mark id; an actor mention's ``span.kb_id_`` is its canonical
  actor's id.
- ``doc.ents``: the actor mentions, only when at least one was coded and none overlap another
  (NER cannot represent overlap). Otherwise the entity annotation is left *missing* (unknown,
  not "outside"), so training does not learn that the text has no entities;
  ``user_data["ents"]`` says which case applies: ``"set"``, ``"none coded"``, ``"overlapping"``.
- ``doc.cats``: the document labels one-hot per field, as ``"tone=positive": 1.0`` (0.0 for the
  field's other tag-set labels), ``"focus_stance=…"`` and ``"topic=…"`` (multi-label). A field
  the coder left empty is left out entirely (unknown, not negative).
- ``doc.user_data`` (JSON-serialisable, stored with ``DocBin(store_user_data=True)``): the
  article (id, title, date, source), the coder, the focus, the document labels, the actors
  referred to, every mark as in annotator JSONL (speaker, target, stance, form, intensity:
  the relations) plus its ``aligned`` offsets, and the alignment report.

Alignment rule: marks are character spans, spaCy spans are token spans. A mark becomes
``doc.char_span(start, end, label, alignment_mode="expand")``: it grows to the whole tokens it
touches (``"akis"`` in ``"Pakistan"`` becomes ``"Pakistan"``). A mark that covers no token (only
white space) cannot align: it is left out of the spans and ents and listed in
``user_data["alignment"]["unaligned"]``; expanded marks are listed under ``"expanded"``. Totals
are logged (logger ``annotator.formats.spacy_docbin``) at the end of the export.

Streaming: documents are read one by one and each Doc is discarded once added; the DocBin keeps
only compact token arrays. Output is split every ``docs_per_file`` documents (format option,
default 10000): one shard is written to the path given; several become ``<stem>-00001.spacy``,
``<stem>-00002.spacy``… beside it (``spacy train`` accepts the folder). Output is deterministic:
documents in export order, DocBin strings sorted.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import ValidationError
from annotator.core.model import AnnotatedDocument, Mark, MarkKind
from annotator.core.tagset import TagSet
from annotator.formats._common import actor_to_json, mark_to_json
from annotator.formats.base import (
    ExportNote,
    Format,
    FormatContext,
    FormatOption,
    exclusive_temp_file,
    publish,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, DocBin

log = logging.getLogger(__name__)

EXTENSIONS = (".spacy",)
GROUPS = {MarkKind.ACTOR: "actors", MarkKind.CLAIM: "claims", MarkKind.SENTIMENT: "sentiment"}
# Token attributes kept: a blank tokenizer sets nothing else, and fewer columns keep memory low.
ATTRS = ("ORTH", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID")
DEFAULT_DOCS_PER_FILE = 10_000
MISSING_SPACY = "spaCy is not installed: pip install 'annotator[spacy]'"


def _spacy() -> Any:
    try:
        import spacy
    except ImportError as exc:
        raise ValidationError(MISSING_SPACY) from exc
    return spacy


def document_cats(coding: AnnotatedDocument, tagset: TagSet) -> dict[str, float]:
    """Return the document labels one-hot per field; fields left empty are left out."""
    labels = coding.document
    cats: dict[str, float] = {}

    def one_hot(field: str, names: Iterable[str], chosen: set[str]) -> None:
        for name in dict.fromkeys([*names, *sorted(chosen)]):
            cats[f"{field}={name}"] = 1.0 if name in chosen else 0.0

    if labels.tone is not None:
        one_hot("tone", (x.name for x in tagset.tone), {labels.tone})
    if labels.focus_stance is not None:
        one_hot("focus_stance", (x.name for x in tagset.focus_stance), {labels.focus_stance})
    if labels.topics:
        one_hot("topic", (x.name for x in tagset.topics), set(labels.topics))
    return cats


def build_doc(nlp: Language, coding: AnnotatedDocument, tagset: TagSet) -> Doc:
    """Return one coder's coding of one article as a spaCy Doc (see the module docstring)."""
    article, labels = coding.article, coding.document
    doc = nlp.make_doc(article.text)
    groups: dict[str, list[Any]] = {name: [] for name in GROUPS.values()}
    marks_json = []
    expanded, unaligned = [], []
    for mark in sorted(coding.marks, key=lambda m: (m.start, m.end, m.kind.value, m.id)):
        span = _char_span(doc, mark)
        entry = mark_to_json(mark)
        if span is None:
            unaligned.append(mark.id)
            entry["aligned"] = None
        else:
            groups[GROUPS[mark.kind]].append(span)
            entry["aligned"] = [span.start_char, span.end_char]
            if (span.start_char, span.end_char) != (mark.start, mark.end):
                expanded.append(mark.id)
        marks_json.append(entry)
    for name, spans in groups.items():
        doc.spans[name] = spans
    mentions = groups["actors"]
    if not mentions:
        ents = "none coded"
    elif any(a.end > b.start for a, b in zip(mentions, mentions[1:], strict=False)):
        ents = "overlapping"  # sorted by start, so any overlap shows between neighbours
    else:
        ents = "set"
        doc.ents = mentions
    doc.cats = document_cats(coding, tagset)
    doc.user_data.update(
        {
            "article": {
                "id": article.id,
                "title": article.title,
                "date": article.date,
                "source": article.source,
            },
            "coder": coding.annotator,
            "focus": coding.focus,
            "document": {
                "tone": labels.tone,
                "focus_stance": labels.focus_stance,
                "topics": list(labels.topics),
                "status": labels.status.value,
                "note": labels.note,
            },
            "actors": [actor_to_json(a) for a in coding.actors],
            "marks": marks_json,
            "ents": ents,
            "alignment": {"mode": "expand", "expanded": expanded, "unaligned": unaligned},
        }
    )
    return doc


def _char_span(doc: Doc, mark: Mark) -> Any:
    """Return the mark as a token-aligned span (expanded), or None when it covers no token."""
    span = doc.char_span(
        mark.start,
        mark.end,
        label=mark.label,
        kb_id=(mark.actor_id or "") if mark.kind == MarkKind.ACTOR else "",
        span_id=mark.id,
        alignment_mode="expand",
    )
    return span if span is not None and len(span) > 0 else None


def write_docbin(documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext) -> int:
    """Write one Doc per (article, coder) to a .spacy DocBin (or shards); return how many."""
    spacy = _spacy()
    from spacy.tokens import DocBin

    raw = context.options.get("docs_per_file", str(DEFAULT_DOCS_PER_FILE))
    if not raw.isdigit() or int(raw) < 1:
        raise ValidationError(f"docs_per_file must be a positive whole number, not {raw!r}")
    limit = int(raw)
    nlp = spacy.blank("xx")
    shards: list[Path] = []
    count = expanded = unaligned = overlapping = 0
    docbin = DocBin(attrs=list(ATTRS), store_user_data=True)
    try:
        for coding in documents:
            doc = build_doc(nlp, coding, context.tagset)
            alignment = doc.user_data["alignment"]
            expanded += len(alignment["expanded"])
            unaligned += len(alignment["unaligned"])
            overlapping += doc.user_data["ents"] == "overlapping"
            _note(context, coding, alignment, doc.user_data["ents"] == "overlapping")
            docbin.add(doc)
            count += 1
            if len(docbin) >= limit:
                shards.append(_write_partial(docbin, path, len(shards)))
                docbin = DocBin(attrs=list(ATTRS), store_user_data=True)
        if len(docbin) or not shards:
            shards.append(_write_partial(docbin, path, len(shards)))
        _publish(shards, path)
    finally:
        for partial in shards:
            partial.unlink(missing_ok=True)
    log.info(
        "spaCy export: %d documents; %d marks expanded to token boundaries, %d could not align "
        "(white space only) and were left out; %d documents with overlapping actor mentions "
        "have no doc.ents",
        count,
        expanded,
        unaligned,
        overlapping,
    )
    return count


def _note(
    context: FormatContext, coding: AnnotatedDocument, alignment: dict, overlapping: bool
) -> None:
    """Note what the Doc changed: marks widened to tokens, marks on no token, no doc.ents."""
    texts = {m.id: (m.text, m.start, m.end) for m in coding.marks}
    for kind, ids, what in (
        ("widened", alignment["expanded"], "widened to whole tokens"),
        ("dropped", alignment["unaligned"], "covers no token (white space only): left out"),
    ):
        for mark_id in ids:
            text, start, end = texts[mark_id]
            message = f"mark {text!r} ({start}-{end}) {what}"
            context.notes.append(
                ExportNote(kind, message, coding.article.id, coding.annotator, mark_id)
            )
    if overlapping:
        message = "actor mentions overlap: they are in doc.spans['actors'] only, not doc.ents"
        context.notes.append(
            ExportNote("no doc.ents", message, coding.article.id, coding.annotator)
        )


def shard_paths(path: Path, shards: int) -> list[Path]:
    """Return where an export split into this many shards is written."""
    if shards == 1:
        return [path]
    return [path.with_name(f"{path.stem}-{i:05d}{path.suffix}") for i in range(1, shards + 1)]


def _write_partial(docbin: DocBin, path: Path, index: int) -> Path:
    partial, handle = exclusive_temp_file(path.with_name(f"{path.name}.{index:05d}"))
    with handle as out:
        out.write(docbin.to_bytes())
        out.flush()
        os.fsync(out.fileno())
    return partial


def _publish(partials: list[Path], path: Path) -> None:
    """Move complete shards into place only once every one of them is written."""
    for partial, target in zip(partials, shard_paths(path, len(partials)), strict=True):
        publish(partial, target)


FORMAT = Format(
    name="spacy",
    title="spaCy DocBin",
    extensions=EXTENSIONS,
    carries=frozenset(
        {"articles", "spans", "relations", "attributes", "document labels", "coders"}
    ),
    write=write_docbin,
    write_options=(
        FormatOption(
            "docs_per_file", "Documents per .spacy file", default=str(DEFAULT_DOCS_PER_FILE)
        ),
    ),
)
