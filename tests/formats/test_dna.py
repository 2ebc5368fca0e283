"""DNA export: statements CSV rows, GraphML re-read by networkx, UCINET DL parsed back."""

from __future__ import annotations

import csv
import shlex

import networkx as nx
import pytest

from annotator.core.model import MarkKind
from annotator.formats import dna, registry
from tests.conftest import add


def claim(session, article_id, needle, topic, speaker, stance, after=0, **changes):
    """Mark a claim and set its speaker and stance; return the stored mark."""
    mark = add(session, article_id, MarkKind.CLAIM, needle, topic, after=after)
    changes = {"speaker_id": speaker.actor_id if speaker else None, "stance": stance, **changes}
    return session.update_mark(mark.with_changes(**changes)).mark


@pytest.fixture
def coded(session):
    """Code claims of Wang, Gen Hayat and India (alice) and one of Wang (bob)."""
    a0 = session.article_summaries()[0].id
    text = session.article(a0).text
    p = text.index("During his meeting with Gen Hayat, Wang said")
    india = add(session, a0, MarkKind.ACTOR, "India", "Country")
    hayat = add(session, a0, MarkKind.ACTOR, "Gen Hayat", "Military/Security", after=p)
    wang = add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=p)
    pakistan = add(session, a0, MarkKind.ACTOR, "Pakistan", "Country", after=p)
    c_india = claim(
        session, a0, "conveyed its protest to China as the CPEC traversed", "Economic cooperation",
        india, "oppose", form="reported speech",
    )
    c_friend = claim(
        session, a0, "Pakistan is the only all-weather strategic cooperative partner of China",
        "Bilateral friendship", wang, "support", after=p, target_id=pakistan.actor_id,
        form="reported speech",
    )
    c_wang = claim(
        session, a0, "make solid progress on the construction of the CPEC",
        "Economic cooperation", wang, "support",
    )
    draft = claim(session, a0, "He commended the vigorous momentum", "Bilateral friendship",
                  None, None)
    c_hayat = claim(
        session, a0, "Pakistan firmly supports the joint construction of the BRI",
        "Economic cooperation", hayat, "support",
    )
    session.set_annotator("bob")
    bob_wang = add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=p)
    c_bob = claim(
        session, a0, "make solid progress on the construction of the CPEC",
        "Economic cooperation", bob_wang, "support",
    )
    session.set_annotator("alice")
    return {
        "session": session, "a0": a0, "india": india, "hayat": hayat, "wang": wang,
        "pakistan": pakistan, "claims": [c_india, c_friend, c_wang, c_hayat, c_bob],
        "draft": draft,
    }


@pytest.fixture
def out(coded, tmp_path):
    """Export the coded project to a folder; return the folder."""
    folder = tmp_path / "dna"
    assert coded["session"].export_file(folder, "dna") == 2
    return folder


