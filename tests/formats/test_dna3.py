"""Discourse Network Analyzer 3 project files: the writer on pure documents, the reader on a
small DNA 3 file built as DNA writes one (dna3_builder), round trips both ways, and files that
are no DNA 3 database."""

from __future__ import annotations

import base64
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.core.errors import InputError, ProblemCode, ValidationError
from annotator.core.model import Actor, AnnotatedDocument, DocumentLabels, MarkKind
from annotator.core.resources import default_tagset_path
from annotator.core.tagset import TagSet, default_tagset
from annotator.formats._drafts import NamedActor
from annotator.formats.base import FormatContext, ReadResult, make_article
from annotator.formats.dna3 import check_password, hash_password, read_dna3, write_dna3
from annotator.formats.dna3 import reading as dna3_reading
from annotator.session import Session
from tests.conftest import add
from tests.formats import dna3_builder as dna
from tests.formats.dna3_builder import CONCEPTS, build_dna3
from tests.formats.training_corpus import EMOJI_TEXT, articles, emoji_coding, mark

MASTER = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"
TITLES = (
    "Hearing on the Clean Freight Act: Okafor, Ngozi",
    "Youth Climate Network: the Clean Freight Act is overdue",
    "Minister: no delay for the Clean Freight Act",
    "Letter from the Rail Users' Council",
)


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """Return a DNA 3 project file written as DNA writes one (see dna3_builder)."""
    return build_dna3(tmp_path / "built.dna")


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def rows(path: Path, query: str, *args: object) -> list[tuple]:
    with connect(path) as db:
        return [tuple(r) for r in db.execute(query, args)]


def write(tmp_path: Path, documents, name: str = "out.dna", **options: str):
    """Write documents with the default tag set; return the file and the writer's notes."""
    context = FormatContext(default_tagset(), {"password": "secret", **options})
    path = tmp_path / name
    assert write_dna3(documents, path, context) == len(documents)
    return path, context.notes


def read(path: Path, tagset: TagSet | None = None, **options: str) -> ReadResult:
    result = ReadResult()
    read_dna3(path, result, FormatContext(tagset or default_tagset(), options))
    return result


def project_tagset_data() -> dict:
    """Return our default tag set with the built file's concepts as claim labels."""
    data = json.loads(default_tagset_path().read_text(encoding="utf-8"))
    data["spans"]["claim"] += [{"name": c, "color": "#336699"} for c in CONCEPTS]
    return data


def statements(path: Path, type_label: str) -> list[tuple]:
    """Return a file's statements of a type, comparable across files: (document text, start,
    stop, coder name, {variable: value})."""
    found = []
    for sid, text, start, stop, coder in rows(
        path,
        "SELECT s.ID, d.Text, s.Start, s.Stop, c.Name FROM STATEMENTS s "
        "JOIN DOCUMENTS d ON d.ID = s.DocumentId JOIN CODERS c ON c.ID = s.Coder "
        "JOIN STATEMENTTYPES t ON t.ID = s.StatementTypeId WHERE t.Label = ?",
        type_label,
    ):
        values = dict(
            rows(
                path,
                "SELECT v.Variable, e.Value FROM DATASHORTTEXT x JOIN VARIABLES v "
                "ON v.ID = x.VariableId JOIN ENTITIES e ON e.ID = x.Entity WHERE StatementId = ?",
                sid,
            )
        )
        for table in ("DATABOOLEAN", "DATAINTEGER", "DATALONGTEXT"):
            values |= dict(
                rows(
                    path,
                    f"SELECT v.Variable, x.Value FROM {table} x JOIN VARIABLES v "
                    "ON v.ID = x.VariableId WHERE StatementId = ?",
                    sid,
                )
            )
        found.append((text, start, stop, coder, tuple(sorted(values.items()))))
    return sorted(found)


# -- coder passwords ------------------------------------------------------------------------


def test_our_digest_is_jasypts_for_dnas_documented_password():
    """The coders of DNA's sample database all have the password "sample" (DNA's README): our
    digest with each stored salt reproduces DNA's (Jasypt's) digest exactly, and other
    passwords do not."""
    for stored in dna.JASYPT_DIGESTS:
        salt = base64.b64decode(stored)[:16]
        assert hash_password("sample", salt) == stored
        assert check_password("sample", stored)
        assert not check_password("Sample", stored)


def test_a_new_digest_has_a_fresh_salt_and_jasypts_shape():
    """64 base64 characters: 16 bytes of salt, then 32 of SHA-256; the password in NFC."""
    first, second = hash_password("pässword"), hash_password("pässword")
    assert first != second and len(first) == 64 and len(base64.b64decode(first)) == 48
    assert check_password("pässword", first) and check_password("pa\u0308ssword", second)
    assert not check_password("sample", "not base64!") and not check_password("x", "AAAA")


# -- writing ----------------------------------------------------------------------------------


