"""CoNLL-2003 / IOB token tags: one token per line with its tag in the last column.

Reading accepts ``token<TAB>tag`` (IOB2, as doccano writes it) and space-separated columns
whose last one is the tag (``U.N. NNP I-NP I-ORG`` as in CoNLL-2003). A line of the shape
``token -X- _ TAG`` (Label Studio's) has as its tag everything after the third column, joined
with single spaces: Label Studio writes a label with spaces as it is, so ``Baloch -X- _
B-Armed group`` is the tag ``B-Armed group``. A blank line ends a sentence; a ``-DOCSTART-``
line starts a new document (a file without one is one document).

Label Studio's CoNLL-2003 export is the exception: it writes one ``-DOCSTART- -X- O`` for the
whole export, then each task's tokens (never a blank line inside a task: it does not split
sentences) and a blank line after each task. A file that starts with that line and whose first
token line has the ``-X- _`` shape is read as such an export: each block between blank lines is
a document (a task) of its own, and a token line without the ``-X- _`` shape is a bad line.

Tags are ``O``, ``B-X`` and ``I-X``; an ``I-X`` that does not continue an ``X`` (after ``O``,
another label or a sentence break) starts a new span, which reads IOB1 (CoNLL-2003's original
tagging, where ``B-`` only separates two adjacent spans of one label) and IOB2 alike.
``S-``/``U-`` (one-token spans) and ``E-``/``L-`` (last token) of BIOES/BILOU are accepted too.
``_`` in a label stands for a space when that gives a label of our tag set
(``B-Military/Security``, ``B-CPEC_security``); other labels are kept as they are, for
``--map-label``.

The text is rebuilt: tokens joined by single spaces, sentences by line breaks. Offsets refer
to that rebuilt text, so an imported document is a new article (its text differs from the one
exported) and the spans are exact on it.

Writing tokenises each article as WebAnno TSV and XMI do (``tokens_at_marks`` of
formats/_common.py: white space and punctuation, no model, and a token is also split where a
mark begins or ends, so spans are kept exactly), splits sentences at line breaks and sentence
punctuation, and writes ``token<TAB>tag`` in IOB2 with spaces in labels written as ``_``; a
sentence is not split inside a mark. One layer per file:
actor mentions by default; the format option ``conll_layer`` (``actor``, ``claim`` or
``sentiment``) chooses another. Marks of that layer that overlap an earlier one (by start,
longer first) are left out: the outer/first mark wins. Relations, attributes and
document-level labels cannot be carried.

CoNLL-2003 has no comments and no place for the coder. Each document starts with a
``-DOCSTART-`` line, which CoNLL readers skip whatever follows it; ours carries the article id
and the coder as ``key=value`` fields (the coder percent-encoded)::

    -DOCSTART- article=3f2a…(64 hex) annotator=alice O

On import the coder is read back from it (``--annotator`` overrides); the article id is kept in
the new article's ``meta`` as ``conll_article``.

With the format option ``lenient`` set, a bad line is skipped and reported as a warning
instead of failing the import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO
from urllib.parse import quote, unquote

from annotator.core.errors import ProblemCode, ValidationError
from annotator.core.model import AnnotatedDocument, Mark, MarkKind
from annotator.core.tagset import TagSet
from annotator.formats._common import tokens_at_marks
from annotator.formats._drafts import DraftMark, DraftRecord
from annotator.formats.base import (
    AnnotationRecord,
    ArticleError,
    ExportNote,
    Format,
    FormatContext,
    FormatOption,
    Origin,
    ReadResult,
    atomic_text_file,
    make_article,
    read_text_or_report,
)

EXTENSIONS = (".conll", ".iob")
DOCSTART = "-DOCSTART-"
LABEL_STUDIO_DOCSTART = [DOCSTART, "-X-", "O"]  # the one line opening Label Studio's export
LAYER_OPTION = "conll_layer"
_TAG = re.compile(r"^([BIESLU])-(\S+)$")
_SPACED_TAG = re.compile(r"^([BIESLU])-(\S+(?: \S+)*)$")  # in ``token -X- _ TAG`` lines
_SENTENCE_END = frozenset(".!?。！？…‼⁇⁈⁉")


# -- sentences ------------------------------------------------------------------------------


def sentences(
    text: str, tokens: list[tuple[int, int]], keep: Sequence[tuple[int, int]] = ()
) -> list[list[tuple[int, int]]]:
    """Group tokens into sentences: at line breaks and after sentence punctuation.

    Closing quotes and brackets after the punctuation stay in its sentence; no sentence ends
    inside one of the ``keep`` spans.
    """
    result: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    ended = False

    def inside(offset: int) -> bool:
        return any(a < offset < b for a, b in keep)

    for start, end in tokens:
        token = text[start:end]
        closer = unicodedata.category(token[0]) in ("Pe", "Pf") or token in ('"', "'")
        if inside(start):
            ended = False  # punctuation inside a kept span ends no sentence
        elif current and ("\n" in text[current[-1][1] : start] or (ended and not closer)):
            result.append(current)
            current, ended = [], False
        current.append((start, end))
        if token[0] in _SENTENCE_END:
            ended = True
    if current:
        result.append(current)
    return result


# -- reading --------------------------------------------------------------------------------


def _label_names(tagset: TagSet, kind: MarkKind | None) -> dict[str, str]:
    """Return our span labels by their CoNLL form (spaces as ``_``)."""
    kinds = [kind] if kind else list(MarkKind)
    return {label.name.replace(" ", "_"): label.name for k in kinds for label in tagset.spans[k]}


def _layer(context: FormatContext, default: str | None) -> MarkKind | None:
    value = context.options.get(LAYER_OPTION, default)
    if value is None:
        return None
    try:
        return MarkKind(value)
    except ValueError:
        raise ValidationError(
            f"format option {LAYER_OPTION} must be actor, claim or sentiment, not {value!r}"
        ) from None


@dataclass
class _Span:
    """A span being read: its sentence, its first and last token there, its label."""

    sentence: int
    first: int
    last: int
    label: str


class _Document:
    """Tokens and spans of one document being read."""

    def __init__(self, origin: Origin, fields: dict[str, str]):
        self.origin, self.fields = origin, fields
        self.sentences: list[list[str]] = [[]]
        self.spans: list[_Span] = []
        self.open: _Span | None = None

    def add(self, token: str, tag: str) -> None:
        sentence = len(self.sentences) - 1
        position = len(self.sentences[-1])
        self.sentences[-1].append(token)
        if tag == "O":
            self.open = None
            return
        match = _SPACED_TAG.match(tag)
        assert match is not None
        prefix, label = match.groups()
        if prefix in "IE" and self.open is not None and self.open.label == label:
            self.open.last = position
        else:
            self.open = _Span(sentence, position, position, label)
            self.spans.append(self.open)
        if prefix in "ESLU":
            self.open = None

    def end_sentence(self) -> None:
        self.open = None
        if self.sentences[-1]:
            self.sentences.append([])

    def record(self, path: Path, result: ReadResult, context: FormatContext) -> None:
        """Add the document, its text rebuilt from its tokens, to the result."""
        sentences = [s for s in self.sentences if s]
        if not sentences:
            return
        text = "\n".join(" ".join(s) for s in sentences)
        meta = {"conll_article": self.fields["article"]} if "article" in self.fields else None
        try:
            article = make_article(text, source=path.name, meta=meta)
        except ArticleError as exc:
            result.problems.append(self.origin.problem(str(exc), code=exc.code))
            return
        marks = _marks(text, sentences, self.spans, _layer(context, None), context.tagset)
        draft = DraftRecord(marks=marks, annotator=self.fields.get("annotator") or None)
        result.annotations.append(AnnotationRecord(article, draft, self.origin))


def _marks(
    text: str,
    sentences: list[list[str]],
    spans: list[_Span],
    layer: MarkKind | None,
    tagset: TagSet,
) -> list[DraftMark]:
    """Return the spans as marks on the text rebuilt from the sentences' tokens (joined by
    spaces, sentences by line breaks)."""
    starts: list[list[int]] = []  # of each token, per sentence
    position = 0
    for sentence in sentences:
        row = []
        for token in sentence:
            row.append(position)
            position += len(token) + 1
        starts.append(row)
    names = _label_names(tagset, layer)
    marks = []
    for span in spans:
        start = starts[span.sentence][span.first]
        end = starts[span.sentence][span.last] + len(sentences[span.sentence][span.last])
        label = names.get(span.label, span.label)
        kind = layer.value if layer is not None and label in names.values() else None
        marks.append(DraftMark(start, end, label, text[start:end], kind=kind))
    return marks


def read_conll(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read the documents of a CoNLL/IOB file, collecting per-line problems."""
    content = read_text_or_report(path, result, strip_bom=False)
    if content is None:
        return
    lenient = bool(context.options.get("lenient"))
    lines = [line.rstrip("\r") for line in content.removeprefix("\ufeff").split("\n")]
    # Label Studio's export: one document per block between blank lines (see the docstring).
    per_block = _is_label_studio_export(lines)
    documents: list[_Document] = []
    document: _Document | None = None
    failed = False
    for number, line in enumerate(lines, start=1):
        origin = Origin(str(path), number)
        if not line.strip():
            if per_block:
                document = None
            elif document is not None:
                document.end_sentence()
            continue
        columns = [c.strip() for c in (line.split("\t") if "\t" in line else line.split())]
        if columns[0] == DOCSTART:
            if per_block:  # another export appended to the first
                document = None
                continue
            document = _Document(origin, _docstart_fields(columns[1:]))
            documents.append(document)
            continue
        tag, problem = _tag(columns, per_block)
        if problem:
            bad = origin.problem(problem, code=ProblemCode.BAD_SYNTAX)
            if lenient:
                result.warnings.append(bad.as_skipped())
            else:
                result.problems.append(bad)
                failed = True
            continue
        if document is None:
            document = _Document(origin, {})
            documents.append(document)
        document.add(columns[0], tag)
    if not failed:
        for doc in documents:
            doc.record(path, result, context)


