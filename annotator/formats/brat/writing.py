"""Writing brat: one .txt/.ann pair per (article, coder) and an annotation.conf."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from annotator.core.errors import ValidationError
from annotator.core.model import Actor, AnnotatedDocument, Mark, MarkKind
from annotator.core.tagset import TagSet
from annotator.formats._common import coder_file_part, relation_mention
from annotator.formats.base import FormatContext, atomic_text_file
from annotator.formats.brat.common import (
    CONF_NAME,
    FORM,
    INTENSITY,
    OVERLAP_LINE,
    SPEAKER,
    STANCE,
    TARGET,
    attribute_values,
    brat_type_name,
    brat_types,
    escape_note_value,
)


def annotation_conf(tagset: TagSet) -> str:
    """Return the annotation.conf describing our span labels, relations and attributes."""
    types = brat_types(tagset)
    values = attribute_values(tagset)
    out = [
        "# brat configuration written by annotator for the tag set "
        f"{tagset.name!r}. Entity types are our span labels (actor types, claim topics and "
        "sentiment polarities) with every run of characters other than letters, digits, "
        "'_' and '-' written as '_'.",
        "",
        "[entities]",
    ]
    groups = {}
    for kind in MarkKind:
        names = [types[(kind, label.name)] for label in tagset.spans[kind]]
        groups[kind] = names
        out += [f"# {kind.value}", *names]
    actors = "|".join(groups[MarkKind.ACTOR]) or "<ENTITY>"
    claims = "|".join(groups[MarkKind.CLAIM]) or "<ENTITY>"
    sentiments = "|".join(groups[MarkKind.SENTIMENT]) or "<ENTITY>"
    out += [
        "",
        "[relations]",
        "# A claim's speaker, and a claim's or sentiment span's target: Arg2 is the actor mention.",
        f"{SPEAKER}\tArg1:{claims}, Arg2:{actors}",
        f"{TARGET}\tArg1:{claims}|{sentiments}, Arg2:{actors}",
        "# Marks may nest (an actor mention inside a claim), cross, and share a span: without",
        "# this line brat reports each such pair as an error.",
        OVERLAP_LINE,
        "",
        "[events]",
        "",
        "[attributes]",
        f"{STANCE}\tArg:{claims}, Value:{'|'.join(values[STANCE])}",
        f"{FORM}\tArg:{claims}, Value:{'|'.join(values[FORM])}",
        f"{INTENSITY}\tArg:{sentiments}, Value:1|2|3",
        "",
    ]
    return "\n".join(out)


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at line breaks, as brat does, dropping empty pieces."""
    pieces, position = [], start
    for piece in text[start:end].split("\n"):
        if piece.strip():
            pieces.append((position, position + len(piece)))
        position += len(piece) + 1
    return pieces or [(start, end)]


def build_ann(coding: AnnotatedDocument, tagset: TagSet) -> str:
    """Return the .ann text of one coder's coding of one article."""
    types = brat_types(tagset)
    actors: dict[str, Actor] = {a.id: a for a in coding.actors}
    text = coding.article.text
    # By position, then by kind and label: the order must not depend on mark ids, which differ
    # between projects, or exports of the same coding would not be byte-identical.
    kinds = list(MarkKind)
    ordered = sorted(
        coding.marks, key=lambda m: (m.start, -m.end, kinds.index(m.kind), m.label, m.id)
    )
    refs = {mark.id: f"T{number}" for number, mark in enumerate(ordered, start=1)}
    lines = []
    for mark in ordered:
        type_ = types.get((mark.kind, mark.label), brat_type_name(mark.label))
        fragments = _fragments(text, mark.start, mark.end)
        spans = ";".join(f"{a} {b}" for a, b in fragments)
        covered = " ".join(text[a:b] for a, b in fragments)
        lines.append(f"{refs[mark.id]}\t{type_} {spans}\t{covered}")
    relations: list[tuple[str, str, str]] = []
    attributes: list[tuple[str, str, str]] = []
    notes: list[tuple[str, str]] = []
    for mark in ordered:
        ref = refs[mark.id]
        note = [("coder", coding.annotator), *_mention_note(mark, actors)]
        for role, actor_id in ((SPEAKER, mark.speaker_id), (TARGET, mark.target_id)):
            if actor_id is None:
                continue
            found = relation_mention(mark, actor_id, ordered)
            if found is not None:
                relations.append((role, ref, refs[found.id]))
            else:
                note += _role_note(role, actor_id, actors)
        attributes += [(name, ref, value) for name, value in _attributes(mark)]
        notes.append((ref, "; ".join(f"{key}: {escape_note_value(v)}" for key, v in note)))
    lines += [f"R{n}\t{role} Arg1:{a} Arg2:{b}\t" for n, (role, a, b) in enumerate(relations, 1)]
    lines += [f"A{n}\t{name} {ref} {value}" for n, (name, ref, value) in enumerate(attributes, 1)]
    lines += [f"#{n}\tAnnotatorNotes {ref}\t{note}" for n, (ref, note) in enumerate(notes, 1)]
    return "".join(line + "\n" for line in lines)


def _mention_note(mark: Mark, actors: dict[str, Actor]) -> list[tuple[str, str]]:
    """Return the note items naming an actor mention's actor (none for other marks)."""
    if mark.kind != MarkKind.ACTOR or not mark.actor_id:
        return []
    actor = actors.get(mark.actor_id)
    items = [("actor", actor.name if actor else ""), ("actor id", mark.actor_id)]
    if actor and actor.type != mark.label:  # a mention may be labelled otherwise
        items.append(("actor type", actor.type))
    if actor and actor.country:
        items.append(("country", actor.country))
    return items


def _role_note(role: str, actor_id: str, actors: dict[str, Actor]) -> list[tuple[str, str]]:
    """Return the note items naming a speaker or target no mention can stand for."""
    actor = actors.get(actor_id)
    items = [(role, actor.name if actor else ""), (f"{role} id", actor_id)]
    items.append((f"{role} type", actor.type if actor else ""))
    if actor and actor.country:
        items.append((f"{role} country", actor.country))
    return items


def _attributes(mark: Mark) -> Sequence[tuple[str, str]]:
    """Return a mark's attributes (name, brat value): stance and form, or intensity."""
    found = []
    if mark.stance:
        found.append((STANCE, brat_type_name(mark.stance)))
    if mark.form:
        found.append((FORM, brat_type_name(mark.form)))
    if mark.intensity is not None:
        found.append((INTENSITY, str(mark.intensity)))
    return found


def write_brat(documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext) -> int:
    """Write one .txt/.ann pair per document and an annotation.conf into a folder."""
    if path.exists() and not path.is_dir():
        raise ValidationError(f"{path} is a file; brat export writes a folder of .txt/.ann pairs")
    path.mkdir(parents=True, exist_ok=True)
    with atomic_text_file(path / CONF_NAME) as out:
        out.write(annotation_conf(context.tagset))
    used: set[str] = set()
    count = 0
    for coding in documents:
        slug = coder_file_part(coding.annotator)
        stem = f"{coding.article.id[:12]}_{slug}"
        if stem in used:  # two articles sharing 48 bits of their hash: use the full id
            stem = f"{coding.article.id}_{slug}"
        used.add(stem)
        with atomic_text_file(path / f"{stem}.txt") as out:
            out.write(coding.article.text)
        with atomic_text_file(path / f"{stem}.ann") as out:
            out.write(build_ann(coding, context.tagset))
        count += 1
    return count
