"""UIMA CAS XMI with its TypeSystem, as INCEpTION imports and exports it (via dkpro-cassis).

Offsets: XMI written by Java (INCEpTION, UIMA) counts UTF-16 code units; dkpro-cassis converts
them to Python code points on load and back to UTF-16 when it serialises, so everything here
works in code points and the files on disk are in UTF-16 units, as INCEpTION expects.

Type system lookup on import: ``options["typesystem"]`` (``--typesystem FILE``), else
``TypeSystem.xml``, ``<stem>.typesystem.xml`` or ``typesystem.xml`` beside the ``.xmi``, else,
inside a ``.zip`` (INCEpTION's export), such a file next to the ``.xmi`` member or anywhere in
the archive. The error names every place looked at.

Our types (all ``webanno.custom``, the names INCEpTION gives custom layers):

- ``Actor`` span: ``actorType`` (not ``type``: a reserved name in cassis), ``actor`` (actor
  id), ``actorName``, ``actorCountry``;
- ``Claim`` span: ``topic``, ``stance``, ``form``;
- ``Sentiment`` span: ``polarity``, ``intensity`` (Integer);
- ``ClaimRelation``: ``Governor`` (the claim or sentiment), ``Dependent`` (an actor mention),
  ``role`` (``speaker`` / ``target``), like INCEpTION relation layers;
- every span also has ``markId`` (our mark id, so re-imports keep it);
- ``DocumentLabels`` (an ``AnnotationBase``: a document-level layer): ``annotator`` (the coder,
  ``gold`` for adjudicated coding), ``tone``, ``focusStance``, ``topics`` (StringArray),
  ``status``, ``note``, ``title``, ``date``, ``source``.

DKPro ``Sentence``/``Token`` annotations (lines and white-space tokens) are written too, since
INCEpTION needs them. Foreign span types (``webanno.custom.SimpleSpan``, DKPro ``NamedEntity``,
plain ``uima.tcas.Annotation``…) are read with their ``value`` or ``label`` feature (else their
first string feature with a value, else the type's short name) as the label, for
``--map-label``; DKPro segmentation, metadata and linguistic types are skipped unless
``options["layers"]`` names them. The coder comes from ``DocumentLabels.annotator``, else from an
INCEpTION project export path ``annotation/<document>/<user>.xmi``.

An ``.xmi`` file (or zip member) is one document: with the option ``lenient`` one with problems
is left out whole, each of its problems reported as a warning.

Modules: ``common`` (type names, our type system), ``reading``, ``writing``.
"""

from __future__ import annotations

from annotator.formats.base import Format, FormatOption
from annotator.formats.xmi.common import EXTENSIONS, build_typesystem, typesystem_candidates
from annotator.formats.xmi.reading import read_xmi
from annotator.formats.xmi.writing import build_cas, write_xmi

__all__ = [
    "FORMAT",
    "build_cas",
    "build_typesystem",
    "read_xmi",
    "typesystem_candidates",
    "write_xmi",
]

FORMAT = Format(
    name="xmi",
    title="UIMA CAS XMI (INCEpTION)",
    extensions=EXTENSIONS,
    carries=frozenset(
        {"articles", "spans", "relations", "attributes", "document labels", "coders"}
    ),
    read=read_xmi,
    write=write_xmi,
    folder=True,
    read_options=(
        FormatOption(
            "typesystem",
            "Type system file",
            help="The UIMA TypeSystem.xml (default: one found beside the .xmi)",
        ),
        FormatOption(
            "layers",
            "Linguistic layers to import",
            help="DKPro layer names, comma-separated (default: none)",
        ),
    ),
)