def test_the_schema_and_frame_are_dnas(tmp_path):
    """Tables, columns, constraints and indexes are those of DNA's own sample database (the
    schema in dna3_builder, exactly); the settings, default statement types, variables and
    attribute variables are createTables' own."""
    path, _ = write(tmp_path, [emoji_coding("alice"), emoji_coding("bob")])
    assert rows(path, MASTER) == dna.master_rows()
    assert rows(path, "SELECT * FROM SETTINGS") == [("version", "3.1.2"), ("date", "2026-06-30")]
    assert rows(path, "SELECT * FROM STATEMENTTYPES") == [
        *dna.DEFAULT_STATEMENT_TYPES,
        (4, "Political claim", 78, 121, 167),
    ]
    assert rows(path, "SELECT * FROM VARIABLES WHERE ID <= 11") == list(dna.DEFAULT_VARIABLES)
    assert rows(path, "SELECT * FROM VARIABLES WHERE ID > 11") == [
        (12, "speaker", "short text", 4),
        (13, "target", "short text", 4),
        (14, "topic", "short text", 4),
        (15, "stance", "integer", 4),
        (16, "form", "short text", 4),
        (17, "note", "long text", 4),
    ]
    attributes = rows(path, "SELECT * FROM ATTRIBUTEVARIABLES")
    assert attributes[:9] == list(dna.DEFAULT_ATTRIBUTE_VARIABLES)
    assert attributes[9:] == [
        (10, 1, "Country"), (11, 2, "Country"),
        (12, 12, "Type"), (13, 12, "Alias"), (14, 12, "Notes"), (15, 12, "Country"),
        (16, 13, "Type"), (17, 13, "Alias"), (18, 13, "Notes"), (19, 13, "Country"),
    ]  # fmt: skip


def test_coders_share_the_password_and_see_each_other(tmp_path):
    """Admin first (createTables' colour), then one coder per coder of ours, each related to
    every other both ways (as addCoder relates them), with DNA's default permissions."""
    path, _ = write(tmp_path, [emoji_coding("alice"), emoji_coding("bob")])
    coders = rows(path, "SELECT ID, Name, Red, Green, Blue, Password FROM CODERS")
    assert [c[:5] for c in coders] == [
        (1, "Admin", 255, 255, 0), (2, "alice", 51, 153, 255), (3, "bob", 255, 102, 102),
    ]  # fmt: skip
    assert all(check_password("secret", c[5]) for c in coders)
    assert rows(path, "SELECT Coder, OtherCoder FROM CODERRELATIONS") == [
        (2, 1), (1, 2), (3, 1), (1, 3), (3, 2), (2, 3),
    ]  # fmt: skip
    assert rows(path, "SELECT PermissionEditCoders, PopupWidth, FontSize FROM CODERS") == [
        (1, 300, 14)
    ] * 3


def test_a_claim_is_a_dna_statement_and_a_political_claim_at_utf16_offsets(tmp_path):
    """The emoji article's claim (after a flag, over a thumbs-up with a skin tone and a
    combining accent): Start and Stop count UTF-16 units, so Java's substring is the claim."""
    coding = emoji_coding("alice")
    [claim] = [m for m in coding.marks if m.kind == MarkKind.CLAIM]
    assert (claim.start, claim.end) == (68, 133)
    path, notes = write(tmp_path, [coding])
    assert notes == []
    text = coding.article.text
    assert rows(path, "SELECT Start, Stop FROM STATEMENTS") == [(70, 137), (70, 137)]
    units = text.encode("utf-16-le")
    assert units[2 * 70 : 2 * 137].decode("utf-16-le") == claim.text
    found = statements(path, "DNA Statement")
    assert [s[1:] for s in found] == [
        (70, 137, "alice", (
            ("agreement", 1), ("concept", "Bilateral friendship"), ("organization", ""),
            ("person", "Wang Yi"),
        )),
    ]  # fmt: skip
    assert [s[1:] for s in statements(path, "Political claim")] == [
        (70, 137, "alice", (
            ("form", "reported speech"), ("note", ""), ("speaker", "Wang Yi"), ("stance", 1),
            ("target", "Pakistan"), ("topic", "Bilateral friendship"),
        )),
    ]  # fmt: skip
    assert rows(path, "SELECT Title, Source, Date, Coder FROM DOCUMENTS") == [
        ("🇵🇰 Pakistan's envoy met Wang Yi in 北京.", "emoji.txt", 1704412800, 1)
    ]
    assert rows(path, "SELECT Text FROM DOCUMENTS") == [(text,)]


