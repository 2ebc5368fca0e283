"""The tag set: the bundled default, validation of bad tag sets, and loading files."""

import copy
import json

import jsonschema
import pytest

from annotator.core.errors import TagSetError
from annotator.core.model import MarkKind
from annotator.core.resources import default_tagset_path
from annotator.core.tagset import TagSet, default_tagset, load_tagset
from tests.conftest import REPO


@pytest.fixture
def data():
    """Return a fresh copy of the bundled tag set's JSON data."""
    return json.loads(default_tagset_path().read_text(encoding="utf-8"))


def test_default_tagset_actor_labels_and_keys():
    """The default tag set has 8 actor types bound to keys 1..8."""
    actors = default_tagset().spans[MarkKind.ACTOR]
    assert [label.key for label in actors] == [str(n) for n in range(1, 9)]
    assert actors[0].name == "Person"
    assert actors[0].color == "#8ecae6"
    assert [label.name for label in actors][-1] == "International organization"


def test_default_tagset_claims_sentiment_and_focus():
    """The default tag set has 8 claim topics, 4 polarities and the China–Pakistan focus."""
    tagset = default_tagset()
    assert tagset.name == "Political claims"
    assert len(tagset.spans[MarkKind.CLAIM]) == 8
    assert [label.name for label in tagset.spans[MarkKind.SENTIMENT]] == [
        "positive",
        "negative",
        "neutral",
        "mixed",
    ]
    assert tagset.focus == "China–Pakistan relations"


def test_default_tagset_plain_label_groups():
    """Claim stance/form and document tone/focus stance/topics have the bundled names."""
    tagset = default_tagset()
    assert [x.name for x in tagset.claim_stance] == ["support", "oppose", "neutral"]
    assert [x.name for x in tagset.claim_form] == [
        "direct quote",
        "reported speech",
        "author's assertion",
    ]
    assert [x.name for x in tagset.tone] == ["positive", "negative", "neutral", "mixed"]
    assert [x.name for x in tagset.focus_stance] == [
        "favourable",
        "unfavourable",
        "neutral",
        "mixed",
    ]
    assert len(tagset.topics) == 8


def test_span_label_lookup():
    """span_label finds a label by kind and name and raises KeyError for an unknown one."""
    tagset = default_tagset()
    assert tagset.span_label(MarkKind.CLAIM, "CPEC security").key == "q"
    assert tagset.has_span_label(MarkKind.ACTOR, "Country")
    assert not tagset.has_span_label(MarkKind.ACTOR, "CPEC security")
    with pytest.raises(KeyError, match="Nobody"):
        tagset.span_label(MarkKind.ACTOR, "Nobody")


def test_all_span_labels_in_panel_order():
    """all_span_labels lists 8 actor, 8 claim then 4 sentiment labels."""
    kinds = [kind for kind, _ in default_tagset().all_span_labels()]
    assert kinds == [MarkKind.ACTOR] * 8 + [MarkKind.CLAIM] * 8 + [MarkKind.SENTIMENT] * 4


def test_to_json_round_trips(data):
    """A tag set's to_json parses back to the data it was built from."""
    tagset = TagSet.from_dict(data)
    assert json.loads(tagset.to_json()) == data
    assert TagSet.from_dict(json.loads(tagset.to_json())) == tagset


def test_focus_defaults_when_absent(data):
    """A tag set without 'focus' gets the China–Pakistan default."""
    del data["focus"]
    assert TagSet.from_dict(data).focus == "China–Pakistan relations"


def test_rejects_bad_colour(data):
    """A colour that is not #RRGGBB is refused, naming the label's path and the value."""
    data["spans"]["actor"][0]["color"] = "red"
    with pytest.raises(TagSetError) as info:
        TagSet.from_dict(data, origin="my.json")
    message = str(info.value)
    assert message.startswith("my.json is not a valid tag set")
    assert "spans/actor/0/color" in message
    assert "'red'" in message


def test_rejects_duplicate_label_name_in_a_group(data):
    """Two actor labels called 'Person' are refused, naming the group and the label."""
    data["spans"]["actor"][1]["name"] = "Person"
    with pytest.raises(TagSetError, match=r"spans/actor: duplicate label 'Person'"):
        TagSet.from_dict(data)


