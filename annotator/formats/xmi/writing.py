"""Writing UIMA CAS XMI: one ``.xmi`` per article and coder, and ``TypeSystem.xml`` beside
them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.model import Actor, AnnotatedDocument, Mark, MarkKind
from annotator.formats._common import (
    document_marks,
    document_stem,
    relation_mention,
    sentence_chunks,
    tokens_at_marks,
)
from annotator.formats.base import FormatContext, atomic_text_file
from annotator.formats.xmi.common import (
    ACTOR,
    CLAIM,
    DOCUMENT,
    RELATION,
    ROLE_FEATURES,
    SENTENCE,
    SENTIMENT,
    TOKEN,
    TYPESYSTEM_NAME,
    build_typesystem,
)


def build_cas(doc: AnnotatedDocument, typesystem: Any) -> Any:
    """Return one coder's coding of one article as a cassis CAS of our types."""
    from cassis import Cas

    cas = Cas(typesystem=typesystem)
    cas.sofa_string = doc.article.text
    cas.sofa_mime = "text"
    marks = document_marks(doc)
    _add_segments(cas, typesystem, doc.article.text, marks)
    actors = {a.id: a for a in doc.actors}
    made = {}
    for mark in marks:
        made[mark.id] = _mark_annotation(mark, typesystem, actors)
        cas.add(made[mark.id])
    relation_type = typesystem.get_type(RELATION)
    for mark in marks:
        for role, actor_id in (("speaker", mark.speaker_id), ("target", mark.target_id)):
            mention = relation_mention(mark, actor_id, marks) if actor_id else None
            if mention is not None:
                cas.add(
                    relation_type(
                        begin=mention.start,
                        end=mention.end,
                        Governor=made[mark.id],
                        Dependent=made[mention.id],
                        role=role,
                    )
                )
    cas.add(_document_labels(doc, typesystem))
    return cas


def _add_segments(cas: Any, typesystem: Any, text: str, marks: list[Mark]) -> None:
    """Add DKPro sentences (lines, without their outer white space) and tokens, which INCEpTION
    needs."""
    chunks = sentence_chunks(text)
    sentence_type, token_type = typesystem.get_type(SENTENCE), typesystem.get_type(TOKEN)
    for start, end in chunks:
        stripped = text[start:end]
        lead = len(stripped) - len(stripped.lstrip())
        cas.add(sentence_type(begin=start + lead, end=start + len(stripped.rstrip())))
    for start, end in tokens_at_marks(text, chunks, marks):
        cas.add(token_type(begin=start, end=end))


def _mark_annotation(mark: Mark, typesystem: Any, actors: dict[str, Actor]) -> Any:
    """Return a mark as an annotation of our Actor, Claim or Sentiment type."""
    if mark.kind == MarkKind.ACTOR:
        actor = actors.get(mark.actor_id or "")
        return typesystem.get_type(ACTOR)(
            begin=mark.start,
            end=mark.end,
            actorType=mark.label,
            actor=mark.actor_id,
            actorName=actor.name if actor else None,
            actorCountry=actor.country if actor else None,
            markId=mark.id,
        )
    if mark.kind == MarkKind.CLAIM:
        return typesystem.get_type(CLAIM)(
            begin=mark.start,
            end=mark.end,
            topic=mark.label,
            stance=mark.stance,
            form=mark.form,
            markId=mark.id,
            **_role_features("speaker", mark.speaker_id, actors),
            **_role_features("target", mark.target_id, actors),
        )
    return typesystem.get_type(SENTIMENT)(
        begin=mark.start,
        end=mark.end,
        polarity=mark.label,
        intensity=mark.intensity or 0,
        markId=mark.id,
        **_role_features("target", mark.target_id, actors),
    )


def _role_features(role: str, actor_id: str | None, actors: dict[str, Actor]) -> dict[str, Any]:
    """Return a claim's or sentiment's speaker or target as features (none when unset)."""
    actor = actors.get(actor_id or "")
    if actor is None:
        return {}
    names = ROLE_FEATURES[role]
    return {names[0]: actor.id, names[1]: actor.name, names[2]: actor.type}


def _document_labels(doc: AnnotatedDocument, typesystem: Any) -> Any:
    """Return the coder, the document-level labels and the article's title, date and source
    as a DocumentLabels annotation."""
    labels, article = doc.document, doc.article
    topics = typesystem.get_type("uima.cas.StringArray")()
    topics.elements = list(labels.topics)
    return typesystem.get_type(DOCUMENT)(
        annotator=doc.annotator,
        tone=labels.tone,
        focusStance=labels.focus_stance,
        topics=topics,
        status=labels.status.value,
        note=labels.note or None,
        title=article.title,
        date=article.date,
        source=article.source,
    )


# What XML 1.0 allows: tab, line feed, carriage return, and no other C0 control or surrogate.
# Unicode names no C0 control: the ones text from PDFs and old files carries, by name.
_CONTROL_NAMES = {
    "\x00": "null",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1b": "escape",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xmi(doc: AnnotatedDocument, typesystem: Any) -> str:
    """Return a document as XMI, or refuse it naming the article and the character."""
    for field, value in (("text", doc.article.text), ("title", doc.article.title or "")):
        found = _NOT_XML.search(value)
        if found is not None:
            character = found.group()
            name = _CONTROL_NAMES.get(character) or unicodedata.name(character, "control")
            raise ValidationError(
                f"article {doc.article.id[:8]} ({doc.article.title!r}): its {field} has "
                f"U+{ord(character):04X} ({name.lower()}) at offset {found.start()}, which "
                "XML 1.0 (and so XMI) cannot hold; nothing was written"
            )
    try:
        return build_cas(doc, typesystem).to_xmi(pretty_print=True)
    except ValueError as exc:  # a character elsewhere (a note, a name) XML cannot hold
        raise ValidationError(
            f"article {doc.article.id[:8]} ({doc.article.title!r}) cannot be written as XMI: "
            f"{exc}; nothing was written"
        ) from exc


def write_xmi(documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext) -> int:
    """Write ``<name>.xmi`` per (article, coder) and one ``TypeSystem.xml`` beside them."""
    docs = list(documents)
    typesystem = build_typesystem()
    if path.suffix.lower() == ".xmi" and not path.is_dir():
        if len(docs) != 1:
            raise ValidationError(
                f"{path}: one .xmi file holds one document and there are {len(docs)}; "
                "give a folder to write one file per article and coder"
            )
        targets = [(docs[0], path)]
        folder = path.parent
    else:
        targets = [(doc, path / f"{document_stem(doc)}.xmi") for doc in docs]
        folder = path
    # Every document is made before the first file is written: one XML 1.0 cannot hold (a
    # form feed from a PDF, say) is refused with nothing written, not half a folder.
    written = [(_xmi(doc, typesystem), target) for doc, target in targets]
    folder.mkdir(parents=True, exist_ok=True)
    for xml, target in written:
        with atomic_text_file(target) as out:
            out.write(xml)
    with atomic_text_file(folder / TYPESYSTEM_NAME) as out:
        out.write(typesystem.to_xml())
    return len(docs)