def test_actors_are_entities_with_their_attributes(tmp_path):
    """A person in 'person', a country in 'organization', both in speaker and target, with
    Type, Alias, Notes and Country; in their tag-set colour; every variable has its empty
    entity and the claim labels are concepts with their description."""
    coding = emoji_coding("alice")
    wang = Actor("wang-yi", "Wang Yi", "Person", "China", ("Wang Yi", "王毅", "FM Wang"))
    coding = replace(coding, actors=(wang, *coding.actors[1:]))
    path, _ = write(tmp_path, [coding])
    query = (
        "SELECT v.Variable, e.Value, e.Red, e.Green, e.Blue, a.AttributeVariable, "
        "x.AttributeValue FROM ENTITIES e JOIN VARIABLES v ON v.ID = e.VariableId "
        "JOIN ATTRIBUTEVALUES x ON x.EntityId = e.ID "
        "JOIN ATTRIBUTEVARIABLES a ON a.ID = x.AttributeVariableId WHERE e.Value = ? "
        "ORDER BY e.ID, a.ID"
    )
    attributes = [
        ("Type", "Person"), ("Alias", "王毅; FM Wang"), ("Notes", ""), ("Country", "China"),
    ]  # fmt: skip
    assert rows(path, query, "Wang Yi") == [
        (variable, "Wang Yi", 142, 202, 230, *attribute)
        for variable in ("person", "speaker", "target")
        for attribute in attributes
    ]
    pakistan = rows(path, "SELECT v.Variable FROM ENTITIES e JOIN VARIABLES v ON "
                    "v.ID = e.VariableId WHERE e.Value = 'Pakistan' ORDER BY e.ID")
    assert pakistan == [("organization",), ("speaker",), ("target",)]
    empty = rows(path, "SELECT VariableId FROM ENTITIES WHERE Value = '' ORDER BY VariableId")
    assert empty == [(v,) for v in (1, 2, 3, 5, 6, 7, 8, 9, 10, 12, 13, 14, 16)]
    concept = rows(path, query, "CPEC security")
    assert concept[0][:5] == ("concept", "CPEC security", 242, 142, 43)
    assert concept[2][5:] == ("Notes", default_tagset().span_label(
        MarkKind.CLAIM, "CPEC security").description)


def test_the_other_actor_of_a_dna_statement_comes_from_a_mention_over_the_claim(tmp_path):
    """An organisation's claim with a person mentioned over exactly its span (how an import
    keeps a DNA Statement's person and organization): both are written. person_types chooses
    which actor types are persons."""
    article = articles()[-1]
    claim_text = "China stands by Pakistan forever"
    xinhua = Actor("xinhua", "Xinhua", "Media")
    marks = (
        mark(article, "alice", MarkKind.CLAIM, claim_text, "Bilateral friendship",
             speaker_id="xinhua", stance="oppose"),
        mark(article, "alice", MarkKind.ACTOR, claim_text, "Person", actor_id="wang-yi"),
    )  # fmt: skip
    coding = replace(emoji_coding(), actors=(*emoji_coding().actors, xinhua), marks=marks)
    path, _ = write(tmp_path, [coding])
    [dna] = statements(path, "DNA Statement")
    assert dict(dna[4]) == {
        "person": "Wang Yi", "organization": "Xinhua", "concept": "Bilateral friendship",
        "agreement": 0,
    }  # fmt: skip
    path, _ = write(tmp_path, [coding], name="media.dna", person_types="Person, media")
    [dna] = statements(path, "DNA Statement")
    assert (dict(dna[4])["person"], dict(dna[4])["organization"]) == ("Xinhua", "")


def test_neutral_claims_and_claims_without_a_stance_are_political_claims_only(tmp_path):
    """DNA's agreement is yes or no: neutral or no stance is no DNA Statement (noted), and a
    Political claim with stance 0."""
    coding = emoji_coding()
    [claim] = [m for m in coding.marks if m.kind == MarkKind.CLAIM]
    neutral = claim.with_changes(id="neutral", stance="neutral")
    none = claim.with_changes(id="none", stance=None, start=claim.start + 4, text=claim.text[4:])
    coding = replace(coding, marks=(neutral, none))
    path, notes = write(tmp_path, [coding])
    assert statements(path, "DNA Statement") == []
    assert [dict(s[4])["stance"] for s in statements(path, "Political claim")] == [0, 0]
    assert [(n.kind, n.mark_id, n.coder) for n in notes] == [
        ("no agreement", "neutral", "alice"), ("no stance", "none", "alice"),
    ]  # fmt: skip
    assert "reads back as neutral" in notes[1].message


def test_undated_articles_get_the_date_given_and_a_note(tmp_path):
    """DNA needs a date: 1970-01-01 (which reads back as no date) unless one is given."""
    article = replace(articles()[0], date=None)
    coding = AnnotatedDocument(article, "alice", DocumentLabels(article.id, "alice"), "", (), ())
    path, notes = write(tmp_path, [coding, replace(coding, annotator="bob")])
    assert rows(path, "SELECT Date FROM DOCUMENTS") == [(0,)]
    assert [(n.kind, n.article_id) for n in notes] == [("undated", article.id)]
    path, notes = write(tmp_path, [coding], name="dated.dna", undated="2024-03-01")
    assert rows(path, "SELECT Date FROM DOCUMENTS") == [(1709251200,)]
    assert "2024-03-01" in notes[0].message


