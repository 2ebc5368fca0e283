"""UIMA CAS XMI: real fixtures, type system lookup, round trip re-read by dkpro-cassis."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import cassis

from annotator.core.model import Actor, DocumentLabels, MarkKind
from annotator.formats.base import FormatContext, ReadResult
from annotator.formats.xmi import read_xmi
from annotator.session import Session
from tests.conftest import FIXTURES, add

XMI = FIXTURES / "uima_xmi"


def read(path: Path, **options: str) -> ReadResult:
    result = ReadResult()
    read_xmi(path, result, FormatContext(tagset=None, options=options))  # type: ignore[arg-type]
    return result


def spans(result: ReadResult) -> list[tuple[int, int, str, str]]:
    (record,) = result.annotations
    return sorted((m.start, m.end, m.text, m.label) for m in record.draft.marks)


def test_foreign_custom_layers_with_label_feature():
    """EntitySpan's label feature is the label; the Token/Sentence layers are skipped."""
    result = read(XMI / "generated_custom_layers.xmi")  # <stem>.typesystem.xml beside it
    assert not result.problems
    assert spans(result) == [
        (11, 22, "Jürgen Groß", "PER"),
        (40, 47, "Charité", "ORG"),
        (51, 57, "Berlin", "LOC"),
        (73, 79, "Genève", "LOC"),
    ]


def test_chinese_plain_annotations_and_slot_feature_spans():
    assert spans(read(XMI / "chinese_text.xmi"))[:3] == [
        (0, 1, "這", "Annotation"),
        (1, 2, "是", "Annotation"),
        (2, 4, "一個", "Annotation"),
    ]
    found = spans(read(XMI / "inception_slot_feature.xmi"))
    assert (5, 7, "is", "SimpleSpan") in found and (8, 9, "a", "SimpleSpan") in found


def test_typesystem_option_and_missing_typesystem_error(tmp_path):
    result = read(XMI / "small_cas.xmi", typesystem=str(XMI / "small_typesystem.xml"))
    assert not result.problems
    assert (0, 3, "Joe", "NNP") in spans(result)
    lone = tmp_path / "lone.xmi"
    shutil.copy(XMI / "small_cas.xmi", lone)
    (problem,) = read(lone).problems
    assert problem.path == str(lone)
    assert "TypeSystem.xml" in problem.message and "lone.typesystem.xml" in problem.message


def test_java_utf16_offsets_land_on_the_emoji(tmp_path):
    """A Java-written XMI counts the emoji as two units (10-12); we read code points 10-11."""
    (tmp_path / "emoji.xmi").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI" '
        'xmlns:cas="http:///uima/cas.ecore" xmlns:custom="http:///webanno/custom.ecore" '
        'xmi:version="2.0"><cas:NULL xmi:id="0"/>'
        '<custom:Span xmi:id="2" sofa="1" begin="10" end="12" value="EMO"/>'
        '<custom:Span xmi:id="3" sofa="1" begin="13" end="14" value="DOT"/>'
        '<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" '
        'sofaString="I like it 😊 ."/><cas:View sofa="1" members="2 3"/></xmi:XMI>',
        encoding="utf-8",
    )
    ts = cassis.TypeSystem()
    span = ts.create_type("webanno.custom.Span", supertypeName="uima.tcas.Annotation")
    ts.create_feature(span, "value", "uima.cas.String")
    ts.to_xml(tmp_path / "TypeSystem.xml")
    assert spans(read(tmp_path / "emoji.xmi")) == [(10, 11, "😊", "EMO"), (12, 13, ".", "DOT")]


def test_bad_xml_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.xmi"
    bad.write_text(
        '<?xml version="1.0"?>\n<xmi:XMI xmlns:xmi="http://www.omg.org/XMI">\n<oops', "utf-8"
    )
    shutil.copy(XMI / "small_typesystem.xml", tmp_path / "TypeSystem.xml")
    (problem,) = read(bad).problems
    assert problem.path == str(bad) and problem.line == 3
    assert "not a valid UIMA CAS XMI" in problem.message


def _coded(tmp_path: Path) -> tuple[Session, str, str]:
    text = "🇵🇰 Pakistan said the cafe\u0301 owners in 中巴 trust China.\n"
    source = tmp_path / "article.txt"
    source.write_text(text, encoding="utf-8")
    s = Session.open(tmp_path / "a.db", "alice")
    s.import_paths([source])
    article_id = s.article_summaries()[0].id
    pakistan = add(s, article_id, MarkKind.ACTOR, "Pakistan", "Country")
    china = add(s, article_id, MarkKind.ACTOR, "China", "Country")
    claim = add(
        s,
        article_id,
        MarkKind.CLAIM,
        "the cafe\u0301 owners in 中巴 trust China",
        "Bilateral friendship",
    )
    s.update_mark(
        claim.with_changes(
            speaker_id=pakistan.actor_id,
            target_id=china.actor_id,
            stance="oppose",
            form="direct quote",
        )
    )
    sentiment = add(s, article_id, MarkKind.SENTIMENT, "trust", "positive")
    s.update_mark(sentiment.with_changes(intensity=3))
    s.set_document_labels(
        DocumentLabels(article_id, "alice", tone="positive", topics=("CPEC security",))
    )
    return s, article_id, text


