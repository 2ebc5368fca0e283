"""Rules several formats share, in one place: the order marks are written in, which mention
a relation points to, actors and articles in JSON records, sentences and tokens cut at marks,
and safe file names. Format modules import these, never each other (an import-linter contract
checks it).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.mentions import relation_mention
from annotator.core.model import Actor, AnnotatedDocument, Article, Mark, MarkKind
from annotator.core.errors import InputProblem, ProblemCode
from annotator.formats.base import ArticleError, Origin, ReadResult, make_article

ROLES = ("speaker", "target")
KIND_ORDER = {MarkKind.ACTOR: 0, MarkKind.CLAIM: 1, MarkKind.SENTIMENT: 2}
# Our fields a doccano line or Label Studio task carries beside its text: not the article's meta.
OUR_EXTRAS = ("annotator", "actors", "attributes", "status", "note", "article_id")

__all__ = ["relation_mention"]


# -- JSON records (doccano, Label Studio, JSONL, spaCy's user data) ----------------------------


def sorted_marks(marks: Iterable[Mark]) -> list[Mark]:
    """Return marks in a stable export order: by position, kind, label and text."""
    return sorted(marks, key=lambda m: (m.start, m.end, KIND_ORDER[m.kind], m.label, m.text, m.id))


def role_links(marks: Sequence[Mark]) -> list[tuple[Mark, str, Mark | None, str]]:
    """Return (mark, role, its mention or None, actor id) for every speaker and target."""
    links = []
    for mark in marks:
        for role in ROLES:
            actor_id = mark.speaker_id if role == "speaker" else mark.target_id
            if actor_id is None or (role == "speaker" and mark.kind != MarkKind.CLAIM):
                continue
            links.append((mark, role, relation_mention(mark, actor_id, marks), actor_id))
    return links


def actor_to_json(actor: Actor) -> dict[str, Any]:
    """Return an actor as records of every format hold it: id, name, type, country, aliases."""
    return {
        "id": actor.id,
        "name": actor.name,
        "type": actor.type,
        "country": actor.country,
        "aliases": list(actor.aliases),
    }


def actor_json(coding: AnnotatedDocument, with_mentions: bool) -> list[dict[str, Any]]:
    """Return the document's actors as JSON objects, sorted by id."""
    out = []
    for actor in sorted(coding.actors, key=lambda a: a.id):
        item = actor_to_json(actor)
        if with_mentions:
            item["mentions"] = sorted(
                [m.start, m.end]
                for m in coding.marks
                if m.kind == MarkKind.ACTOR and m.actor_id == actor.id
            )
        out.append(item)
    return out


def actors_from_json(value: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the well-formed actors of an ``actors`` field, and what is wrong with the rest."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], ['"actors" must be a list']
    actors, problems = [], []
    for index, item in enumerate(value):
        if (
            not isinstance(item, dict)
            or not all(isinstance(item.get(k), str) for k in ("id", "name", "type"))
            or not isinstance(item.get("aliases", []), list)
        ):
            problems.append(f"actors[{index}]: needs string id, name and type")
            continue
        actors.append(
            {
                "id": item["id"],
                "name": item["name"],
                "type": item["type"],
                "country": item.get("country"),
                "aliases": [str(a) for a in item.get("aliases", [])],
            }
        )
    return actors, problems


def is_offset(value: Any) -> bool:
    """Say whether a value is a usable offset (an int, not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool)


def mark_to_json(mark: Mark) -> dict[str, Any]:
    """Return a mark as it appears in an annotation record."""
    # One literal per kind (not a dict updated per kind): exports build a million of these.
    kind = mark.kind
    if kind is MarkKind.ACTOR:
        return {
            "id": mark.id,
            "kind": "actor",
            "start": mark.start,
            "end": mark.end,
            "text": mark.text,
            "label": mark.label,
            "actor": mark.actor_id,
            "created_at": mark.created_at,
            "updated_at": mark.updated_at,
        }
    if kind is MarkKind.CLAIM:
        return {
            "id": mark.id,
            "kind": "claim",
            "start": mark.start,
            "end": mark.end,
            "text": mark.text,
            "label": mark.label,
            "speaker": mark.speaker_id,
            "target": mark.target_id,
            "stance": mark.stance,
            "form": mark.form,
            "created_at": mark.created_at,
            "updated_at": mark.updated_at,
        }
    return {
        "id": mark.id,
        "kind": "sentiment",
        "start": mark.start,
        "end": mark.end,
        "text": mark.text,
        "label": mark.label,
        "intensity": mark.intensity,
        "target": mark.target_id,
        "created_at": mark.created_at,
        "updated_at": mark.updated_at,
    }


# -- documents as files of sentences and tokens (WebAnno TSV, XMI) ----------------------------


def file_name_part(text: str, limit: int = 40) -> str:
    """Return an OS-safe ASCII file-name part for a title (not unique: add an id)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-").lower()
    return slug[:limit].rstrip("-") or "x"


def coder_file_part(coder: str) -> str:
    """Return a coder's name as a file-name part, safe on every OS and unique per coder even
    where file names ignore case: the name itself when it is lower-case ASCII letters, digits,
    ``-`` and ``_``; else its slug and ``~`` and 6 hex digits of its hash ("Ann" and "ann",
    "Ann B" and "ann-b" differ). ``strip_coder_hash`` takes the hash off again."""
    folded = unicodedata.normalize("NFKD", coder).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9_-]+", "-", folded.lower()).strip("-_")[:40] or "coder"
    if slug != coder:
        slug += "~" + hashlib.sha256(coder.encode("utf-8")).hexdigest()[:6]
    return slug