def test_long_titles_are_cut_and_names_alike_told_apart(tmp_path):
    """Short DNA texts hold 190 characters; entities are unique by value, so a second actor
    named alike is written with its type."""
    coding = emoji_coding()
    article = replace(coding.article, title="T" * 200)
    twin = Actor("wang-2", "Wang Yi", "Government")
    coding = replace(coding, article=article, actors=(*coding.actors, twin))
    path, notes = write(tmp_path, [coding])
    assert rows(path, "SELECT length(Title) FROM DOCUMENTS") == [(190,)]
    speakers = "SELECT Value FROM ENTITIES WHERE VariableId = 12 AND Value LIKE 'Wang%'"
    assert rows(path, speakers) == [
        ("Wang Yi",), ("Wang Yi (Government)",),
    ]  # fmt: skip
    assert sorted(n.kind for n in notes) == ["renamed", "shortened"]


def test_a_password_is_required_and_nothing_is_written_without_one(tmp_path):
    context = FormatContext(default_tagset(), {})
    with pytest.raises(ValidationError, match="--option password="):
        write_dna3([emoji_coding()], tmp_path / "out.dna", context)
    context = FormatContext(default_tagset(), {"password": "x", "undated": "2024-02-30"})
    with pytest.raises(ValidationError, match="undated=2024-02-30: give a YYYY-MM-DD date"):
        write_dna3([emoji_coding()], tmp_path / "out.dna", context)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_old_file_and_no_temporary(tmp_path):
    """A writer failing half way (the documents' source breaking) replaces nothing."""
    out = tmp_path / "out.dna"
    out.write_bytes(b"old")

    def breaking():
        yield emoji_coding()
        raise RuntimeError("disk trouble")

    with pytest.raises(RuntimeError):
        write_dna3(breaking(), out, FormatContext(default_tagset(), {"password": "x"}))
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.dna"]


# -- reading ----------------------------------------------------------------------------------


def test_the_built_file_is_dnas_schema_with_its_keys_kept(built):
    """The reader's tests read what DNA would have written: DNA's schema, every foreign key
    pointing at a row, and a value for every variable of each statement's type."""
    assert rows(built, MASTER) == dna.master_rows()
    assert rows(built, "PRAGMA foreign_key_check") == []
    missing = (
        "SELECT s.ID, v.Variable FROM STATEMENTS s JOIN VARIABLES v "
        "ON v.StatementTypeId = s.StatementTypeId WHERE NOT EXISTS (SELECT 1 FROM ("
        "SELECT StatementId, VariableId FROM DATASHORTTEXT UNION ALL "
        "SELECT StatementId, VariableId FROM DATALONGTEXT UNION ALL "
        "SELECT StatementId, VariableId FROM DATAINTEGER UNION ALL "
        "SELECT StatementId, VariableId FROM DATABOOLEAN) d "
        "WHERE d.StatementId = s.ID AND d.VariableId = v.ID)"
    )
    assert rows(built, missing) == []


def test_the_file_reads_as_articles_claims_and_mentions(built):
    """One record per document and coder with statements: the organization speaks, the person
    is a mention over the statement; a document whose statements are all left out is an
    article alone; the types without 'concept' are left out, each said once, and Types that
    are none of ours once for the file."""
    result = read(built, TagSet.from_dict(project_tagset_data()))
    assert result.problems == []
    assert [(r.article.title, r.draft.annotator, len(r.draft.marks))
            for r in result.annotations] == [
        (TITLES[0], "Rosa", 6), (TITLES[1], "Rosa", 1), (TITLES[1], "Tariq", 1),
        (TITLES[2], "Rosa", 6),
    ]  # fmt: skip
    assert [r.article.title for r in result.articles] == [TITLES[3]]
    first = result.annotations[0]
    article = first.article
    assert (article.date, article.source) == ("2023-03-14", "Transport Committee")
    assert article.meta == {"author": "Okafor, Ngozi", "section": "Hearing 3", "type": "testimony"}
    assert article.text.startswith("Chair, members of the committee: I speak for the Harbour")
    claim, mention = first.draft.marks[:2]
    assert (claim.kind, claim.label, claim.start, claim.end, claim.stance) == (
        "claim", dna.JOBS, 111, 251, "support",
    )  # fmt: skip
    assert claim.text == article.text[111:251] == (
        "The levy in the Clean Freight Act would add eleven cents to every tonne-kilometre, "
        "and our members would cut drivers before they cut routes."
    )
    assert (claim.speaker_name, claim.target_name) == ("Harbour Freight Alliance", None)
    assert (mention.kind, mention.label, mention.actor_name, mention.start, mention.end) == (
        "actor", "Person", "Ngozi Okafor", 111, 251,
    )  # fmt: skip
    assert [(m.kind, m.label, m.start, m.stance) for m in first.draft.marks[2:]] == [
        ("claim", dna.EMISSIONS, 252, "support"), ("actor", "Person", 252, None),
        ("claim", dna.RAIL, 302, "support"), ("actor", "Person", 302, None),
    ]  # fmt: skip
    minister = result.annotations[3].draft.marks
    assert [(m.kind, m.label, m.stance, m.speaker_name or m.actor_name) for m in minister] == [
        ("claim", dna.PASS, "support", "Ministry of Transport"),
        ("actor", "Person", None, "Erik Lindqvist"),
        ("claim", dna.JOBS, "oppose", "Ministry of Transport"),
        ("actor", "Person", None, "Erik Lindqvist"),
        ("claim", dna.RAIL, "oppose", "Ministry of Transport"),
        ("actor", "Person", None, "Erik Lindqvist"),
    ]
    assert [w.message for w in result.warnings] == [
        "1 statement(s) of type 'Annotation' left out: it has no variable 'concept' "
        "(--option topic=…)",
        "1 statement(s) of type 'NPF Story Element' left out: it has no variable 'concept' "
        "(--option topic=…)",
        "1 statement(s) of type 'Position' left out: it has no variable 'concept' "
        "(--option topic=…)",
        "entities whose Type is no actor type of the tag set: Activist → Person (1), "
        "Business → Organization (1), Lobbyist → Person (1), Minister → Person (1), "
        "NGO → Organization (1)",
    ]