def test_allows_same_name_in_different_groups(data):
    """'neutral' may be a sentiment polarity, a claim stance and a tone at once."""
    tagset = TagSet.from_dict(data)
    assert tagset.has_span_label(MarkKind.SENTIMENT, "neutral")
    assert "neutral" in {x.name for x in tagset.claim_stance}


def test_rejects_duplicate_key(data):
    """Two span labels bound to the same key (even across kinds) are refused, naming the key."""
    data["spans"]["claim"][0]["key"] = "1"
    with pytest.raises(TagSetError, match=r"key '1' is bound to 2 labels"):
        TagSet.from_dict(data)


def test_rejects_duplicate_key_ignoring_case(data):
    """Keys 'q' and 'Q' count as the same key."""
    data["spans"]["sentiment"][0]["key"] = "Q"
    with pytest.raises(TagSetError, match=r"key 'q' is bound to 2 labels"):
        TagSet.from_dict(data)


def test_rejects_unknown_field(data):
    """A label with a field the schema does not know is refused, naming the field."""
    data["spans"]["claim"][0]["shortcut"] = "x"
    with pytest.raises(TagSetError) as info:
        TagSet.from_dict(data)
    assert "spans/claim/0" in str(info.value)
    assert "'shortcut' was unexpected" in str(info.value)


def test_rejects_label_name_with_surrounding_space(data):
    """A label name with leading white space is refused."""
    data["document"]["tone"][0]["name"] = " positive"
    with pytest.raises(TagSetError, match="document/tone/0/name"):
        TagSet.from_dict(data)


def test_rejects_missing_required_group(data):
    """A tag set without 'claim_form' is refused, naming the missing property."""
    del data["claim_form"]
    with pytest.raises(TagSetError, match=r"'claim_form' is a required property"):
        TagSet.from_dict(data)


def test_rejects_missing_span_kind(data):
    """A tag set without sentiment labels is refused, naming 'spans' and 'sentiment'."""
    del data["spans"]["sentiment"]
    with pytest.raises(TagSetError) as info:
        TagSet.from_dict(data)
    assert "spans: 'sentiment' is a required property" in str(info.value)


def test_lists_every_problem(data):
    """Two schema problems are both reported in one error."""
    bad = copy.deepcopy(data)
    bad["spans"]["actor"][0]["color"] = "red"
    del bad["document"]
    with pytest.raises(TagSetError) as info:
        TagSet.from_dict(bad)
    message = str(info.value)
    assert "'document' is a required property" in message
    assert "spans/actor/0/color" in message


def test_load_tagset_reads_a_valid_file(tmp_path, data):
    """load_tagset of a valid file returns the tag set with its name."""
    data["name"] = "Mine"
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_tagset(path).name == "Mine"


def test_load_tagset_invalid_json_names_file_and_line(tmp_path):
    """Invalid JSON is refused with the file name and the line of the error."""
    path = tmp_path / "broken.json"
    path.write_text('{\n  "name": "x",\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(TagSetError) as info:
        load_tagset(path)
    assert str(info.value).startswith(f"{path}:3: not valid JSON")


def test_load_tagset_not_utf8_names_file(tmp_path):
    """A Latin-1 file is refused as not UTF-8, naming the file."""
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "café"}'.encode("latin-1"))
    with pytest.raises(TagSetError) as info:
        load_tagset(path)
    assert str(info.value).startswith(f"{path}: not UTF-8 text")


def test_load_tagset_missing_file(tmp_path):
    """A missing file is refused with 'no such file'."""
    path = tmp_path / "nope.json"
    with pytest.raises(TagSetError, match="no such file"):
        load_tagset(path)


def test_load_tagset_invalid_content_names_file(tmp_path, data):
    """A schema problem in a file is reported with the file as origin."""
    data["spans"]["actor"][0]["color"] = "red"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TagSetError) as info:
        load_tagset(path)
    assert str(info.value).startswith(f"{path} is not a valid tag set")


def test_bundled_tagset_validates_against_schema():
    """political_claims.json is valid under schemas/tagset.schema.json (checked directly)."""
    schema = json.loads((REPO / "schemas" / "tagset.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    instance = json.loads(
        (REPO / "annotator" / "tagsets" / "political_claims.json").read_text(encoding="utf-8")
    )
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(instance))
    assert errors == []
