"""Label Studio JSON and JSON-MIN: real exports, round trips, the labeling config, offsets."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.core.errors import InputError, ProblemCode
from annotator.core.model import Actor, AnnotatedDocument, ArticleStatus, DocumentLabels, MarkKind
from annotator.core.tagset import default_tagset
from annotator.core.text import article_id
from annotator.formats import registry
from annotator.formats.base import FormatContext, ReadResult, make_article
from annotator.formats.label_studio import code_point_span, write_label_config
from annotator.session import Session
from tests.conftest import FIXTURES, as_imported
from tests.formats.test_doccano import TEXT, coded_project, coding
from tests.formats.training_corpus import context, mark

LS = FIXTURES / "label_studio"
MAP = {
    "PER": (MarkKind.ACTOR, "Person"),
    "ORG": (MarkKind.ACTOR, "Organization"),
    "LOC": (MarkKind.ACTOR, "Country"),
}
GERMAN = "Zoë Müller arbeitet seit 2019 bei der Siemens AG in München – und ist sehr zufrieden."
RUSSIAN = "Мария Иванова — директор «Газпрома»."
ENGLISH = "Sundar Pichai ist CEO von Google in Mountain View."


def spans(session, text, coder):
    return [
        (m.kind.value, m.start, m.end, m.text, m.label)
        for m in session.store.marks_for(article_id(text), coder)
    ]


def write_tasks(path: Path, tasks) -> Path:
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def read(path: Path, fmt: str = "label-studio", **options: str) -> ReadResult:
    """Read a file with a Label Studio reader, without a project."""
    result = ReadResult()
    registry.get(fmt).read(path, result, FormatContext(default_tagset(), dict(options)))
    return result


def drafted(result: ReadResult, text: str) -> list[tuple]:
    """Return (start, end, text, label, kind) of the marks read for the article of a text."""
    (record,) = [r for r in result.annotations if r.article.text == text]
    return [(m.start, m.end, m.text, m.label, m.kind) for m in record.draft.marks]


PAKISTAN = Actor("pakistan", "Pakistan", "Country", aliases=("Pakistan",))
CHINA = Actor("china", "China", "Country", aliases=("China",))
ENVOY = Actor("envoy", "Beijing's 🇨🇳 envoy", "Government", aliases=("Beijing's 🇨🇳 envoy",))
ZHONGBA = Actor("zhongba", "中巴", "Country", aliases=("中巴",))


def coded_documents() -> list[AnnotatedDocument]:
    """Return alice's and bob's codings of TEXT as test_doccano's coded_project stores them
    (its export and theirs are the same but for the actors' ids), without a project."""
    article = make_article(TEXT, source="article.txt")
    claim = "the cafe\u0301 owners in 中巴 trust China"
    alice = (
        mark(article, "alice", MarkKind.ACTOR, "Pakistan", "Country", actor_id="pakistan"),
        mark(article, "alice", MarkKind.ACTOR, "China", "Country", actor_id="china"),
        mark(article, "alice", MarkKind.ACTOR, ENVOY.name, "Government", actor_id="envoy"),
        mark(article, "alice", MarkKind.ACTOR, "Pakistan", "Country", 1, actor_id="pakistan"),
        mark(
            article,
            "alice",
            MarkKind.CLAIM,
            claim,
            "Bilateral friendship",
            speaker_id="pakistan",
            target_id="china",
            stance="support",
            form="reported speech",
        ),
        mark(
            article,
            "alice",
            MarkKind.CLAIM,
            "praised Pakistan 👍🏽 warmly",
            "Bilateral friendship",
            speaker_id="envoy",
            target_id="pakistan",
        ),
        mark(
            article,
            "alice",
            MarkKind.SENTIMENT,
            "👍🏽 warmly",
            "positive",
            intensity=3,
            target_id="pakistan",
        ),
    )
    labels = DocumentLabels(
        article.id,
        "alice",
        tone="positive",
        focus_stance="favourable",
        topics=("Bilateral friendship", "Economic cooperation"),
        status=ArticleStatus.DONE,
        note="checked twice",
    )
    bob = (
        mark(article, "bob", MarkKind.ACTOR, "中巴", "Country", actor_id="zhongba"),
        mark(article, "bob", MarkKind.SENTIMENT, "trust", "positive", intensity=2),
    )
    bob_labels = DocumentLabels(article.id, "bob", status=ArticleStatus.IN_PROGRESS)
    return [
        AnnotatedDocument(article, "alice", labels, "", (PAKISTAN, CHINA, ENVOY), alice),
        AnnotatedDocument(article, "bob", bob_labels, "", (ZHONGBA,), bob),
    ]


def written(tmp_path: Path, fmt: str, **options: str) -> Path:
    """Write coded_documents() in a Label Studio format; return the file."""
    out = tmp_path / "out.json"
    assert registry.get(fmt).write(coded_documents(), out, context(**options)) == 2
    return out


# -- real Label Studio exports ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["export.json", "export_min.json"])
def test_real_export_is_read(name):
    """Label Studio 1.23.2's JSON and JSON-MIN read into drafts: spans with the file's labels
    (a control named 'label' says no kind), the coder id, a mapped document choice."""
    path = LS / name
    fmt = {"export.json": "label-studio", "export_min.json": "label-studio-min"}[name]
    assert registry.for_path(path).name == fmt
    result = read(path, fmt, choices="sentiment:tone")
    assert result.problems == []
    assert [a.article.text for a in result.articles] == ["This task was left unannotated."]
    assert [r.draft.annotator for r in result.annotations] == ["ls-user-1"] * 3
    assert drafted(result, ENGLISH) == [
        (0, 13, "Sundar Pichai", "PER", None),
        (26, 32, "Google", "ORG", None),
        (36, 49, "Mountain View", "LOC", None),
    ]
    assert drafted(result, GERMAN) == [
        (0, 10, "Zoë Müller", "PER", None),
        (38, 48, "Siemens AG", "ORG", None),
        (52, 59, "München", "LOC", None),
    ]
    assert drafted(result, RUSSIAN) == [
        (0, 13, "Мария Иванова", "PER", None),
        (26, 34, "Газпрома", "ORG", None),
    ]
    tones = {r.article.text: r.draft.document.tone for r in result.annotations}
    assert [tones[t] for t in (ENGLISH, GERMAN, RUSSIAN)] == ["neutral", "positive", "neutral"]


@pytest.mark.parametrize("name", ["export.json", "export_min.json"])
def test_real_export_is_stored_with_the_label_map(empty, name):
    """The real exports imported: the label map gives the spans their kinds and our labels."""
    path = LS / name
    report = empty.import_paths([path], label_map=MAP, options={"choices": "sentiment:tone"})
    assert (report.articles_added, report.records, report.marks) == (4, 3, 8)
    assert spans(empty, ENGLISH, "ls-user-1") == [
        ("actor", 0, 13, "Sundar Pichai", "Person"),
        ("actor", 26, 32, "Google", "Organization"),
        ("actor", 36, 49, "Mountain View", "Country"),
    ]
    assert spans(empty, GERMAN, "ls-user-1") == [
        ("actor", 0, 10, "Zoë Müller", "Person"),
        ("actor", 38, 48, "Siemens AG", "Organization"),
        ("actor", 52, 59, "München", "Country"),
    ]
    assert spans(empty, RUSSIAN, "ls-user-1") == [
        ("actor", 0, 13, "Мария Иванова", "Person"),
        ("actor", 26, 34, "Газпрома", "Organization"),
    ]
    tones = [
        empty.store.get_document_labels(article_id(t), "ls-user-1").tone
        for t in (ENGLISH, GERMAN, RUSSIAN)
    ]
    assert tones == ["neutral", "positive", "neutral"]
    assert empty.store.has_article(article_id("This task was left unannotated."))


def test_foreign_relations_and_choices_are_reported():
    """works_for / located_in and an unmapped 'sentiment' control are warned about, per task."""
    path = LS / "export.json"
    result = read(path)
    messages = [str(w) for w in result.warnings]
    assert (
        f"{path}:1: task 1, annotation 1: relation 'works_for' ignored (only speaker and target)"
        in messages
    )
    assert any("choices 'sentiment' ignored (map them with the option" in m for m in messages)
    assert {w.code for w in result.warnings} == {ProblemCode.IGNORED}
    assert drafted(result, RUSSIAN)[1] == (26, 34, "Газпрома", "ORG", None)


def test_the_import_coder_overrides_the_files(empty):
    """--annotator stores a Label Studio export's annotations as that coder's, warnings and all."""
    report = empty.import_paths([LS / "export.json"], label_map=MAP, annotator="carol")
    assert any("relation 'works_for' ignored" in str(w) for w in report.warnings)
    assert spans(empty, RUSSIAN, "carol")[1] == ("actor", 26, 34, "Газпрома", "Organization")


def test_min_lines_name_where_each_item_starts(empty, tmp_path):
    """Problems in a pretty-printed JSON-MIN file name the line where the item starts."""
    items = json.loads((LS / "export_min.json").read_text(encoding="utf-8"))
    items[2]["label"][1]["end"] = 99
    path = tmp_path / "bad_min.json"
    path.write_text(json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(InputError) as info:
        empty.import_paths([path], format_name="label-studio-min", label_map=MAP)
    line = path.read_text(encoding="utf-8").splitlines().index("  {", 60) + 1
    assert str(info.value).startswith(f"{path}:{line}: marks[1]")
    assert "offsets outside the text" in str(info.value) or "does not match" in str(info.value)


# -- offsets ---------------------------------------------------------------------------------


def test_utf16_offsets_of_old_label_studio_are_converted(tmp_path):
    """label-studio#1347: '💩This is an annotation.' gave 13-23 for 'annotation' (UTF-16)."""
    text = "💩This is an annotation."
    assert code_point_span(text, 13, 23, "annotation") == (12, 22, True)
    assert code_point_span(text, 12, 22, "annotation") == (12, 22, False)
    task = {
        "data": {"text": text},
        "annotations": [
            {
                "completed_by": {"email": "a.a@a.net"},
                "result": [
                    {
                        "id": "x",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 13, "end": 23, "text": "annotation", "labels": ["ORG"]},
                    }
                ],
            }
        ],
    }
    path = write_tasks(tmp_path / "old.json", [task])
    result = read(path)
    assert result.problems == []
    (record,) = result.annotations
    assert record.draft.annotator == "a.a@a.net"
    assert drafted(result, text) == [(12, 22, "annotation", "ORG", None)]
    assert text[12:22] == "annotation"
    (warning,) = result.warnings
    assert str(warning) == (
        f"{path}:2: task 1, annotation 1: offsets counted in UTF-16 units were converted"
    )
    assert warning.code == ProblemCode.BAD_OFFSETS


@pytest.mark.parametrize("fmt", ["label-studio", "label-studio-min"])
def test_written_offsets_are_code_points(tmp_path, fmt):
    """Every written region selects its text by Python (code-point) slicing."""
    out = written(tmp_path, fmt)
    data = json.loads(out.read_text(encoding="utf-8"))
    regions = []
    if fmt == "label-studio":
        for task in data:
            for annotation in task["annotations"]:
                regions += [
                    (task["data"]["text"], r["value"])
                    for r in annotation["result"]
                    if r["type"] == "labels"
                ]
    else:
        regions = [
            (i["text"], r)
            for i in data
            for k in ("actor", "claim", "sentiment")
            for r in i.get(k, [])
        ]
    assert len(regions) == 9  # alice's 7 marks and bob's 2
    for text, value in regions:
        assert text[value["start"] : value["end"]] == value["text"]
    assert any(value["text"] == "Beijing's 🇨🇳 envoy" for _, value in regions)


# -- our writer ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["label-studio", "label-studio-min"])
def test_export_and_import_keep_everything(tmp_path, fmt):
    """Marks, actors, relations, per-region choices, document labels and coders survive."""
    first, aid = coded_project(tmp_path)
    out = tmp_path / "out.json"
    assert first.export_file(out, fmt) == 2
    assert registry.for_path(out).name == fmt
    second = Session.open(tmp_path / "second.db", "zed")
    second.import_paths([out])
    for coder in ("alice", "bob"):
        assert coding(second, aid, coder) == coding(first, aid, coder)
        for m in second.store.marks_for(aid, coder):
            assert TEXT[m.start : m.end] == m.text
    assert {a.id: a for a in second.actors()} == {a.id: as_imported(a) for a in first.actors()}
    first.close()
    second.close()


def test_task_shape_relations_and_coder(tmp_path):
    """One task per article, one annotation per coder; speaker relation to the nearest mention."""
    out = written(tmp_path, "label-studio")
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    assert task["data"]["text"] == TEXT
    alice, bob = task["annotations"]
    assert "completed_by" not in alice
    coder = [r for r in alice["result"] if r.get("from_name") == "coder"]
    assert coder == [
        {
            "id": "coder",
            "from_name": "coder",
            "to_name": "text",
            "type": "textarea",
            "value": {"text": ["alice"]},
        }
    ]
    regions = {r["id"]: r for r in alice["result"] if r["type"] == "labels"}
    relations = [
        (
            regions[r["from_id"]]["value"]["text"],
            r["labels"],
            regions[r["to_id"]]["value"]["text"],
            regions[r["to_id"]]["value"]["start"],
        )
        for r in alice["result"]
        if r["type"] == "relation"
    ]
    second_pakistan = TEXT.index("Pakistan", TEXT.index("envoy"))
    assert ("praised Pakistan 👍🏽 warmly", ["target"], "Pakistan", second_pakistan) in relations
    assert ("👍🏽 warmly", ["target"], "Pakistan", second_pakistan) in relations
    assert (
        "the cafe\u0301 owners in 中巴 trust China",
        ["speaker"],
        "Pakistan",
        TEXT.index("Pakistan"),
    ) in relations
    stance = [r for r in alice["result"] if r.get("from_name") == "stance"]
    assert [(regions[r["id"]]["value"]["text"], r["value"]["choices"]) for r in stance] == [
        ("the cafe\u0301 owners in 中巴 trust China", ["support"])
    ]
    mention = next(r for r in regions.values() if r["value"]["text"] == "Beijing's 🇨🇳 envoy")
    assert mention["meta"]["text"] == ["Beijing's 🇨🇳 envoy"]
    assert [r["value"]["text"] for r in bob["result"] if r.get("from_name") == "coder"] == [["bob"]]


def test_completed_by_email_option(tmp_path):
    out = written(tmp_path, "label-studio", ls_completed_by="email")
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    assert [a["completed_by"] for a in task["annotations"]] == [
        {"email": "alice"},
        {"email": "bob"},
    ]


def test_stream_equals_file(tmp_path):
    for fmt in ("label-studio", "label-studio-min"):
        out = written(tmp_path, fmt)
        buffer = io.StringIO()
        assert registry.get(fmt).stream(coded_documents(), buffer, context()) == 2
        assert buffer.getvalue() == out.read_text(encoding="utf-8")


# -- labeling config -------------------------------------------------------------------------


def test_label_config_lists_every_label_and_is_written_with_the_export(tmp_path):
    config_path = tmp_path / "config.xml"
    written(tmp_path, "label-studio", ls_config=str(config_path))
    tagset = default_tagset()
    text = config_path.read_text(encoding="utf-8")
    assert text == write_label_config(tagset)
    view = ET.fromstring(text)
    assert view.tag == "View"
    assert view.find("Text").attrib == {"name": "text", "value": "$text"}
    for kind in MarkKind:
        labels = view.find(f"Labels[@name='{kind.value}']")
        assert labels.get("toName") == "text"
        assert [(x.get("value"), x.get("background")) for x in labels] == [
            (label.name, label.color) for label in tagset.spans[kind]
        ]
    assert [r.get("value") for r in view.find("Relations")] == ["speaker", "target"]

    def choices(name):
        return [c.get("value") for c in view.find(f"Choices[@name='{name}']")]

    assert choices("tone") == [x.name for x in tagset.tone]
    assert choices("focus_stance") == [x.name for x in tagset.focus_stance]
    assert choices("topics") == [x.name for x in tagset.topics]
    assert view.find("Choices[@name='topics']").get("choice") == "multiple"
    assert choices("stance") == [x.name for x in tagset.claim_stance]
    assert view.find("Choices[@name='stance']").get("perRegion") == "true"
    assert choices("form") == [x.name for x in tagset.claim_form]
    assert choices("intensity") == ["1", "2", "3"]
    assert view.find("TextArea[@name='coder']") is not None
    # Same building blocks as the config of the real Label Studio project the fixtures are from.
    real = ET.parse(LS / "label_config.xml").getroot()
    assert {e.tag for e in real} <= {e.tag for e in view}


def test_every_result_names_a_control_of_the_config(tmp_path):
    """What we export only uses from_names the config we write declares."""
    out = written(tmp_path, "label-studio")
    view = ET.fromstring(write_label_config(default_tagset()))
    names = {e.get("name") for e in view if e.get("name")}
    labels = {(e.get("name"), x.get("value")) for e in view.findall("Labels") for x in e}
    for task in json.loads(out.read_text(encoding="utf-8")):
        for annotation in task["annotations"]:
            for r in annotation["result"]:
                if r["type"] == "relation":
                    continue
                assert r["from_name"] in names
                for label in r["value"].get("labels", []):
                    assert (r["from_name"], label) in labels


# -- reading into drafts, without a project --------------------------------------------------


def region(id_, start, end, text, label="ORG"):
    """Return a ``labels`` result of the control ``label`` (which names no mark kind)."""
    return {
        "id": id_,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }


def linked(record) -> list[tuple]:
    """Return each mark of a record's draft, in text order, with the marks its relations name
    by their text and start (refs are the file's own names)."""
    by_ref = {m.ref: (m.text, m.start) for m in record.draft.marks}
    marks = sorted(record.draft.marks, key=lambda m: (m.start, m.end))
    return [
        (
            m.kind,
            m.start,
            m.text,
            m.label,
            m.actor,
            by_ref.get(m.speaker_mark),
            by_ref.get(m.target_mark),
            m.speaker,
            m.target,
            m.stance,
            m.form,
            m.intensity,
        )
        for m in marks
    ]


@pytest.mark.parametrize("fmt", ["label-studio", "label-studio-min"])
def test_our_export_reads_into_one_draft_per_coder_with_every_field(tmp_path, fmt):
    """Kinds from the controls, actors from the region meta, relations as references to the
    nearest mention, per-region choices, document labels, the coder and the listed actors."""
    result = read(written(tmp_path, fmt), fmt)
    assert result.problems == result.warnings == []
    alice, bob = (r.draft for r in result.annotations)
    first, second = TEXT.index("Pakistan"), TEXT.index("Pakistan", TEXT.index("envoy"))
    claim = "the cafe\u0301 owners in 中巴 trust China"
    praise, china, envoy = (
        TEXT.index("praised"),
        TEXT.index("China", TEXT.index(claim)),
        TEXT.index(ENVOY.name),
    )
    pakistan = ("Pakistan", first)
    assert linked(result.annotations[0]) == [
        ("actor", first, "Pakistan", "Country", "pakistan", None, None)
        + (None, None, None, None, None),
        ("claim", TEXT.index(claim), claim, "Bilateral friendship", None)
        + (pakistan, ("China", china), None, None, "support", "reported speech", None),
        ("actor", china, "China", "Country", "china") + (None,) * 7,
        ("actor", envoy, ENVOY.name, "Government", "envoy") + (None,) * 7,
        ("claim", praise, "praised Pakistan 👍🏽 warmly", "Bilateral friendship", None)
        + ((ENVOY.name, envoy), ("Pakistan", second), None, None, None, None, None),
        ("actor", second, "Pakistan", "Country", "pakistan") + (None,) * 7,
        ("sentiment", TEXT.index("👍🏽 warmly"), "👍🏽 warmly", "positive", None)
        + (None, ("Pakistan", second), None, None, None, None, 3),
    ]
    assert alice.annotator == "alice"
    assert (
        alice.document.tone,
        alice.document.focus_stance,
        alice.document.topics,
        alice.document.status,
        alice.document.note,
    ) == (
        "positive",
        "favourable",
        ("Bilateral friendship", "Economic cooperation"),
        "done",
        "checked twice",
    )
    assert sorted(alice.actors, key=lambda a: a.id) == [CHINA, ENVOY, PAKISTAN, ZHONGBA]
    assert bob.annotator == "bob"
    assert [(m.kind, m.text, m.actor, m.intensity) for m in bob.marks] == [
        ("actor", "中巴", "zhongba", None),
        ("sentiment", "trust", None, 2),
    ]
    assert bob.document.status == "in_progress"


def test_region_meta_gives_a_speaker_or_target_no_relation_gives(tmp_path):
    """An actor never mentioned in the text stands in the claim region's meta; a relation wins
    over the meta; a mention's actor is found by its meta name and label."""
    actors = [
        {"id": "a1", "name": "China", "type": "Country"},
        {"id": "a2", "name": "Xi Jinping", "type": "Person"},
    ]
    claim = region("c", 6, 19, "said it again", "Bilateral friendship")
    claim["from_name"] = "claim"
    claim["meta"] = {"text": ["speaker: Xi Jinping"], "speaker": "a2", "target": "a2"}
    mention = region("m", 0, 5, "China", "Country")
    mention["meta"] = {"text": ["China"]}
    relation = {"from_id": "c", "to_id": "m", "type": "relation", "labels": ["target"]}
    task = {
        "data": {"text": "China said it again.", "actors": actors},
        "annotations": [{"result": [mention, claim, relation]}],
    }
    result = read(write_tasks(tmp_path / "meta.json", [task]))
    assert result.problems == []
    (record,) = result.annotations
    assert [(m.ref, m.actor, m.speaker, m.target, m.target_mark) for m in record.draft.marks] == [
        ("m", "a1", None, None, None),
        ("c", None, "a2", None, "m"),
    ]
    assert [a.id for a in record.draft.actors] == ["a1", "a2"]
