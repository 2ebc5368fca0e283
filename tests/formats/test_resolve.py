"""The record resolver, without a database: other tools' records become ours given the tag set,
the label map and a lookup of actors by name (here a plain list of actors)."""

from __future__ import annotations

from annotator.core.model import Actor, MarkKind
from annotator.core.tagset import default_tagset
from annotator.formats._resolve import LabelUse, RecordResolver
from annotator.formats.base import Origin

TEXT = "Xi Jinping met Imran Khan. The president said the corridor is safe."
REGISTRY = [Actor(id="khan", name="Imran Khan", type="Person", aliases=("Imran Khan", "Khan"))]


def named(name: str) -> list[Actor]:
    return [a for a in REGISTRY if name.casefold() in {x.casefold() for x in (a.name, *a.aliases)}]


def resolver(given=None, saved=None):
    return RecordResolver(default_tagset(), LabelUse(saved or {}, given or {}), named)


def at(needle):
    start = TEXT.index(needle)
    return {"start": start, "end": start + len(needle), "text": needle}


def test_kinds_ids_and_actors_are_completed():
    record = {
        "marks": [
            {**at("Xi Jinping"), "label": "person", "ref": "xi"},
            {**at("Imran Khan"), "label": "PER"},
            {**at("The president"), "label": "Person", "actor_name": "Xi Jinping"},
            {
                **at("the corridor is safe"),
                "label": "CPEC security",
                "speaker_mark": "xi",
                "target_name": "Khan",
            },
            {**at("said"), "label": "DATE"},
        ]
    }
    labels = {"PER": (MarkKind.ACTOR, "Person"), "DATE": None}
    use = LabelUse({}, labels)
    data, problems = RecordResolver(default_tagset(), use, named).resolve(
        record, "a" * 64, "model", Origin("f.jsonl", 1)
    )
    assert problems == []
    marks = {m["text"]: m for m in data["marks"]}
    assert set(marks) == {"Xi Jinping", "Imran Khan", "The president", "the corridor is safe"}
    assert [marks[t]["kind"] for t in sorted(marks)] == ["actor", "actor", "actor", "claim"]
    xi = marks["Xi Jinping"]["actor"]
    assert marks["The president"]["actor"] == xi  # named, not its text
    assert marks["Imran Khan"]["actor"] == "khan"  # the registry's
    claim = marks["the corridor is safe"]
    assert (claim["speaker"], claim["target"], claim["stance"]) == (xi, "khan", None)
    assert [a["name"] for a in data["actors"]] == ["Xi Jinping"]  # the one new actor
    assert use.left_out == {"DATE": 1}
    again, _ = resolver(labels).resolve(record, "a" * 64, "model", Origin("f.jsonl", 1))
    assert [m["id"] for m in again["marks"]] == [m["id"] for m in data["marks"]]  # derived


def test_unknown_labels_and_unknown_speakers_are_problems():
    record = {
        "marks": [
            {**at("Xi Jinping"), "label": "Stakeholder"},
            {**at("the corridor is safe"), "label": "CPEC security", "speaker_name": "Nobody"},
        ]
    }
    _, problems = resolver().resolve(record, "a" * 64, "model", Origin("f.jsonl", 3))
    assert [p.unknown_label for p in problems] == ["Stakeholder", None]
    assert "speaker 'Nobody' is neither an actor this record mentions" in problems[1].message
    assert all(p.line == 3 for p in problems)


def test_saved_mappings_fill_in_and_are_said():
    use = LabelUse({"ORG": (MarkKind.ACTOR, "Organization")}, {})
    record = {"marks": [{**at("Imran Khan"), "label": "org"}]}
    data, _ = RecordResolver(default_tagset(), use, named).resolve(
        record, "a" * 64, "model", Origin("f.jsonl", 1)
    )
    assert data["marks"][0]["label"] == "Organization"
    [note] = use.notes()
    assert note.message == "mapped as saved in the project: ORG → actor:Organization"


def test_names_compare_as_the_registry_folds_them():
    """A speaker named with other case and spacing is the same actor (core.text.fold_name, the
    one rule for what counts as the same name)."""
    record = {
        "marks": [
            {**at("Xi Jinping"), "label": "Person"},
            {**at("the corridor is safe"), "label": "CPEC security", "speaker_name": "XI  jinping"},
        ]
    }
    data, problems = resolver().resolve(record, "a" * 64, "model", Origin("f.jsonl", 1))
    assert problems == []
    xi, claim = data["marks"]
    assert claim["speaker"] == xi["actor"]


def test_typed_draft_marks_resolve_as_dicts_do():
    """A reader may give DraftMark objects instead of dicts: the same record comes out."""
    from annotator.formats._resolve import DraftMark

    as_dicts = {
        "marks": [
            {**at("Xi Jinping"), "label": "Person", "ref": "xi"},
            {**at("the corridor is safe"), "label": "CPEC security", "speaker_mark": "xi"},
        ]
    }
    as_drafts = {"marks": [DraftMark(**m) for m in as_dicts["marks"]]}
    one, _ = resolver().resolve(as_dicts, "a" * 64, "model", Origin("f.jsonl", 1))
    two, _ = resolver().resolve(as_drafts, "a" * 64, "model", Origin("f.jsonl", 1))
    assert one == two
    assert two["marks"][1]["speaker"] == two["marks"][0]["actor"]
