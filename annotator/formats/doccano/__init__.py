"""doccano JSONL: sequence labeling, relation extraction and text classification lines.

Offsets count **UTF-16 code units** by default (``--option offsets=utf16``), end exclusive:
doccano's server keeps whatever offsets it is given, but its annotation page is JavaScript and
counts UTF-16 units, so spans on text with emoji (or any character outside the Basic
Multilingual Plane) are drawn and made in UTF-16 units. ``--option offsets=codepoints`` reads and
writes Python ``str`` indexes instead (files written by scripts, or by doccano's own Python
exporter from spans uploaded in code points). On text without such characters both agree.
Offsets are converted here, at the boundary, with :class:`annotator.core.offsets.Utf16Map`;
a UTF-16 end inside a surrogate pair takes the whole character.

**Read.** One JSON object per line with ``text`` and any of:

- ``label: [[start, end, "LABEL"], …]`` (sequence labeling) and/or ``label: ["cat", …]`` (text
  classification); ``cats: ["cat", …]`` (intent detection);
- ``entities: [{id, start_offset, end_offset, label}, …]`` (or ``[start, end, label]`` lists)
  and ``relations: [{from_id, to_id, type}, …]`` (relation extraction);
- legacy doccano 1.0 ``annotations: [{label, start_offset, end_offset, user}, …]`` (numeric
  label ids become the labels ``"1"``, ``"2"`` …; map them with ``--map-label``; each ``user``
  becomes the coder ``doccano-user-<id>``).

A line without spans or categories is an article. Span labels are resolved by the import
(tag-set names or ``--map-label``). Relations typed ``speaker`` / ``target`` make the
mention they point to the claim's speaker / target (the sentiment span's target); relations of
other types are reported as warnings and dropped. Category labels become document labels:
``tone:X``, ``focus_stance:X``, ``topic:X``; an unprefixed category is taken as the one
document field of the tag set that has a value of that name (``negative`` → tone), and one that
fits several or none is reported.

**Write.** One line per article and coder in doccano's relation-extraction shape (what a
doccano "sequence labeling with relations" project imports and exports), with extra top-level
fields, which doccano keeps as the example's metadata::

  {"text": …, "entities": [{"id": 1, "label": "Country", "start_offset": 4, "end_offset": 12}],
   "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "speaker"}],
   "cats": ["tone:positive", "topic:Economic cooperation"],
   "annotator": "alice", "article_id": …, "title": …, "date": …, "source": …, "meta": {…},
   "status": "done", "note": "",
   "actors": [{"id": …, "name": "Pakistan", "type": "Country", "country": null,
               "aliases": [...], "mentions": [[4, 12]]}],
   "attributes": [{"start_offset": …, "end_offset": …, "label": …, "stance": "support",
                   "form": "direct quote"}]}

- entities: every mark, labelled with its tag-set label (actor type, claim topic, polarity);
  ids are 1, 2, … in (start, end, kind, label) order.
- relations: claim → speaker and claim → target, sentiment span → target, each to the
  **nearest mention of that actor** in the same coder's marks on the article (least distance
  in characters between the spans, 0 when they overlap; ties go to the earlier mention).
- the coder is the line's ``annotator`` field (doccano itself records none per line).
- actors: the canonical actors (id, name, type, country, aliases) with the offsets of their
  mentions, since doccano entities cannot carry extra fields.
- attributes: doccano has no span attributes, so a claim's stance and form and a sentiment
  span's intensity are listed here by offsets and label (labels are not overloaded with them,
  so the doccano label set stays the tag set's). A speaker or target the article never
  mentions cannot be a relation, so it is kept here as ``speaker`` / ``target`` (an actor id).

On reading back, a relation wins over an attribute for the same role.
"""

from __future__ import annotations

from annotator.formats.base import Format
from annotator.formats.doccano.common import EXTENSIONS, OFFSETS, document_categories
from annotator.formats.doccano.reading import document_field, read_doccano_file, sniff
from annotator.formats.doccano.writing import (
    build_line,
    line_builder,
    stream_documents,
    write_documents,
)

__all__ = [
    "FORMAT",
    "OFFSETS",
    "build_line",
    "document_categories",
    "document_field",
    "line_builder",
    "read_doccano_file",
    "sniff",
    "stream_documents",
    "write_documents",
]

FORMAT = Format(
    name="doccano",
    title="doccano JSONL",
    extensions=EXTENSIONS,
    carries=frozenset(
        {"articles", "spans", "relations", "attributes", "document labels", "coders"}
    ),
    read=read_doccano_file,
    write=write_documents,
    stream=stream_documents,
    sniff=sniff,
    read_options=(OFFSETS,),
    write_options=(OFFSETS,),
)
