"""WebAnno TSV 3.x, INCEpTION's tabular format: read any file, write our own layers.

A TSV file is one document. Its header declares layers (``#T_SP=`` span, ``#T_CH=`` chain,
``#T_RL=`` relation layers and their features); each ``#Text=`` line block is a sentence and
each token line ``sent-tok<TAB>begin-end<TAB>token<TAB>column…`` carries one cell per feature.
Offsets count **UTF-16 code units** (an emoji counts 2); we convert them with ``Utf16Map``.

The document text is rebuilt from the sentences: a sentence (its ``#Text=`` lines joined with
line breaks) starts where its first token starts, less that token's place in the sentence text;
gaps between sentences become line breaks, one per missing unit. Every token is then checked
against the rebuilt text, so offsets always land on ``text[start:end]``.

Layers we write (and read back losslessly):

- ``webanno.custom.Actor`` span, features ``actorType`` (tag-set actor type; ``type`` is
  reserved in dkpro-cassis, and both formats share the layer definitions), ``actor`` (actor id),
  ``actorName`` (canonical name);
- ``webanno.custom.Claim`` span, features ``topic``, ``stance``, ``form``;
- ``webanno.custom.Sentiment`` span, features ``polarity``, ``intensity`` (1-3);
- ``webanno.custom.ClaimRelation`` relation with feature ``role`` (``speaker`` or ``target``)
  whose governor is the claim or sentiment span and whose dependent is an actor mention (the
  base type is ``webanno.custom.Actor``). INCEpTION's own relation layers join spans of one
  layer only, so INCEpTION keeps our spans but may not display these cross-layer relations. A
  claim's speaker/target is written as a relation to a mention of that actor (inside the claim,
  else the nearest before it, else after it); without any mention of the actor it is lost.

A zero-length span (begin == end: INCEpTION keeps those, e.g. at a token boundary, on a
sub-token line like ``1-5.1 16-16``) cannot be a mark, which needs at least one character: it
is skipped with a warning naming file and line (and so is a relation of ours ending at one);
the rest of the file is imported.

Every span of ours carries a disambiguation id (``Person[3]``), unique in the file, which the
relation cells name (``1-4[7_3]``). Foreign span layers are read with their ``value`` feature
(else their first feature with a value, else the layer's short name) as the label, for
``--map-label`` to map; DKPro's linguistic layers (POS, Lemma, dependencies…) are skipped unless
``options["layers"]`` (comma-separated layer names or short names) asks for them. Foreign
relations and chains are not imported.

Not carried: the coder (TSV has no place for it; INCEpTION rejects unknown header lines, so the
coder is only in the file name and an import takes ``--annotator`` or the current coder),
document-level labels, title, date and source. One file per (article, coder) is written into
an output folder, named ``<title-slug>-<id8>.<coder>.tsv``; a path ending in ``.tsv`` is written
as one file when there is exactly one record.
"""

from __future__ import annotations

from annotator.formats.base import Format, FormatOption
from annotator.formats.webanno_tsv.common import EXTENSIONS, escape_value, split_stack, unescape
from annotator.formats.webanno_tsv.reading import read_tsv
from annotator.formats.webanno_tsv.writing import write_tsv

__all__ = ["FORMAT", "escape_value", "read_tsv", "split_stack", "unescape", "write_tsv"]

FORMAT = Format(
    name="webanno-tsv",
    title="WebAnno TSV 3.3 (INCEpTION)",
    extensions=EXTENSIONS,
    carries=frozenset({"articles", "spans", "relations", "attributes"}),
    read=read_tsv,
    write=write_tsv,
    folder=True,
    read_options=(
        FormatOption(
            "layers",
            "Linguistic layers to import",
            help="DKPro layer names or short names, comma-separated (default: none)",
        ),
    ),
)