def test_statements_after_an_emoji_count_utf16_units(built):
    """The post opens with two emoji outside the BMP: its statements' Start and Stop are two
    UTF-16 units past their code points. An empty organization leaves the person to speak;
    a time of day other than midnight stays in the meta."""
    assert rows(built, "SELECT Start, Stop FROM STATEMENTS WHERE DocumentId = 2 ORDER BY ID") == [
        (75, 116), (5, 38),
    ]  # fmt: skip
    result = read(built, TagSet.from_dict(project_tagset_data()))
    rosa, tariq = result.annotations[1:3]
    assert (rosa.article.date, rosa.article.meta) == (
        "2023-03-15", {"author": "Lena Sørensen", "type": "post", "time": "18:45:00"},
    )  # fmt: skip
    assert rosa.article.text.startswith("🚆🌍 The Clean Freight Act")
    [claim] = rosa.draft.marks
    assert (claim.start, claim.end, claim.text, claim.label, claim.speaker_name) == (
        73, 114, "every cent of the levy should go to rail!", dna.RAIL, "Youth Climate Network",
    )  # fmt: skip
    [claim] = tariq.draft.marks
    assert (claim.start, claim.end, claim.text, claim.label, claim.speaker_name) == (
        3, 36, "The Clean Freight Act is overdue.", dna.PASS, "Lena Sørensen",
    )  # fmt: skip


def test_entity_attributes_give_the_actors_type_country_and_aliases(built):
    """Type (one of ours, else Person for 'person' and Organization for the rest), Country and
    Alias (split at ';'); Notes are not read."""
    result = read(built, TagSet.from_dict(project_tagset_data()))
    named = {a.name: a for r in result.annotations for a in r.draft.named_actors}
    assert sorted(named.values(), key=lambda a: a.name) == [
        NamedActor("Erik Lindqvist", "Person", "Sweden", ("E. Lindqvist", "Minister Lindqvist")),
        NamedActor("Harbour Freight Alliance", "Organization", None, ("HFA",)),
        NamedActor("Lena Sørensen", "Person", "Denmark"),
        NamedActor("Ministry of Transport", "Government"),
        NamedActor("Ngozi Okafor", "Person", None, ("N. Okafor",)),
        NamedActor("Youth Climate Network", "Organization"),
    ]


def test_options_choose_the_speaker_and_the_actor_type(built):
    """speaker=person,organization makes the person speak and the organisation a mention (the
    first filled variable speaks); actor_type is the type of entities whose Type is not ours."""
    result = read(built, TagSet.from_dict(project_tagset_data()), speaker="person,organization",
                  actor_type="Government")  # fmt: skip
    claim, mention = result.annotations[0].draft.marks[:2]
    assert (claim.speaker_name, mention.actor_name, mention.label) == (
        "Ngozi Okafor", "Harbour Freight Alliance", "Government",
    )  # fmt: skip
    [post] = result.annotations[1].draft.marks
    assert (post.speaker_name, post.label) == ("Youth Climate Network", dna.RAIL)


@pytest.mark.parametrize(
    ("options", "title", "coder", "claim", "mentioned", "warned"),
    [
        ({"topic": "issue", "speaker": "actor", "stance": "intensity"}, TITLES[3], "Tariq",
         (dna.HIGHER, 60, 105, "Rail Users' Council", "support"), [],
         ["8 statement(s) of type 'DNA Statement' left out: it has no variable 'issue' "
          "(--option topic=…)",
          "1 statement(s) of type 'NPF Story Element' left out: it has no variable 'issue' "
          "(--option topic=…)",
          "entities whose Type is no actor type of the tag set: NGO → Organization (1)"]),
        ({"topic": "policy solution", "speaker": "narrator,victim"}, TITLES[2], "Mei",
         ("a three-year transition", 146, 189, "Ministry of Transport", None),
         [("haulage firms", "Organization")],
         ["8 statement(s) of type 'DNA Statement' left out: it has no variable "
          "'policy solution' (--option topic=…)",
          "1 statement(s) of type 'Position' left out: it has no variable 'policy solution' "
          "(--option topic=…)"]),
    ],
    ids=["own type, integer stance", "NPF story element"],
)  # fmt: skip
def test_other_statement_types_read_through_the_options(built, options, title, coder, claim,
                                                         mentioned, warned):  # fmt: skip
    """A statement type of the coders' own (an integer stance: its sign) or DNA's NPF Story
    Element: the options name its topic, speaker and stance variables (further speaker
    variables are mentions); the types without the topic are left out, the Annotation (long
    text only) among them."""
    result = read(built, **options)
    assert result.problems == []
    [record] = result.annotations
    assert (record.article.title, record.draft.annotator) == (title, coder)
    first, *others = record.draft.marks
    assert (first.label, first.start, first.end, first.speaker_name, first.stance) == claim
    assert [(m.actor_name, m.label) for m in others] == mentioned
    assert [w.message for w in result.warnings] == [
        "1 statement(s) of type 'Annotation' left out: it has no variable "
        f"{options['topic']!r} (--option topic=…)",
        *warned,
    ]


