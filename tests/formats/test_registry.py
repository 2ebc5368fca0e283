"""Every registered format: round trip where it reads and writes, and registry lookups."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import DocumentLabels, MarkKind
from annotator.formats import registry
from annotator.session import Session
from tests.conftest import add

# webanno-tsv cannot carry the coder (TSV has no place for it), so the re-import here would
# attribute the marks to "bob": tests/formats/test_webanno_tsv.py has its own round trip.
# brat writes a folder, not one file whose bytes this test compares: tests/formats/test_brat.py
# compares the folders. conll rebuilds the text from its tokens, so the re-imported article
# (and its id) differs: tests/formats/test_conll.py checks the spans, and that the second
# round trip is byte-identical. dna3 needs a password, which each export hashes with a fresh
# random salt, so two exports never share their bytes: tests/formats/test_dna3.py compares
# the files statement by statement.
ROUND_TRIP = [
    f
    for f in registry.FORMATS
    if f.read and f.write and f.name not in {"webanno-tsv", "brat", "conll", "llm", "dna3"}
]


@pytest.mark.parametrize("fmt", ROUND_TRIP, ids=lambda f: f.name)
def test_export_import_export_is_identical(fmt, tmp_path):
    """Exporting, importing into a new project and exporting again gives the same bytes."""
    text = "🇵🇰 Pakistan said the cafe\u0301 owners in 中巴 trust China.\n"
    source = tmp_path / "article.txt"
    source.write_text(text, encoding="utf-8")
    first = Session.open(tmp_path / "a.db", "alice")
    first.import_paths([source])
    article_id = first.article_summaries()[0].id
    pakistan = add(first, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    add(first, article_id, MarkKind.CLAIM, "the cafe\u0301 owners in 中巴 trust China", "Bilateral friendship")
    add(first, article_id, MarkKind.SENTIMENT, "trust", "positive")
    first.set_document_labels(DocumentLabels(article_id, "alice", tone="positive"))
    out1 = tmp_path / f"one{fmt.extensions[0]}"
    assert first.export_file(out1, fmt.name) == 1

    second = Session.open(tmp_path / "b.db", "bob")
    second.import_paths([out1], format_name=fmt.name)
    out2 = tmp_path / f"two{fmt.extensions[0]}"
    second.export_file(out2, fmt.name)
    assert out2.read_bytes() == out1.read_bytes()
    marks = second.store.marks_for(article_id, "alice")
    assert [m.text for m in marks] == [text[m.start : m.end] for m in marks]
    assert any(m.actor_id == pakistan.actor_id for m in marks)
    first.close()
    second.close()


def test_lookups():
    """Formats are found by name and by extension; unknown names list the known ones."""
    assert registry.get("jsonl").extensions == (".jsonl", ".ndjson")
    assert registry.for_path(Path("x.NDJSON")).name == "jsonl"
    assert registry.for_path(Path("x.txt")).name == "text"
    assert registry.for_path(Path("x.csv")).name == "csv"
    assert registry.for_path(Path("x.docx")) is None
    with pytest.raises(KeyError, match="known: text, csv, jsonl"):
        registry.get("docx")
    assert "jsonl" in [f.name for f in registry.writable()]
    assert registry.get("jsonl").file_filter() == "annotator JSONL (*.jsonl *.ndjson)"


def test_folders_are_read_as_the_format_their_files_are_in(session, tmp_path):
    """A brat or WebAnno TSV export folder imports with its coding, no --format needed."""
    article_id = session.article_summaries()[0].id
    add(session, article_id, MarkKind.ACTOR, "Xinhua", "Media")
    for name in ("brat", "webanno-tsv"):
        out = tmp_path / name
        assert session.export_file(out, name) == 1
        fresh = Session.open(tmp_path / f"{name}.db", "zoe")
        report = fresh.import_paths([out])
        assert report.marks == 1, name
        [mark] = fresh.store.marks_for(article_id, "alice")  # the coder came back too
        assert (mark.text, mark.label) == ("Xinhua", "Media")
        fresh.close()


def test_export_targets_that_would_mix_or_fail_are_refused(session, tmp_path):
    """A non-empty folder, a file for a folder format, a folder for a file format: refused."""
    from annotator.core.errors import ValidationError

    article_id = session.article_summaries()[0].id
    add(session, article_id, MarkKind.ACTOR, "Xinhua", "Media")
    full = tmp_path / "full"
    full.mkdir()
    (full / "old.ann").write_text("", encoding="utf-8")
    with pytest.raises(ValidationError, match="is not empty; give a new or empty folder"):
        session.export_file(full, "brat")
    afile = tmp_path / "o.jsonl"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(ValidationError, match="is a file; webanno-tsv writes a folder"):
        session.export_file(afile, "webanno-tsv")
    with pytest.raises(ValidationError, match="is a folder; jsonl writes one file"):
        session.export_file(tmp_path, "jsonl")


@pytest.mark.parametrize("entry", registry.ENTRIES, ids=lambda e: e.name)
def test_registry_entry_says_what_its_module_says(entry):
    """The registry's entry (known without importing the module) matches the module's Format."""
    fmt = entry.load()
    assert (fmt.name, fmt.title, fmt.extensions, fmt.carries, fmt.folder) == (
        entry.name,
        entry.title,
        entry.extensions,
        entry.carries,
        entry.folder,
    )
    assert (fmt.read is not None, fmt.write is not None, fmt.stream is not None) == (
        entry.reads,
        entry.writes,
        entry.streams,
    )
    assert (fmt.sniff is not None) == entry.sniffs
    assert entry.file_filter() == fmt.file_filter()


def test_every_format_module_is_in_the_registry():
    """A format module of the package that the registry does not list would never be used."""
    import annotator.formats

    folder = Path(annotator.formats.__file__).parent
    # A module named with a leading underscore helps one format (or several): it is no format.
    # A big format is a package (its reading and writing in modules of their own).
    modules = {p.stem for p in folder.glob("*.py") if not p.stem.startswith("_")}
    modules |= {p.parent.name for p in folder.glob("*/__init__.py")}
    modules -= {"base", "registry"}
    assert modules == {e.module for e in registry.ENTRIES}


def test_an_option_no_format_takes_is_refused(session, tmp_path):
    """A mistyped --option is an error naming the options the format takes, not ignored."""
    from annotator.core.errors import ValidationError

    with pytest.raises(ValidationError, match=r"--option offset: doccano takes no such option "
                       r"when writing \(its options: offsets\)"):
        session.export_file(tmp_path / "x.jsonl", "doccano", options={"offset": "utf16"})
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "Gwadar"}\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="--option min_scor: jsonl takes no such option"):
        session.import_paths([path], options={"min_scor": "0.5"})
    session.import_paths([path], options={"min_score": "0.5", "lenient": "1"})  # known: fine


def test_every_option_a_format_reads_is_declared():
    """Each option a module looks up is declared on its format (so the window can show it)."""
    import re

    import annotator.formats

    folder = Path(annotator.formats.__file__).parent
    declared = {
        o.key for f in registry.FORMATS for o in (*f.read_options, *f.write_options)
    } | {"lenient", "articles"}
    used = set()
    for module in folder.rglob("*.py"):
        source = module.read_text(encoding="utf-8")
        used |= set(re.findall(r'options\.get\("([a-z_]+)"', source))
        used |= set(re.findall(r'options\["([a-z_]+)"\]', source))
    assert used - declared == set()