def test_round_trip_folder_cassis_and_our_reader(tmp_path):
    first, article_id, text = _coded(tmp_path)
    out = tmp_path / "out"
    assert first.export_file(out, "xmi") == 1
    (xmi_file,) = out.glob("*.xmi")
    assert xmi_file.name.endswith(".alice.xmi") and (out / "TypeSystem.xml").is_file()
    # An independent parser: dkpro-cassis itself.
    ts = cassis.load_typesystem(out / "TypeSystem.xml")
    cas = cassis.load_cas_from_xmi(xmi_file, typesystem=ts)
    assert cas.sofa_string == text
    got = {(a.begin, a.end, a.get_covered_text()) for a in cas.select("webanno.custom.Claim")}
    assert got == {
        (text.index("the"), text.index("China") + 5, "the cafe\u0301 owners in 中巴 trust China")
    }
    roles = {
        r.role: r.Dependent.get_covered_text() for r in cas.select("webanno.custom.ClaimRelation")
    }
    assert roles == {"speaker": "Pakistan", "target": "China"}
    (doc,) = cas.select("webanno.custom.DocumentLabels")
    assert (doc.annotator, doc.tone, list(doc.topics.elements)) == (
        "alice",
        "positive",
        ["CPEC security"],
    )
    # UTF-16 on disk: the flag (two astral code points) shifts "Pakistan" from 3 to 5.
    assert 'begin="5" end="13"' in xmi_file.read_text(encoding="utf-8")
    # Our reader, into a new project: coder, relations and attributes come back.
    second = Session.open(tmp_path / "b.db", "bob")
    second.import_paths([out], format_name="xmi")
    old = sorted(first.store.marks_for(article_id, "alice"), key=lambda m: m.id)
    new = sorted(second.store.marks_for(article_id, "alice"), key=lambda m: m.id)

    def fields(m):
        return (
            m.id,
            m.kind,
            m.start,
            m.end,
            m.label,
            m.actor_id,
            m.speaker_id,
            m.target_id,
            m.stance,
            m.form,
            m.intensity,
        )

    assert [fields(m) for m in new] == [fields(m) for m in old]
    assert second.store.get_document_labels(article_id, "alice").topics == ("CPEC security",)
    first.close()
    second.close()


def test_inception_zip_export(tmp_path):
    first, article_id, _ = _coded(tmp_path)
    out = tmp_path / "out"
    first.export_file(out, "xmi")
    (xmi_file,) = out.glob("*.xmi")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(xmi_file, f"doc/{xmi_file.name}")
        z.write(out / "TypeSystem.xml", "doc/TypeSystem.xml")
    result = read(archive)
    assert not result.problems
    (record,) = result.annotations
    assert record.draft.annotator == "alice" and len(record.draft.marks) == 4
    first.close()


def test_a_speaker_never_marked_in_the_article_is_kept(tmp_path):
    """The claim carries its speaker and target as features (id, name, type): an actor with no
    mention in the article, which no relation can point to, comes back on import."""
    first, article_id, _ = _coded(tmp_path)
    [claim] = [m for m in first.store.marks_for(article_id, "alice") if m.kind == MarkKind.CLAIM]
    absent = Actor(id="zhou", name="Zhou Enlai", type="Person")
    first.restore_actor(absent)  # in the registry, never mentioned in the article
    first.update_mark(claim.with_changes(speaker_id=absent.id))
    out = tmp_path / "out"
    first.export_file(out, "xmi")
    (xmi_file,) = out.glob("*.xmi")
    typesystem = cassis.load_typesystem(out / "TypeSystem.xml")
    cas = cassis.load_cas_from_xmi(xmi_file, typesystem=typesystem)
    (written,) = cas.select("webanno.custom.Claim")
    assert (written.speakerActor, written.speakerName, written.speakerType) == (
        absent.id,
        "Zhou Enlai",
        "Person",
    )
    second = Session.open(tmp_path / "b.db", "bob")
    second.import_paths([out], format_name="xmi")
    [back] = [m for m in second.store.marks_for(article_id, "alice") if m.kind == MarkKind.CLAIM]
    assert back.speaker_id == absent.id and back.target_id == claim.target_id
    assert second.store.get_actor(absent.id).name == "Zhou Enlai"
    first.close()
    second.close()