def test_topics_the_tag_set_lacks_go_through_the_label_map(empty, built):
    """With the default tag set the concepts are unknown labels the window offers to map; a
    label map brings them in, the person and organization as actors of the registry."""
    with pytest.raises(InputError) as refused:
        empty.import_paths([built])
    assert refused.value.unknown_labels == sorted(CONCEPTS)
    assert {p.code for p in refused.value.problems} == {ProblemCode.UNKNOWN_LABEL}
    label_map = {c: (MarkKind.CLAIM, "Economic cooperation") for c in CONCEPTS}
    report = empty.import_paths([built], label_map=label_map)
    assert (report.articles_added, report.records, report.marks) == (4, 4, 14)
    actors = {a.name: a for a in empty.store.list_actors()}
    assert (actors["Harbour Freight Alliance"].type, actors["Ngozi Okafor"].type) == (
        "Organization", "Person",
    )  # fmt: skip
    assert actors["Ministry of Transport"].type == "Government"
    assert (actors["Erik Lindqvist"].country, set(actors["Erik Lindqvist"].aliases)) == (
        "Sweden", {"Erik Lindqvist", "E. Lindqvist", "Minister Lindqvist"},
    )  # fmt: skip


def test_dna_to_us_to_dna_keeps_every_statement(empty, built, tmp_path):
    """Import the built file, export it: every DNA Statement comes back with its document,
    span (UTF-16 units after the emoji too), coder, person, organization, concept and
    agreement; every coded document with its fields."""
    tagset = tmp_path / "tagset.json"
    tagset.write_text(json.dumps(project_tagset_data()), encoding="utf-8")
    empty.load_tagset(tagset)
    empty.import_paths([built])
    out = tmp_path / "again.dna"
    # One record per document and coder with claims; the letter, whose only statement is of
    # a type left out, has none and is no document of the export.
    assert empty.export_file(out, "dna3", options={"password": "sample"}) == 4
    original, again = statements(built, "DNA Statement"), statements(out, "DNA Statement")
    assert len(original) == 8 and again == original
    assert [s[1:] for s in again if s[0] == dna.DOCUMENTS[1].text] == [
        (5, 38, "Tariq", (
            ("agreement", 1), ("concept", dna.PASS), ("organization", ""),
            ("person", "Lena Sørensen"),
        )),
        (75, 116, "Rosa", (
            ("agreement", 1), ("concept", dna.RAIL), ("organization", "Youth Climate Network"),
            ("person", ""),
        )),
    ]  # fmt: skip
    documents = "SELECT Title, Text, Author, Source, Section, Notes, Type, Date FROM DOCUMENTS"
    assert rows(out, f"{documents} ORDER BY ID") == rows(
        built, f"{documents} WHERE ID <= 3 ORDER BY ID"
    )
    [(admin,)] = rows(out, "SELECT Password FROM CODERS WHERE Name = 'Admin'")
    assert check_password("sample", admin)


def test_us_to_dna_to_us_keeps_claims(session, empty, tmp_path):
    """Claims come back with span, topic, speaker, target, stance, form and coder (an emoji
    article too); a claim without a stance comes back neutral, as documented."""
    source = tmp_path / "emoji.txt"
    source.write_text(EMOJI_TEXT, encoding="utf-8")
    session.import_paths([source])
    ids = [s.id for s in session.article_summaries()]
    expected = set()
    for coder, article_id, stance in (
        ("alice", ids[0], "support"), ("bob", ids[0], None), ("alice", ids[-1], "oppose"),
    ):  # fmt: skip
        session.set_annotator(coder)
        text = session.article(article_id).text
        needle = "Pakistan" if "Pakistan" in text else "China"
        speaker = add(session, article_id, MarkKind.ACTOR, needle, "Country")
        target = add(session, article_id, MarkKind.ACTOR, "Wang Yi" if "Wang Yi" in text
                     else "China", "Person")  # fmt: skip
        claim = add(session, article_id, MarkKind.CLAIM, text[speaker.start : speaker.end + 40],
                    "Economic cooperation", after=speaker.start)  # fmt: skip
        session.update_mark(claim.with_changes(
            speaker_id=speaker.actor_id, target_id=target.actor_id, stance=stance,
            form="direct quote",
        ))  # fmt: skip
        expected.add((article_id, coder, claim.start, claim.end, claim.text, claim.label,
                      speaker.text, target.text, stance or "neutral", "direct quote"))  # fmt: skip
    out = tmp_path / "out.dna"
    notes: list = []
    session.export_file(out, "dna3", options={"password": "pw", "undated": "2020-01-01"},
                        notes=notes)  # fmt: skip
    assert [n.kind for n in notes if n.kind != "undated"] == ["no stance"]
    empty.import_paths([out])
    names = {a.id: a.name for a in empty.store.list_actors()}
    back = {
        (m.article_id, m.annotator, m.start, m.end, m.text, m.label, names[m.speaker_id],
         names[m.target_id], m.stance, m.form)
        for coder in ("alice", "bob") for article_id in ids
        for m in empty.store.marks_for(article_id, coder) if m.kind == MarkKind.CLAIM
    }  # fmt: skip
    assert back == expected
    emoji = [m for m in empty.store.marks_for(ids[-1], "alice") if m.kind == MarkKind.CLAIM]
    assert [m.text for m in emoji] == [e[4] for e in expected if e[0] == ids[-1]]
    assert all(not m.kind == MarkKind.ACTOR for c in ("alice", "bob") for i in ids
               for m in empty.store.marks_for(i, c))  # fmt: skip