def _label_studio_shape(columns: list[str]) -> bool:
    """Say whether a token line is Label Studio's ``token -X- _ TAG`` (the tag may have spaces)."""
    return len(columns) >= 4 and columns[1] == "-X-" and columns[2] == "_"


def _is_label_studio_export(lines: list[str]) -> bool:
    """Say whether a file is Label Studio's CoNLL-2003 export: it opens with its one
    ``-DOCSTART- -X- O`` line and its first token line has the ``-X- _`` shape."""
    found = list(islice((line.split() for line in lines if line.strip()), 2))
    return len(found) == 2 and found[0] == LABEL_STUDIO_DOCSTART and _label_studio_shape(found[1])


def _tag(columns: list[str], label_studio: bool) -> tuple[str, str | None]:
    """Return a token line's tag, and what is wrong with the line if anything."""
    if len(columns) < 2 or not columns[0]:
        return "", "expected a token and its tag (token<TAB>tag, or columns with the tag last)"
    if _label_studio_shape(columns):
        tag = " ".join(" ".join(columns[3:]).split())
        if tag != "O" and not _SPACED_TAG.match(tag):
            return tag, f"tag {tag!r} is not O, B-LABEL or I-LABEL"
        return tag, None
    if label_studio:
        return "", "expected 'token -X- _ TAG' as on the other lines of this Label Studio export"
    tag = columns[-1]
    if tag != "O" and not _TAG.match(tag):
        return tag, f"tag {tag!r} is not O, B-LABEL or I-LABEL"
    return tag, None


