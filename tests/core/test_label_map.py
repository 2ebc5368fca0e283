"""Label maps: KIND:LABEL or skip, from JSON and CSV files, and the usual NER tags proposed."""

from __future__ import annotations

import pytest

from annotator.core.errors import ValidationError
from annotator.core.label_map import (
    common_ner_map,
    from_json,
    parse_pair,
    parse_target,
    proposed_map,
    read_label_map,
    to_json,
)
from annotator.core.model import MarkKind
from annotator.core.tagset import default_tagset

TAGSET = default_tagset()
PERSON = (MarkKind.ACTOR, "Person")


def test_targets_are_our_labels_in_any_case_or_skip():
    assert parse_target("actor:person", TAGSET) == PERSON
    assert parse_target(" Skip ") is None
    assert parse_target("claim:cpec SECURITY", TAGSET) == (MarkKind.CLAIM, "CPEC security")
    with pytest.raises(ValueError, match="the tag set has no actor label 'Athlete'"):
        parse_target("actor:Athlete", TAGSET)
    with pytest.raises(ValueError, match="is not KIND:LABEL"):
        parse_target("person", TAGSET)


def test_a_label_holding_equals_signs_maps():
    """The last '=' separates: 'type=PER' (a label of another tool) maps whole."""
    assert parse_pair("type=PER=actor:Person", TAGSET) == ("type=PER", PERSON)
    assert parse_pair("a=b=skip") == ("a=b", None)


def test_json_and_csv_files(tmp_path):
    as_json = tmp_path / "map.json"
    as_json.write_text('{"PER": "actor:Person", "DATE": "skip", "x=y": "actor:Country"}')
    assert read_label_map(as_json, TAGSET) == {
        "PER": PERSON,
        "DATE": None,
        "x=y": (MarkKind.ACTOR, "Country"),
    }
    as_csv = tmp_path / "map.csv"
    as_csv.write_text('label,target\nPER,actor:Person\n"Armed, group",actor:Armed group\n')
    assert read_label_map(as_csv, TAGSET) == {
        "PER": PERSON,
        "Armed, group": (MarkKind.ACTOR, "Armed group"),
    }


def test_a_bad_file_names_its_line(tmp_path):
    bad = tmp_path / "map.csv"
    bad.write_text("PER,actor:Person\nORG,organisation\n")
    with pytest.raises(ValidationError, match=r"map.csv:2: 'organisation' is not KIND:LABEL"):
        read_label_map(bad, TAGSET)
    broken = tmp_path / "map.json"
    broken.write_text('{"PER": 5}')
    with pytest.raises(ValidationError, match="expected an object"):
        read_label_map(broken, TAGSET)


def test_usual_ner_tags_are_proposed_for_the_tag_set():
    assert proposed_map(["PER", "gpe", "MONEY", "Stakeholder"], TAGSET) == {
        "PER": PERSON,
        "gpe": (MarkKind.ACTOR, "Country"),
        "MONEY": None,
    }
    table = common_ner_map(TAGSET)
    assert table["ORG"] == table["org"] == (MarkKind.ACTOR, "Organization")
    assert table["NORP"] == (MarkKind.ACTOR, "Country")


def test_saved_maps_round_trip():
    mapping = {"PER": PERSON, "DATE": None}
    assert from_json(to_json(mapping)) == mapping
    assert from_json("not json") == {} and from_json(None) == {}
