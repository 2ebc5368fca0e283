"""Writing WebAnno TSV 3.3: one file per article and coder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import ValidationError
from annotator.core.model import Actor, AnnotatedDocument, Mark, MarkKind
from annotator.core.offsets import Utf16Map
from annotator.formats._common import (
    document_marks,
    document_stem,
    relation_mention,
    sentence_chunks,
    tokens_at_marks,
)
from annotator.formats.base import ExportNote, FormatContext, atomic_text_file
from annotator.formats.webanno_tsv.common import (
    ACTOR,
    CLAIM,
    FORMAT_LINE,
    OWN_SPANS,
    RELATION,
    SENTIMENT,
    escape_text,
    escape_value,
)

# -- writing -------------------------------------------------------------------------------

_LAYER_OF = {MarkKind.ACTOR: ACTOR, MarkKind.CLAIM: CLAIM, MarkKind.SENTIMENT: SENTIMENT}
_HEADER = [
    FORMAT_LINE,
    *(f"#T_SP={layer}|{'|'.join(feats)}" for layer, feats in OWN_SPANS.items()),
    f"#T_RL={RELATION}|role|BT_{ACTOR}",
    "",
]


@dataclass
class _Layout:
    """One document cut into sentences and tokens, with what its token lines name: marks by
    their number in the file, actors by id, and the relations on each actor mention."""

    text: str
    umap: Utf16Map
    marks: list[Mark]
    numbers: dict[str, int]  # mark id -> its disambiguation id (``Person[3]``)
    actors: dict[str, Actor]
    chunks: list[tuple[int, int]]
    tokens: list[tuple[int, int]]
    relations: dict[str, list[tuple[str, Mark]]]  # mention's id -> (role, claim or sentiment)


def _cell(values: list[str]) -> str:
    return "|".join(values) if values else "_"


def tsv_text(doc: AnnotatedDocument, notes: list[ExportNote] | None = None) -> str:
    """Return one coder's coding of one article as WebAnno TSV 3.3 text (noting in ``notes`` a
    speaker or target no mention in the article can stand for)."""
    text = doc.article.text
    marks = document_marks(doc)
    actors = {a.id: a for a in doc.actors}
    chunks = sentence_chunks(text)
    layout = _Layout(
        text,
        Utf16Map(text),
        marks,
        {m.id: n for n, m in enumerate(marks, start=1)},
        actors,
        chunks,
        tokens_at_marks(text, chunks, marks),
        _relations(doc, marks, actors, notes),
    )
    lines = list(_HEADER)
    token_index = 0
    for number, (c_start, c_end) in enumerate(chunks, start=1):
        lines.append("")
        lines += ["#Text=" + escape_text(part) for part in text[c_start:c_end].split("\n")]
        n = 0
        while token_index < len(layout.tokens) and layout.tokens[token_index][0] < c_end:
            n += 1
            lines.append(_token_line(f"{number}-{n}", layout.tokens[token_index], layout))
            token_index += 1
    return "\n".join(lines) + "\n"


def _relations(
    doc: AnnotatedDocument,
    marks: list[Mark],
    actors: dict[str, Actor],
    notes: list[ExportNote] | None,
) -> dict[str, list[tuple[str, Mark]]]:
    """Return each actor mention's relations: (role, claim or sentiment). A relation sits on
    its dependent, the mention; a speaker or target without a mention is noted as dropped."""
    relations: dict[str, list[tuple[str, Mark]]] = {}
    for mark in marks:
        for role, actor_id in (("speaker", mark.speaker_id), ("target", mark.target_id)):
            mention = relation_mention(mark, actor_id, marks) if actor_id else None
            if mention is not None:
                relations.setdefault(mention.id, []).append((role, mark))
            elif actor_id and notes is not None:
                actor = actors.get(actor_id)
                name = actor.name if actor else actor_id
                message = (
                    f"{mark.kind.value} {mark.text[:40]!r}: {role} {name!r} is never marked "
                    "in the article, and a TSV relation needs a mention: left out"
                )
                notes.append(ExportNote("dropped", message, doc.article.id, doc.annotator, mark.id))
    return relations


def _features(mark: Mark, actors: dict[str, Actor]) -> list[str | None]:
    """Return a mark's feature values in its layer's column order (see OWN_SPANS)."""
    if mark.kind == MarkKind.ACTOR:
        actor = actors.get(mark.actor_id or "")
        return [mark.label, mark.actor_id, actor.name if actor else None]
    if mark.kind == MarkKind.CLAIM:
        return [mark.label, mark.stance, mark.form]
    return [mark.label, None if mark.intensity is None else str(mark.intensity)]


def _token_line(address: str, token: tuple[int, int], layout: _Layout) -> str:
    """Return a token's line: address, UTF-16 offsets, text, then our span and relation cells."""
    t_start, t_end = token
    here = [m for m in layout.marks if m.start < t_end and t_start < m.end]
    cells = _span_cells(here, layout) + _relation_cells(here, t_start, layout)
    return (
        f"{address}\t{layout.umap.to_utf16(t_start)}-{layout.umap.to_utf16(t_end)}\t"
        f"{escape_text(layout.text[t_start:t_end])}\t" + "\t".join(cells) + "\t"
    )


def _span_cells(here: list[Mark], layout: _Layout) -> list[str]:
    """Return the feature cells of every span layer for the marks on a token, stacked."""
    cells = []
    for kind, feats in zip(_LAYER_OF, OWN_SPANS.values(), strict=True):
        stacked = [(m, _features(m, layout.actors)) for m in here if m.kind == kind]
        for position in range(len(feats)):
            values = []
            for m, features in stacked:
                value = features[position]
                shown = "*" if value is None else escape_value(value)
                values.append(f"{shown}[{layout.numbers[m.id]}]")
            cells.append(_cell(values))
    return cells


def _relation_cells(here: list[Mark], t_start: int, layout: _Layout) -> list[str]:
    """Return the role and governor cells of the relations on the mentions starting here."""
    roles, refs = [], []
    for m in here:
        if m.start != t_start:
            continue
        for role, governor in layout.relations.get(m.id, []):
            roles.append(role)
            address = _address(governor, layout.tokens, layout.chunks)
            refs.append(f"{address}[{layout.numbers[governor.id]}_{layout.numbers[m.id]}]")
    return [_cell(roles), _cell(refs)]


def _address(mark: Mark, tokens: list[tuple[int, int]], chunks: list[tuple[int, int]]) -> str:
    """Return the ``sentence-token`` address of a mark's first token."""
    for number, (c_start, c_end) in enumerate(chunks, start=1):
        if c_start <= mark.start < c_end:
            in_chunk = [t for t in tokens if c_start <= t[0] < c_end]
            n = next(i for i, t in enumerate(in_chunk, start=1) if t[0] == mark.start)
            return f"{number}-{n}"
    raise ValueError(f"mark {mark.id} starts outside the text")


def write_tsv(documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext) -> int:
    """Write one TSV file per (article, coder) into a folder, or one file for one record."""
    docs = list(documents)
    if path.suffix.lower() == ".tsv" and not path.is_dir():
        if len(docs) != 1:
            raise ValidationError(
                f"{path}: WebAnno TSV holds one document per file and there are {len(docs)}; "
                "give a folder to write one file per article and coder"
            )
        with atomic_text_file(path) as out:
            out.write(tsv_text(docs[0], context.notes if context else None))
        return 1
    path.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        with atomic_text_file(path / f"{document_stem(doc)}.tsv") as out:
            out.write(tsv_text(doc, context.notes if context else None))
    return len(docs)