def test_our_export_reads_back_with_utf16_offsets_undated_and_no_twins(tmp_path):
    """The DNA Statement beside each Political claim adds no second claim; offsets convert
    back to code points; 1970-01-01 is no date again."""
    coding = emoji_coding()
    article = replace(coding.article, date=None, meta={"author": "Ann", "time": "12:30:00"})
    coding = replace(coding, article=article)
    path, _ = write(tmp_path, [coding])
    result = read(path)
    [record] = result.annotations
    [claim] = record.draft.marks
    [original] = [m for m in coding.marks if m.kind == MarkKind.CLAIM]
    assert (claim.start, claim.end, claim.text) == (original.start, original.end, original.text)
    assert (claim.speaker_name, claim.target_name, claim.stance, claim.form) == (
        "Wang Yi", "Pakistan", "support", "reported speech",
    )  # fmt: skip
    # DNA's 1970-01-01 is no date, so the article's own leading "date" line gives it one.
    assert record.article.date == "2024-01-05" and record.article.meta == {"author": "Ann"}
    assert result.warnings == []
    plain = make_article("Wang Yi said 👍 to Pakistan.")
    bare = AnnotatedDocument(plain, "alice", DocumentLabels(plain.id, "alice"), "", (), ())
    path, _ = write(tmp_path, [bare], name="bare.dna")
    assert read(path).articles[0].article.date is None
    dated = replace(coding, article=replace(article, date="2024-01-05"))
    path, _ = write(tmp_path, [dated], name="dated.dna")
    assert read(path).annotations[0].article.meta == {"author": "Ann", "time": "12:30:00"}


def test_two_claims_on_one_span_read_back_as_two_claims_and_nothing_else(tmp_path):
    """Two speakers' claims over one sentence: two Political claims and two DNA Statements at
    one span; the DNA Statements are twins, adding neither claims nor mentions."""
    coding = emoji_coding()
    [claim] = [m for m in coding.marks if m.kind == MarkKind.CLAIM]
    second = claim.with_changes(id="second", speaker_id="pakistan", target_id=None)
    path, _ = write(tmp_path, [replace(coding, marks=(claim, second))])
    assert len(statements(path, "DNA Statement")) == len(statements(path, "Political claim")) == 2
    marks = read(path).annotations[0].draft.marks
    assert sorted((m.kind, m.speaker_name, m.target_name) for m in marks) == [
        ("claim", "Pakistan", None), ("claim", "Wang Yi", "Pakistan"),
    ]  # fmt: skip


def test_actors_come_back_with_type_country_and_aliases(empty, tmp_path):
    """The speaker's entity attributes make the new actor: type, country and aliases."""
    coding = emoji_coding()
    wang = Actor("wang-yi", "Wang Yi", "Person", "China", ("Wang Yi", "王毅", "FM Wang"))
    path, _ = write(tmp_path, [replace(coding, actors=(wang, *coding.actors[1:]))])
    empty.import_paths([path])
    actors = {a.name: a for a in empty.store.list_actors()}
    assert (actors["Wang Yi"].type, actors["Wang Yi"].country) == ("Person", "China")
    assert set(actors["Wang Yi"].aliases) == {"Wang Yi", "王毅", "FM Wang"}
    assert (actors["Pakistan"].type, actors["Pakistan"].country) == ("Country", None)


