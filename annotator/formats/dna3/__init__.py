"""Discourse Network Analyzer 3 project files (``.dna``, SQLite), read and written.

**Export** writes a database DNA 3.0 and 3.1 open: DNA's own schema and SETTINGS (version,
date), its three default statement types, and ours:

- *DNA Statement* (DNA's default, so that rDNA's defaults work) for each claim of support or
  opposition: ``person`` or ``organization`` is the speaker, by its actor type (types listed
  in ``--option person_types``, default ``Person``, go to ``person``, every other type to
  ``organization``; an actor mentioned over exactly the claim's span, of the other kind, fills
  the other), ``concept`` the topic, ``agreement`` 1 for support and 0 for oppose. Neutral
  claims and claims without a stance have no DNA Statement: agreement is yes or no, and as
  either they would count as support or opposition in DNA's networks (a writer note says so).
- *Political claim* for every claim: ``speaker``, ``target``, ``topic``, ``form`` (short text),
  ``stance`` (integer: support +1, oppose −1, neutral 0; a claim without a stance gets 0 too,
  as DNA's integers have no empty value, and reads back as neutral) and ``note`` (long text,
  empty: for DNA's coders).

Actors are entities of ``person`` or ``organization`` and of ``speaker`` and ``target``, with
the attributes ``Type``, ``Alias`` (aliases joined by "; "), ``Notes`` (empty) and ``Country``;
an actor whose name another actor has is written as "name (type)". The claim labels are entities
of ``concept`` (with their description in ``Notes``) and ``topic``, the forms of ``form``.
Each coder of ours is a DNA coder (after DNA's ``Admin``; a coder of ours named Admin is that
one), all with the password ``--option password=…`` (required), stored as DNA stores it: Jasypt's
StrongPasswordEncryptor digest (see common.py). Articles are documents: title, text, source, and
author, section, type, notes from the article's meta; DNA needs a date, so an undated article
gets ``--option undated=YYYY-MM-DD`` (default 1970-01-01, which the import reads as no date),
with a writer note. Values longer than DNA's 190 characters are cut (noted). Statement offsets
count UTF-16 code units (DNA is Java). Sentiment marks, other actor mentions and document labels
are not written.

**Import** opens the file read-only. Documents become articles (title, text, source, date at
UTC, and author, section, type, notes and a time of day in the article's meta; a date of
1970-01-01 00:00 is no date). Statements become claims of their coder: our own Political claims
field by field (a DNA Statement at the same span of the same coder is its twin and adds only the
actors the claim does not name); other types through the options ``speaker`` (variables, the
first filled is the speaker; default ``organization,person``), ``target`` (none), ``topic``
(``concept``), ``stance`` (``agreement``: boolean 1 support, 0 oppose; an integer by its sign;
text by stance name) and ``form`` (none). A statement's further actors (the person of an
organisation's statement) become actor mentions over the statement, which is how a DNA
Statement keeps both on the way back. Topics go through the label map (``--map-label``) when
the tag set has no such claim label. Entities are actors (found by name in the registry, else
new) of the tag set's type their ``Type`` attribute names, else ``Person`` for ``person``
(the first of ``person_types``) and ``--option actor_type`` (default ``Organization``) for the
rest, with ``Country`` and ``Alias`` as country and aliases. Statements of types without the
topic variable, or with an empty topic, are left out with a warning.
"""

from __future__ import annotations

from annotator.formats.base import Format
from annotator.formats.dna3.common import EXTENSIONS, check_password, hash_password
from annotator.formats.dna3.reading import READ_OPTIONS, read_dna3, scan_dna3
from annotator.formats.dna3.writing import WRITE_OPTIONS, write_dna3

__all__ = ["FORMAT", "check_password", "hash_password", "read_dna3", "scan_dna3", "write_dna3"]

FORMAT = Format(
    name="dna3",
    title="Discourse Network Analyzer 3 project",
    extensions=EXTENSIONS,
    carries=frozenset({"articles", "spans", "relations", "attributes", "coders"}),
    read=read_dna3,
    write=write_dna3,
    scan=scan_dna3,
    read_options=READ_OPTIONS,
    write_options=WRITE_OPTIONS,
)
