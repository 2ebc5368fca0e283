"""brat standoff: one ``.txt`` (the text) and one ``.ann`` (the annotations) per document.

Reading takes a folder (every ``*.ann`` in it and its subfolders, each with the ``.txt`` of the
same name beside it) or a single ``.ann``. Writing fills a folder with one pair per (article,
coder), named ``<first 12 hex digits of the article id>_<coder>.txt/.ann`` (the coder as
formats/_common.coder_file_part writes it: safe on every OS, and different for every coder even
on case-insensitive file systems), plus an ``annotation.conf`` describing our types and
allowing marks to overlap (``<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>``: our
marks nest, cross and share spans, which brat otherwise reports as errors). Files already in
the folder are left alone; pairs written again are replaced whole.

Offsets are code points, end exclusive, as brat counts them: in the ``.txt`` as it is on disk.
Our text is normalised (BOM dropped, CR LF and CR made LF), so offsets into a file with CR LF
line ends are converted at the boundary: brat's own offsets count each CR; if they do not fit
the text but offsets counted after normalisation do (tools that read the file in text mode),
those are used. Either way the stored marks satisfy ``text[start:end] == mark.text``.

Lines and what they become:

- ``T`` (text-bound): a mark; its type is a label of our tag set written as a safe brat type
  (see ``brat_types``: runs of characters other than letters, digits, ``_`` and ``-`` become
  ``_``, ``Military/Security`` -> ``Military_Security``; the tag set maps them back, so the
  mapping round-trips for the same tag set). Foreign types stay as they are, for
  ``--map-label``. A *discontinuous* span (``T2 Token 5 7;8 9``) is stored as its covering span
  (5-9): our marks are contiguous. That is exact when the gaps are white space, as brat writes
  a span running over a line break (and as we write marks that contain line breaks); when a
  gap holds other text, the import warns that the mark now includes it.
- ``R`` (relation): ``speaker Arg1:<claim> Arg2:<actor mention>`` makes the mention's actor the
  claim's speaker; ``target Arg1:<claim or sentiment> Arg2:<actor mention>`` its target. Roles
  other than ``Arg1``/``Arg2`` (DKPro Core's BratWriter names them after its features:
  ``Dependency Governor:T1 Dependent:T2``, ``source:T2 target:T3``) are read in order, the
  first as the source (Arg1), the second as the target (Arg2). Other relation types, and
  relations between events, have no place in our model: they are not imported and a warning
  lists them.
- ``A``/``M`` (attribute): ``Stance`` and ``Form`` of a claim (values as safe identifiers,
  ``direct_quote``, or as they are, ``direct quote``: everything after the id is the value,
  kept whole, as DKPro writes feature values), ``Intensity`` (1-3) of a sentiment span. Other
  attributes are listed in a warning, as are ``E`` (events; their trigger and argument ``T``
  lines are imported as marks), ``N`` (normalisations) and ``*`` (equivalences); a long list
  names the first ten of each and how many more.
- ``#`` (``AnnotatorNotes``): on every ``T`` we write ``coder: NAME`` and, for an actor
  mention, ``actor: NAME; actor id: ID`` (and ``actor type: TYPE`` when it is not the mark's
  label, ``country: CC`` when set): the coder of the marks and the
  canonical actor the mention refers to, both read back. A claim's speaker or target with no
  mention in the document to point a relation at is written into the note the same way
  (``speaker: NAME; speaker id: ID; speaker type: TYPE``). Values escape ``\\``, ``;``, tab and
  line breaks with a backslash. Other notes are ignored.

Document-level labels (tone, topics, status) and article titles and dates are not carried:
brat has no place for them. One ``.ann`` holds one coder's marks; an ``.ann`` without coder
notes is attributed to ``--annotator`` or the current coder.

With the format option ``lenient`` set (``--lenient`` passes it), a bad line is skipped and
reported as a warning instead of failing the import.
"""

from __future__ import annotations

from annotator.formats.base import Format
from annotator.formats.brat.common import EXTENSIONS, brat_type_name, brat_types, parse_note
from annotator.formats.brat.reading import read_ann_file, read_brat
from annotator.formats.brat.writing import annotation_conf, build_ann, write_brat

__all__ = [
    "FORMAT",
    "annotation_conf",
    "brat_type_name",
    "brat_types",
    "build_ann",
    "parse_note",
    "read_ann_file",
    "read_brat",
    "write_brat",
]

FORMAT = Format(
    name="brat",
    title="brat standoff",
    extensions=EXTENSIONS,
    carries=frozenset({"articles", "spans", "relations", "attributes", "coders"}),
    read=read_brat,
    write=write_brat,
    folder=True,
)
