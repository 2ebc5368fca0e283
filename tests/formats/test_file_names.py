"""One rule for coders' names in file names (brat, WebAnno TSV, XMI): safe on every OS, never
two coders in one file, and readable back where the coder comes from the name."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from annotator.formats import registry
from annotator.formats._common import coder_file_part, strip_coder_hash
from annotator.formats.base import ReadResult
from tests.formats.training_corpus import context, emoji_coding


@pytest.mark.parametrize("coder", ["alice", "model", "gold", "r2_d2", "a-b"])
def test_plain_names_are_their_own_file_name(coder):
    assert coder_file_part(coder) == coder
    assert strip_coder_hash(coder_file_part(coder)) == coder


def test_names_that_differ_only_in_case_or_spelling_get_files_of_their_own():
    names = ["Ann", "ann", "Ann B", "ann-b", "Zoë O'Brien/2", "李明", "CON", "../x"]
    parts = [coder_file_part(n) for n in names]
    assert len({p.casefold() for p in parts}) == len(names)
    assert all(re.fullmatch(r"[a-z0-9_-]+(~[0-9a-f]{6})?", p) for p in parts), parts
    assert parts[0] == "ann~" + parts[0][-6:] and strip_coder_hash(parts[0]) == "ann"
    assert strip_coder_hash(coder_file_part("李明")) == "coder"


@pytest.mark.parametrize("format_name", ["webanno-tsv", "xmi", "brat"])
def test_two_coders_named_alike_are_two_files_and_come_back_apart(format_name, tmp_path):
    """"Ann" and "ann" once wrote one TSV/XMI file, the second overwriting the first."""
    coding = emoji_coding("x")
    docs = [replace(coding, annotator=name) for name in ("Ann", "ann")]
    fmt = registry.get(format_name)
    out = tmp_path / "out"
    assert fmt.write(docs, out, context()) == 2
    written = [p for p in out.iterdir() if p.suffix in (".tsv", ".xmi", ".ann")]
    assert len(written) == 2
    result = ReadResult()
    fmt.read(out, result, context())
    assert result.problems == []
    coders = sorted(r.draft.annotator or "" for r in result.annotations)
    # TSV carries the coder only in its file name (lower-case, the hash taken off); XMI and
    # brat carry the name itself.
    assert coders == (["ann", "ann"] if format_name == "webanno-tsv" else ["Ann", "ann"])
