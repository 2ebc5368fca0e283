"""UIMA CAS XMI: real fixtures, type system lookup, round trip re-read by dkpro-cassis."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import cassis
import pytest

from annotator.core.errors import InputError, ProblemCode
from annotator.core.model import Actor, DocumentLabels, MarkKind
from annotator.core.tagset import default_tagset
from annotator.formats import registry
from annotator.formats.base import FormatContext, ReadResult
from annotator.formats.xmi import build_typesystem, read_xmi, write_xmi
from annotator.session import Session
from tests.conftest import FIXTURES, add
from tests.formats.training_corpus import context, emoji_coding

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
    doc = emoji_coding()
    out = tmp_path / "out"
    write_xmi([doc], out, context())
    (xmi_file,) = out.glob("*.xmi")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(xmi_file, f"doc/{xmi_file.name}")
        z.write(out / "TypeSystem.xml", "doc/TypeSystem.xml")
    result = read(archive)
    assert not result.problems
    (record,) = result.annotations
    assert record.draft.annotator == "alice" and len(record.draft.marks) == len(doc.marks) == 6


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


def our_xmi(*annotations: str, text: str = "China agrees .") -> str:
    """Return an XMI of our types holding these annotations (sofa 1, ids from 2)."""
    members = " ".join(re.findall(r'xmi:id="(\d+)"', "".join(annotations)))
    return (
        '<?xml version="1.0" encoding="UTF-8"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI" '
        'xmlns:cas="http:///uima/cas.ecore" xmlns:custom="http:///webanno/custom.ecore" '
        'xmi:version="2.0"><cas:NULL xmi:id="0"/>' + "".join(annotations) + "<cas:Sofa "
        f'xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="{text}"/>'
        f'<cas:View sofa="1" members="{members}"/></xmi:XMI>'
    )


ACTOR = '<custom:Actor xmi:id="2" sofa="1" begin="0" end="5" actorType="Country"/>'
CLAIM = '<custom:Claim xmi:id="3" sofa="1" begin="6" end="12" topic="Economic cooperation"/>'


def relation(**features: str) -> str:
    """Return a ClaimRelation, by default the claim's speaker the actor mention."""
    given = {"Governor": "3", "Dependent": "2", "role": "speaker", **features}
    shown = " ".join(f'{k}="{v}"' for k, v in given.items() if v)
    return f'<custom:ClaimRelation xmi:id="4" sofa="1" begin="0" end="5" {shown}/>'


def test_broken_inputs_carry_problem_codes(tmp_path):
    """Each kind of broken input gives problems of its code, read without a project."""
    ours = build_typesystem().to_xml()
    integer_coder = cassis.TypeSystem()
    labels = integer_coder.create_type(
        "webanno.custom.DocumentLabels", supertypeName="uima.cas.AnnotationBase"
    )
    integer_coder.create_feature(labels, "annotator", "uima.cas.Integer")
    documents = {
        "good": (our_xmi(ACTOR, CLAIM, relation()), ours, []),
        "role": (our_xmi(ACTOR, CLAIM, relation(role="boss")), ours, [ProblemCode.BAD_MARK]),
        "topic": (
            our_xmi(ACTOR, CLAIM.replace(' topic="Economic cooperation"', "")),
            ours,
            [ProblemCode.BAD_MARK],
        ),
        "dependent": (
            our_xmi(ACTOR, CLAIM, relation(Dependent="")),
            ours,
            [ProblemCode.UNKNOWN_REFERENCE],
        ),
        "mention": (
            our_xmi(ACTOR, CLAIM, relation(Dependent="3")),
            ours,
            [ProblemCode.UNKNOWN_REFERENCE],
        ),
        "blank": (our_xmi(text="  "), ours, [ProblemCode.MISSING_TEXT]),
        "cr": (our_xmi(text="China&#13;agrees"), ours, [ProblemCode.BAD_TEXT]),
        "xml": (our_xmi(ACTOR)[:-12], ours, [ProblemCode.BAD_SYNTAX]),
        "typesystem": (our_xmi(ACTOR), "<typeSystemDescription", [ProblemCode.BAD_SYNTAX]),
        "shape": (
            our_xmi('<custom:DocumentLabels xmi:id="2" sofa="1" annotator="7"/>'),
            integer_coder.to_xml(),
            [ProblemCode.BAD_SHAPE],
        ),
        "alone": (our_xmi(ACTOR), None, [ProblemCode.UNREADABLE]),
    }
    fmt = registry.get("xmi")

    def codes(path: Path, **options: str) -> list[str]:
        result = ReadResult()
        fmt.read(path, result, FormatContext(default_tagset(), options))
        assert bool(result.annotations) == (not result.problems)
        return [p.code for p in result.problems]

    found = {}
    for name, (xmi, typesystem, _) in documents.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "doc.xmi").write_text(xmi, encoding="utf-8")
        if typesystem is not None:
            (folder / "TypeSystem.xml").write_text(typesystem, encoding="utf-8")
        found[name] = codes(folder / "doc.xmi")
    assert found == {name: expected for name, (_, _, expected) in documents.items()}
    (tmp_path / "garbage.zip").write_bytes(b"not a zip")
    with zipfile.ZipFile(tmp_path / "no-xmi.zip", "w") as z:
        z.writestr("doc/TypeSystem.xml", ours)
    (tmp_path / "nothing").mkdir()
    unreadable = [ProblemCode.UNREADABLE]
    assert codes(tmp_path / "garbage.zip") == unreadable
    assert codes(tmp_path / "no-xmi.zip") == unreadable
    assert codes(tmp_path / "nothing") == unreadable
    assert codes(tmp_path / "good" / "doc.xmi", typesystem=str(tmp_path / "no.xml")) == unreadable


def test_a_broken_document_is_left_out_under_lenient(empty, tmp_path):
    """An XMI file is one document: with --lenient one with problems is left out whole, its
    problems warnings, counted as skipped, and the others import (it used to fail again)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "TypeSystem.xml").write_text(build_typesystem().to_xml(), encoding="utf-8")
    (folder / "a.xmi").write_text(our_xmi(ACTOR, CLAIM, relation()), encoding="utf-8")
    (folder / "b.xmi").write_text(our_xmi(ACTOR, CLAIM, relation(role="boss")), encoding="utf-8")
    (problem,) = read(folder).problems
    assert (problem.path, problem.code) == (str(folder / "b.xmi"), ProblemCode.BAD_MARK)
    result = read(folder, lenient="1")
    assert not result.problems and result.skipped == 1
    assert [str(w) for w in result.warnings] == [
        f"{folder / 'b.xmi'}: skipped: webanno.custom.ClaimRelation xmi:id 4: role 'boss' is not "
        "'speaker' or 'target'"
    ]
    (record,) = result.annotations
    (actor, claim) = record.draft.marks
    assert (claim.kind, claim.label, claim.speaker_mark) == (
        "claim",
        "Economic cooperation",
        actor.ref,
    )
    with pytest.raises(InputError):
        empty.import_paths([folder], format_name="xmi")
    report = empty.import_paths([folder], format_name="xmi", lenient=True)
    assert (report.records, report.skipped, report.marks) == (1, 1, 2)