def test_the_file_is_opened_read_only_and_left_as_it_was(built, tmp_path, monkeypatch):
    before = (built.read_bytes(), built.stat().st_mtime_ns)
    opened = []
    real = sqlite3.connect

    def spy(database, *args, **kwargs):
        opened.append((database, kwargs.get("uri")))
        return real(database, *args, **kwargs)

    monkeypatch.setattr(dna3_reading.sqlite3, "connect", spy)
    assert len(read(built, TagSet.from_dict(project_tagset_data())).annotations) == 4
    assert opened == [(f"{built.resolve().as_uri()}?mode=ro", True)]
    assert (built.read_bytes(), built.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["built.dna"]


def dna_like(path: Path, version: str | None, drop: str | None = None) -> Path:
    """Build the DNA 3 file with another version (None: no SETTINGS) or a column gone."""
    build_dna3(path)
    with sqlite3.connect(path) as db:
        if version is None:
            db.execute("DROP TABLE SETTINGS")
        else:
            db.execute("UPDATE SETTINGS SET Value = ? WHERE Property = 'version'", [version])
        if drop is not None:
            db.execute(f"ALTER TABLE DOCUMENTS DROP COLUMN {drop}")
    db.close()
    return path


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (lambda p: p.write_text("not a database\n" * 100), "unreadable",
         "not a DNA database (SQLite says: file is not a database)"),
        (lambda p: p.write_bytes(b""), "unreadable", "not a DNA database (no SETTINGS table)"),
        (lambda p: dna_like(p, None), "unreadable", "not a DNA database (no SETTINGS table)"),
        (lambda p: dna_like(p, "2.0.23"), "unsupported type",
         "a DNA 2.0.23 database: open a new DNA 3 database, bring this one in with Document › "
         "Import from DNA database, and import that"),
        (lambda p: dna_like(p, "4.0.0"), "unsupported type",
         "a DNA 4.0.0 database: only DNA 3.x databases are known here"),
        (lambda p: dna_like(p, "3.2.0", drop="Section"), "unsupported type",
         "a DNA 3.2.0 database without DOCUMENTS.Section: not a DNA 3 schema known here"),
    ],
    ids=["text", "empty", "no settings", "dna 2", "dna 4", "other schema"],
)  # fmt: skip
def test_files_that_are_no_dna3_database_are_one_clear_problem(empty, tmp_path, make, code,
                                                                message):  # fmt: skip
    path = tmp_path / "project.dna"
    make(path)
    with pytest.raises(InputError) as refused:
        empty.import_paths([path])
    [problem] = refused.value.problems
    assert (problem.path, problem.message, problem.code, problem.skippable) == (
        str(path), message, code, False,
    )  # fmt: skip
    assert str(refused.value) == f"{path}: {message}"


def test_bad_offsets_name_the_document_and_statement(built):
    """Offsets past the end of the post, counted in UTF-16 units; lenient, the document is
    skipped whole and the others read."""
    with sqlite3.connect(built) as db:
        db.execute("UPDATE STATEMENTS SET Stop = 99999 WHERE ID = 4")
    db.close()
    result = read(built, TagSet.from_dict(project_tagset_data()))
    [problem] = result.problems
    assert (problem.path, problem.message, problem.code) == (
        f"{built} [document 2]",
        "statement 4: offsets 75-99999 are outside the document's text (130 UTF-16 units)",
        "bad offsets",
    )  # fmt: skip
    lenient = read(built, TagSet.from_dict(project_tagset_data()), lenient="1")
    assert lenient.problems == [] and lenient.skipped == 1
    assert [r.article.title for r in lenient.annotations] == [TITLES[0], TITLES[2]]
    assert [r.article.title for r in lenient.articles] == [TITLES[3]]
    assert lenient.warnings[0].message.startswith("skipped: statement 4: offsets 75-99999")


def test_a_date_out_of_range_is_a_problem_of_its_document(built):
    with sqlite3.connect(built) as db:
        db.execute("UPDATE DOCUMENTS SET Date = 99999999999999999 WHERE ID = 3")
    db.close()
    [problem] = read(built, TagSet.from_dict(project_tagset_data())).problems
    assert (problem.path, problem.message, problem.code) == (
        f"{built} [document 3]",
        "not a valid document: date 99999999999999999 is out of range",
        "bad shape",
    )  # fmt: skip


# -- the command line ------------------------------------------------------------------------


def test_cli_export_and_import(session, db_path, tmp_path, monkeypatch):
    """`export --format dna3 --option password=…` reports the writer's notes; `import` of the
    file brings the claim back."""
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    from annotator.__main__ import cli

    article_id = session.article_summaries()[0].id
    add(session, article_id, MarkKind.CLAIM, "discussed steps to enhance security",
        "CPEC security")  # fmt: skip
    out = tmp_path / "out.dna"
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "--format", "dna3", str(out), "--db", str(db_path)])
    assert result.exit_code != 0 and "--option password=" in result.output
    result = runner.invoke(cli, ["export", "--format", "dna3", "--option", "password=pw",
                                 str(out), "--db", str(db_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote 1 record(s) to {out}")
    assert "1 no stance" in result.stderr
    fresh = tmp_path / "fresh.db"
    result = runner.invoke(cli, ["import", str(out), "--db", str(fresh)])
    assert result.exit_code == 0, result.output
    project = Session.open(fresh, "zoe")
    [claim] = project.store.marks_for(article_id, "alice")
    assert (claim.text, claim.label, claim.stance) == (
        "discussed steps to enhance security", "CPEC security", "neutral",
    )  # fmt: skip
    project.close()