def _docstart_fields(columns: list[str]) -> dict[str, str]:
    fields = {}
    for column in columns:
        key, sep, value = column.partition("=")
        if sep and key in ("article", "annotator"):
            fields[key] = unquote(value)
    return fields


# -- writing --------------------------------------------------------------------------------


def layer_marks(marks: Iterable[Mark], layer: MarkKind) -> list[Mark]:
    """Return the marks of one layer without overlaps: by start, longer first, first wins."""
    kept: list[Mark] = []
    for mark in sorted(
        (m for m in marks if m.kind == layer), key=lambda m: (m.start, -m.end, m.label)
    ):
        if not kept or mark.start >= kept[-1].end:
            kept.append(mark)
    return kept


def document_lines(coding: AnnotatedDocument, layer: MarkKind) -> Iterable[str]:
    """Yield the lines of one document: the -DOCSTART- line, then tokens and tags."""
    text = coding.article.text
    marks = layer_marks(coding.marks, layer)
    # No chunks: sentences are grouped below. A token line needs text, so the white space a
    # mark may start or end on is no token here (its first token then reads I-, which starts a
    # span all the same).
    tokens = [(a, b) for a, b in tokens_at_marks(text, [], marks) if text[a:b].strip()]
    spans = [(m.start, m.end) for m in marks]
    coder = quote(coding.annotator, safe="")
    yield f"{DOCSTART} article={coding.article.id} annotator={coder} O"
    yield ""
    index = 0
    for sentence in sentences(text, tokens, spans):
        for start, end in sentence:
            while index < len(marks) and marks[index].end <= start:
                index += 1
            tag = "O"
            if index < len(marks) and marks[index].start <= start:
                prefix = "B" if marks[index].start == start else "I"
                tag = f"{prefix}-{marks[index].label.replace(' ', '_')}"
            yield f"{text[start:end]}\t{tag}"
        yield ""