def strip_coder_hash(part: str) -> str:
    """Return the coder's slug from a file-name part coder_file_part made."""
    return re.sub(r"~[0-9a-f]{6}$", "", part)


def document_stem(doc: AnnotatedDocument) -> str:
    """Return ``<title-slug>-<id8>.<coder>``: unique per (article, coder), safe on every OS."""
    title = file_name_part(doc.article.title)
    return f"{title}-{doc.article.id[:8]}.{coder_file_part(doc.annotator)}"


def document_marks(doc: AnnotatedDocument) -> list[Mark]:
    """Return a document's marks in a stable order (offsets, kind, label, id)."""
    return sorted(doc.marks, key=lambda m: (m.start, m.end, m.kind.value, m.label, m.id))


def sentence_chunks(text: str) -> list[tuple[int, int]]:
    """Split text into sentences: lines with their line break, blank lines joined to one."""
    chunks: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"\n|\Z", text):
        end = min(match.end(), len(text))
        if end <= start:
            continue
        if not text[start:end].strip() and chunks:
            chunks[-1] = (chunks[-1][0], end)
        elif chunks and not text[chunks[-1][0] : chunks[-1][1]].strip():
            chunks[-1] = (chunks[-1][0], end)  # leading blank lines join the first sentence
        else:
            chunks.append((start, end))
        start = end
    return chunks


def tokens_at_marks(
    text: str, chunks: list[tuple[int, int]], marks: list[Mark]
) -> list[tuple[int, int]]:
    """Return ``tokenize``'s tokens cut at every mark's start and end and every chunk's end.

    Where a mark starts or ends on white space, the white space from there to the next cut (or
    from the last cut to there) is a token of its own: every mark starts at a token's start and
    ends at a token's end, as INCEpTION needs to place it.
    """
    starts = {m.start for m in marks}
    ends = {m.end for m in marks}
    cuts = sorted(starts | ends | {end for _, end in chunks})
    tokens: list[tuple[int, int]] = []
    position = 0  # where the white space before the next token starts
    for start, end in [*tokenize(text), (len(text), len(text))]:
        for a, b in _cut(position, start, cuts):
            if a in starts or b in ends:
                tokens.append((a, b))
        tokens += _cut(start, end, cuts)
        position = end
    return tokens


