"""Label Studio JSON and JSON-MIN: real exports, round trips, the labeling config, offsets."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.model import MarkKind
from annotator.core.text import article_id
from annotator.formats import registry
from annotator.formats.label_studio import code_point_span, write_label_config
from annotator.session import Session
from tests.conftest import FIXTURES, as_imported
from tests.formats.test_doccano import TEXT, coded_project, coding

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


# -- real Label Studio exports ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["export.json", "export_min.json"])
def test_real_export_is_read(empty, name):
    """Label Studio 1.23.2's JSON and JSON-MIN: spans, the coder id, document choices."""
    path = LS / name
    fmt = {"export.json": "label-studio", "export_min.json": "label-studio-min"}[name]
    assert registry.for_path(path).name == fmt
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


def test_foreign_relations_and_choices_are_reported(empty):
    """works_for / located_in and an unmapped 'sentiment' control are warned about, per task."""
    path = LS / "export.json"
    report = empty.import_paths([path], label_map=MAP, annotator="carol")
    messages = [str(w) for w in report.warnings]
    assert (
        f"{path}:1: task 1, annotation 1: relation 'works_for' ignored (only speaker and target)"
        in messages
    )
    assert any("choices 'sentiment' ignored (map them with the option" in m for m in messages)
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


def test_utf16_offsets_of_old_label_studio_are_converted(empty, tmp_path):
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
    report = empty.import_paths([path], label_map=MAP)
    assert spans(empty, text, "a.a@a.net") == [("actor", 12, 22, "annotation", "Organization")]
    assert "offsets counted in UTF-16 units were converted" in str(report.warnings[0])


@pytest.mark.parametrize("fmt", ["label-studio", "label-studio-min"])
def test_written_offsets_are_code_points(tmp_path, fmt):
    """Every written region selects its text by Python (code-point) slicing."""
    first, aid = coded_project(tmp_path)
    out = tmp_path / "out.json"
    first.export_file(out, fmt)
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
    first.close()


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
    first, aid = coded_project(tmp_path)
    out = tmp_path / "out.json"
    first.export_file(out, "label-studio")
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
    first.close()


def test_completed_by_email_option(tmp_path):
    first, _ = coded_project(tmp_path)
    out = tmp_path / "out.json"
    first.export_file(out, "label-studio", options={"ls_completed_by": "email"})
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    assert [a["completed_by"] for a in task["annotations"]] == [
        {"email": "alice"},
        {"email": "bob"},
    ]
    first.close()


def test_stream_equals_file(tmp_path):
    first, _ = coded_project(tmp_path)
    for fmt in ("label-studio", "label-studio-min"):
        out = tmp_path / f"{fmt}.json"
        first.export_file(out, fmt)
        buffer = io.StringIO()
        assert first.export(buffer, fmt) == 2
        assert buffer.getvalue() == out.read_text(encoding="utf-8")
    first.close()


# -- labeling config -------------------------------------------------------------------------


def test_label_config_lists_every_label_and_is_written_with_the_export(tmp_path):
    first, _ = coded_project(tmp_path)
    config_path = tmp_path / "config.xml"
    first.export_file(
        tmp_path / "out.json", "label-studio", options={"ls_config": str(config_path)}
    )
    text = config_path.read_text(encoding="utf-8")
    assert text == write_label_config(first.tagset)
    view = ET.fromstring(text)
    assert view.tag == "View"
    assert view.find("Text").attrib == {"name": "text", "value": "$text"}
    tagset = first.tagset
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
    first.close()


def test_every_result_names_a_control_of_the_config(tmp_path):
    """What we export only uses from_names the config we write declares."""
    first, _ = coded_project(tmp_path)
    out = tmp_path / "out.json"
    first.export_file(out, "label-studio")
    view = ET.fromstring(write_label_config(first.tagset))
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
    first.close()


# -- bad input -------------------------------------------------------------------------------


def region(id_, start, end, text, label="ORG"):
    return {
        "id": id_,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }


def import_error(session, path, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        session.import_paths([path], format_name="label-studio", **kwargs)
    return str(info.value)


def test_malformed_json_names_file_and_line(empty, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[\n{"data": {"text": "China"}},\n{"data": {"text": "x"\n]\n', encoding="utf-8")
    assert import_error(empty, path).startswith(f"{path}:4: not valid JSON")


def test_duplicate_region_ids_are_refused(empty, tmp_path):
    task = {
        "data": {"text": "China Pakistan"},
        "annotations": [{"result": [region("a", 0, 5, "China"), region("a", 6, 14, "Pakistan")]}],
    }
    path = write_tasks(tmp_path / "dup.json", [task])
    assert import_error(empty, path, label_map=MAP) == (
        f"{path}:2: task 1, annotation 1: result[1]: duplicate region id 'a'"
    )


def test_span_text_mismatch_and_outside_and_unknown_label(empty, tmp_path):
    tasks = [
        {"data": {"text": "China"}, "annotations": [{"result": [region("a", 0, 5, "Chine")]}]},
        {
            "data": {"text": "Pakistan"},
            "annotations": [{"result": [region("a", 0, 50, "Pakistan")]}],
        },
        {
            "data": {"text": "Beijing"},
            "annotations": [{"result": [region("a", 0, 7, "Beijing", "GPE")]}],
        },
    ]
    path = write_tasks(tmp_path / "bad.json", tasks)
    message = import_error(empty, path, label_map=MAP)
    assert "does not match the article at these offsets ('China')" in message
    assert "offsets outside the text (length 8)" in message
    assert "unknown label 'GPE'" in message
    assert empty.article_count() == 0
    report = empty.import_paths([path], format_name="label-studio", label_map=MAP, lenient=True)
    assert (report.records, report.skipped) == (0, 3)
    starts = [
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line == " {"
    ]
    assert [w.line for w in report.warnings] == starts  # the line where each task starts