def read_dl(path):
    """Parse a UCINET DL full matrix with embedded labels: (rows, columns, {(r, c): value})."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = dict(item.split("=") for item in lines[0].split()[1:])
    data = lines.index("data:")
    assert "format=fullmatrix" in lines[:data]
    columns = shlex.split(lines[data + 1])
    rows, values = [], {}
    for line in lines[data + 2 :]:
        label, *cells = shlex.split(line)
        assert len(cells) == len(columns)
        rows.append(label)
        values.update({(label, c): int(v) for c, v in zip(columns, cells, strict=True)})
    if "n" in header:
        assert int(header["n"]) == len(rows) == len(columns) and rows == columns
    else:
        assert (int(header["nr"]), int(header["nc"])) == (len(rows), len(columns))
    return rows, columns, values


def test_registered_as_write_only_folder():
    """The format is found by name, writes a folder and reads nothing."""
    fmt = registry.get("dna")
    assert fmt.folder and fmt.read is None and fmt.write is not None
    assert fmt.extensions == (".csv",)


def test_folder_contents(out):
    """The folder holds the statements and both networks, and no partial files."""
    assert sorted(p.name for p in out.iterdir()) == [
        "actor-actor-conflict.dl", "actor-actor-congruence.dl", "actor-actor.graphml",
        "actor-topic.dl", "actor-topic.graphml", "statements.csv",
    ]


def test_statement_rows(out, coded):
    """One row per claim with a speaker, by article, coder, then start; drafts skipped."""
    with (out / "statements.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == dna.COLUMNS
    session, a0 = coded["session"], coded["a0"]
    article = session.article(a0)
    c_india, c_friend, c_wang, c_hayat, c_bob = coded["claims"]
    assert [r["statement_id"] for r in rows] == [c.id for c in coded["claims"]]
    assert coded["draft"].id not in {r["statement_id"] for r in rows}
    assert [r["coder"] for r in rows] == ["alice"] * 4 + ["bob"]
    assert rows[1] == {
        "statement_id": c_friend.id, "article_id": a0, "article_title": article.title,
        "date": "2019-07-30", "coder": "alice", "speaker": "Wang",
        "speaker_id": coded["wang"].actor_id, "speaker_type": "Person", "speaker_country": "",
        "target": "Pakistan", "target_id": coded["pakistan"].actor_id,
        "topic": "Bilateral friendship", "stance": "support", "form": "reported speech",
        "start": str(c_friend.start), "end": str(c_friend.end),
        "text": "Pakistan is the only all-weather strategic cooperative partner of China",
    }
    assert [(r["speaker"], r["topic"], r["stance"]) for r in rows] == [
        ("India", "Economic cooperation", "oppose"),
        ("Wang", "Bilateral friendship", "support"),
        ("Wang", "Economic cooperation", "support"),
        ("Gen Hayat", "Economic cooperation", "support"),
        ("Wang", "Economic cooperation", "support"),
    ]
    assert rows[0]["target"] == "" and rows[0]["speaker_type"] == "Country"


def test_two_mode_graphml(out, coded):
    """Actor × topic: statements per edge, agree/disagree counts and signed weight."""
    g = nx.read_graphml(out / "actor-topic.graphml")
    india, hayat, wang = (coded[k].actor_id for k in ("india", "hayat", "wang"))
    assert list(g.nodes) == [
        hayat, india, wang, "topic:Economic cooperation", "topic:Bilateral friendship",
    ]
    assert g.nodes[wang] == {
        "label": "Wang", "name": "Wang", "kind": "actor", "type": "Person", "country": "",
        "bipartite": 0,
    }
    assert g.nodes["topic:Economic cooperation"]["kind"] == "topic"
    assert g.nodes["topic:Economic cooperation"]["bipartite"] == 1
    econ = "topic:Economic cooperation"
    assert g.edges[wang, econ] == {
        "weight": 2, "agree": 2, "disagree": 0, "neutral": 0, "signed": 2,
    }
    assert g.edges[india, econ] == {
        "weight": 1, "agree": 0, "disagree": 1, "neutral": 0, "signed": -1,
    }
    assert g.edges[wang, "topic:Bilateral friendship"]["weight"] == 1
    assert g.edges[hayat, econ]["agree"] == 1
    assert g.number_of_edges() == 4
    assert {k: g.graph[k] for k in ("coders", "statements", "drafts_skipped")} == {
        "coders": "alice,bob", "statements": 5, "drafts_skipped": 1,
    }


def test_one_mode_graphml(out, coded):
    """Actor × actor: congruence on shared stances, conflict on opposite ones."""
    g = nx.read_graphml(out / "actor-actor.graphml")
    india, hayat, wang = (coded[k].actor_id for k in ("india", "hayat", "wang"))
    assert list(g.nodes) == [hayat, india, wang]
    assert g.edges[hayat, wang] == {"weight": 1, "congruence": 1, "conflict": 0, "signed": 1}
    assert g.edges[india, wang] == {"weight": 1, "congruence": 0, "conflict": 1, "signed": -1}
    assert g.edges[hayat, india]["conflict"] == 1
    assert g.number_of_edges() == 3


def test_dl_matrices(out):
    """The DL files parse back to the same counts, labelled by actor names and topics."""
    rows, columns, values = read_dl(out / "actor-topic.dl")
    assert rows == ["Gen Hayat", "India", "Wang"]
    assert columns == ["Economic cooperation", "Bilateral friendship"]
    assert values == {
        ("Gen Hayat", "Economic cooperation"): 1, ("Gen Hayat", "Bilateral friendship"): 0,
        ("India", "Economic cooperation"): 1, ("India", "Bilateral friendship"): 0,
        ("Wang", "Economic cooperation"): 2, ("Wang", "Bilateral friendship"): 1,
    }
    rows, _, congruence = read_dl(out / "actor-actor-congruence.dl")
    assert rows == ["Gen Hayat", "India", "Wang"]
    assert {k: v for k, v in congruence.items() if v} == {
        ("Gen Hayat", "Wang"): 1, ("Wang", "Gen Hayat"): 1,
    }
    _, _, conflict = read_dl(out / "actor-actor-conflict.dl")
    assert {k: v for k, v in conflict.items() if v} == {
        ("Gen Hayat", "India"): 1, ("India", "Gen Hayat"): 1,
        ("India", "Wang"): 1, ("Wang", "India"): 1,
    }


def test_export_is_deterministic(coded, tmp_path):
    """Two exports give byte-identical files."""
    one, two = tmp_path / "one", tmp_path / "two"
    coded["session"].export_file(one, "dna")
    coded["session"].export_file(two, "dna")
    for path in one.iterdir():
        assert path.read_bytes() == (two / path.name).read_bytes()


def test_agreement_counts_ambivalence_like_dna():
    """An actor on both sides of a topic adds to congruence and conflict alike."""
    both = {"t": {"support", "oppose"}}
    assert dna.agreement(both, {"t": {"support"}}) == (1, 1)
    assert dna.agreement(both, both) == (2, 2)
    assert dna.agreement({"t": {"support"}}, {"u": {"oppose"}}) == (0, 0)


def test_dl_labels_are_quoted_and_unique():
    """Names with quotes, spaces or duplicates still give one parseable label per row."""
    assert dna.dl_label('The "Iron" Brother\n') == "\"The 'Iron' Brother\""
    assert dna.unique_labels(["A", "B", "A"]) == ["A", "B", "A (2)"]


def test_uncoded_project_gives_empty_networks(session, tmp_path):
    """With nothing coded, the files exist with headers and empty graphs."""
    folder = tmp_path / "empty"
    assert session.export_file(folder, "dna") == 0
    assert (folder / "statements.csv").read_text(encoding="utf-8").startswith("statement_id,")
    assert nx.read_graphml(folder / "actor-actor.graphml").number_of_nodes() == 0
    assert read_dl(folder / "actor-topic.dl")[:2] == ([], [])