def _cut(start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    """Return the span start-end cut at the sorted offsets inside it (none if it is empty)."""
    if start >= end:
        return []
    inner = cuts[bisect_right(cuts, start) : bisect_left(cuts, end)]
    points = [start, *inner, end]
    return list(zip(points, points[1:], strict=False))


# -- tokens ------------------------------------------------------------------------------------
# One tokenizer for the files we write with tokens (CoNLL, WebAnno TSV, XMI). gliner.tokenize
# is not this: it reproduces GLiNER's own splitter, which a model trained on it expects.

# Characters joining two word characters into one token: "U.N", "1,000", "10:30", "don't".
_JOINERS = frozenset(".,:'’-‐")
_GLUE = frozenset("\u200d\ufe0e\ufe0f")  # zero-width joiner, variation selectors


def _class(ch: str) -> str:
    """Return 's' (space), 'w' (word: letters, digits, marks), 'y' (symbol) or 'p'."""
    if ch.isspace():
        return "s"
    category = unicodedata.category(ch)
    if category[0] in "LNM" or ch == "_":
        return "w"
    if category[0] == "S" or ch in _GLUE or category == "Cf":
        return "y"
    return "p"


def tokenize(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the tokens of a text.

    A token is a run of word characters (letters, digits, combining marks; CJK runs stay
    whole), with ``.``, ``,``, ``:``, apostrophes and hyphens inside it (``U.N``, ``1,000``,
    ``don't``, ``Counter-terrorism``) and a final period when it has one inside (``U.N.``);
    or a run of symbols (emoji with their modifiers and joiners, flags); or one punctuation
    character (a run of periods, ``...``, stays whole). Joining the tokens with spaces and
    tokenising again gives the same tokens. Only white space is left between tokens.
    """
    tokens: list[tuple[int, int]] = []
    n, i = len(text), 0
    while i < n:
        kind = _class(text[i])
        if kind == "s":
            i += 1
            continue
        start = i
        if kind == "w":
            i = _word_end(text, i)
        elif kind == "y":
            i += 1
            while i < n and (_class(text[i]) == "y" or unicodedata.category(text[i])[0] == "M"):
                i += 1
        else:
            i += 1
            if text[start] == ".":
                while i < n and text[i] == ".":
                    i += 1
            # Combining marks on punctuation belong to it.
            while i < n and unicodedata.category(text[i])[0] == "M":
                i += 1
        tokens.append((start, i))
    return tokens


def _word_end(text: str, start: int) -> int:
    """Return where the word starting at ``start`` ends (see ``tokenize``)."""
    n, i = len(text), start + 1
    while i < n:
        if _class(text[i]) == "w":
            i += 1
        elif (
            text[i] in _JOINERS
            and i + 1 < n
            and _class(text[i + 1]) == "w"
            and (text[i] not in ",:" or (text[i - 1].isdigit() and text[i + 1].isdigit()))
        ):
            i += 1
        else:
            break
    if i < n and text[i] == "." and "." in text[start:i]:
        i += 1
    return i


# -- the article of a JSON record, or the coded problem why not (doccano) ----------------------


def article_or_problem(data: dict[str, Any], text: str, origin: Origin) -> Article | InputProblem:
    """Build the article of a JSON record (its title, date, source and meta beside the text);
    return the reason it cannot be built as a problem carrying its ProblemCode."""
    meta = data.get("meta")
    if not isinstance(meta, dict):
        meta = None
    else:
        meta = {k: v for k, v in meta.items() if k not in OUR_EXTRAS}
    fields = {k: data[k] if isinstance(data.get(k), str) else None for k in _ARTICLE_FIELDS}
    return exact_article(text, origin, meta=meta, **fields)


_ARTICLE_FIELDS = ("title", "date", "source")


def exact_article(text: str, origin: Origin, **fields: Any) -> Article | InputProblem:
    """Build the article of a text whose offsets the file counts (make_article's fields
    beside); return the reason it cannot be built, or stored as it is, as a problem."""
    try:
        article = make_article(text, **fields)
    except ArticleError as exc:
        return origin.problem(str(exc), code=exc.code)
    if article.text != text:
        message = "text has CR or BOM characters; offsets would not match stored text"
        return origin.problem(message, code=ProblemCode.BAD_TEXT)
    return article


# -- one document per file (WebAnno TSV, XMI) ------------------------------------------------


@dataclass
class DocumentProblems:
    """The problems and warnings found reading one document (a file, a zip member) of a format
    holding one per file: they reach the ReadResult only once the document is read whole."""

    path: str
    problems: list[InputProblem] = field(default_factory=list)
    warnings: list[InputProblem] = field(default_factory=list)

    def problem(self, message: str, code: str, line: int | None = None) -> None:
        """Add a problem of the document (at a line of it, when known)."""
        self.problems.append(Origin(self.path, line).problem(message, code=code))

    def article(self, text: str, **fields: Any) -> Article | None:
        """Return the document's article (see exact_article), or None with its problem."""
        made = exact_article(text, Origin(self.path), **fields)
        if isinstance(made, InputProblem):
            self.problems.append(made)
            return None
        return made

    def warning(self, message: str, code: str = "", line: int | None = None) -> None:
        """Add a warning about the document."""
        self.warnings.append(Origin(self.path, line).problem(message, code=code))

    def settle(self, result: ReadResult, lenient: bool) -> bool:
        """Add what was found to ``result``; return whether the document is to be kept. With
        ``lenient`` a document with problems that may be skipped is left out whole: its
        problems become warnings saying so, its other warnings go (the file is not imported)."""
        if not self.problems:
            result.warnings += self.warnings
            return True
        if lenient and all(p.skippable for p in self.problems):
            result.warnings += [p.as_skipped() for p in self.problems]
            result.skipped += 1
        else:
            result.problems += self.problems
            result.warnings += self.warnings
        return False