def stream_conll(
    documents: Iterable[AnnotatedDocument], out: IO[str], context: FormatContext
) -> int:
    """Write one CoNLL document per (article, coder) to a text stream; return how many."""
    layer = _layer(context, MarkKind.ACTOR.value) or MarkKind.ACTOR
    count = 0
    for coding in documents:
        for line in document_lines(coding, layer):
            out.write(line + "\n")
        if context is not None:
            note_overlaps(coding, layer, context.notes)
        count += 1
    return count


def note_overlaps(coding: AnnotatedDocument, layer: MarkKind, notes: list[ExportNote]) -> None:
    """Note each mark of the layer that an overlapping one kept out of the file."""
    kept = {m.id for m in layer_marks(coding.marks, layer)}
    for mark in coding.marks:
        if mark.kind == layer and mark.id not in kept:
            notes.append(
                ExportNote(
                    "dropped",
                    f"{layer.value} {mark.text!r} ({mark.start}-{mark.end}) overlaps another "
                    "mark of the layer: one tag per token, so it is left out",
                    coding.article.id,
                    coding.annotator,
                    mark.id,
                )
            )


def write_conll(documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext) -> int:
    """Write one CoNLL document per (article, coder) to a file; return how many."""
    layer = _layer(context, MarkKind.ACTOR.value)  # refuse a bad option before writing
    assert layer is not None
    with atomic_text_file(path) as out:
        return stream_conll(documents, out, context)


FORMAT = Format(
    name="conll",
    title="CoNLL-2003 / IOB",
    extensions=EXTENSIONS,
    carries=frozenset({"spans", "coders"}),
    read=read_conll,
    write=write_conll,
    stream=stream_conll,
    write_options=(
        FormatOption(LAYER_OPTION, "Marks written as tags", ("actor", "claim", "sentiment")),
    ),
    read_options=(
        FormatOption(
            LAYER_OPTION,
            "Tags read as marks of kind",
            ("", "actor", "claim", "sentiment"),
            help="Empty: each tag's kind comes from its label (the tag set's, or the label map)",
        ),
    ),
)
