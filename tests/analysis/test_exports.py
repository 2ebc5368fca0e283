"""Network files parsed back: GraphML and GEXF with networkx, DL and CSV as exact text."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import networkx as nx
import pytest

from annotator.analysis import exports
from annotator.analysis.networks import NetworkOptions, event_list, network
from tests.analysis.sample import BASE, st


def written(writer, net) -> str:
    out = io.StringIO()
    writer(net, out)
    return out.getvalue()


def test_graphml_two_mode_parsed_back():
    """Nodes keep their attributes, edges their counts; the options ride on the graph."""
    net = network(BASE, NetworkOptions(network_type="twomode"))
    g = nx.read_graphml(io.BytesIO(written(exports.write_network_graphml, net).encode()))
    assert list(g.nodes) == ["A", "B", "C", "topic:T1", "topic:T2"]
    assert g.nodes["B"] == {
        "label": "Beta", "name": "Beta", "kind": "actor", "type": "Party", "country": "",
        "frequency": 2, "bipartite": 0,
    }
    assert g.nodes["topic:T2"]["bipartite"] == 1 and g.nodes["topic:T2"]["frequency"] == 3
    assert {(u, v): d["weight"] for u, v, d in g.edges(data=True)} == {
        ("A", "topic:T1"): 2, ("B", "topic:T1"): 1, ("B", "topic:T2"): 1,
        ("C", "topic:T1"): 1, ("C", "topic:T2"): 2,
    }
    assert g.graph["network_type"] == "twomode" and g.graph["statements"] == 7
    assert (g.graph["start"], g.graph["stop"]) == ("2020-01-06", "2020-01-08")


def test_graphml_one_mode_normalized_and_combine_mapping():
    """One-mode edges appear once per pair with float weights; combine's map is on the graph."""
    net = network(BASE, NetworkOptions(qualifier_aggregation="conflict", normalization="average"))
    g = nx.read_graphml(io.BytesIO(written(exports.write_network_graphml, net).encode()))
    assert not g.is_directed()
    assert {frozenset((u, v)): d["weight"] for u, v, d in g.edges(data=True)} == {
        frozenset("AB"): 1.0, frozenset("BC"): 0.5,
    }
    combine = network(BASE, NetworkOptions(network_type="twomode",
                                           qualifier_aggregation="combine"))
    g = nx.read_graphml(io.BytesIO(written(exports.write_network_graphml, combine).encode()))
    assert g.graph["combinations"] == "1=support; 2=neutral; 4=oppose"
    assert g.edges["B", "topic:T1"]["weight"] == 4


def test_gexf_speaker_target_is_directed():
    """GEXF keeps the direction: Gamma → Alpha, not Alpha → Gamma."""
    net = network(BASE, NetworkOptions(network_type="speaker-target"))
    g = nx.read_gexf(io.BytesIO(written(exports.write_gexf, net).encode()))
    assert g.is_directed()
    assert set(g.edges) == {("C", "A"), ("C", "B")}
    assert g.edges["C", "A"]["weight"] == 1
    assert g.nodes["C"]["label"] == "Gamma" and g.nodes["C"]["type"] == "Person"


def test_dl_exact_text():
    """Counts as whole numbers; one-mode with n=, two-mode with nr= and nc=."""
    assert written(exports.write_network_dl, network(BASE, NetworkOptions())) == (
        "dl n=3\nformat=fullmatrix\nlabels embedded\ndata:\n"
        '"Alpha" "Beta" "Gamma"\n'
        '"Alpha" 0 2 2\n"Beta" 2 0 3\n"Gamma" 2 3 0\n'
    )
    two = network(BASE, NetworkOptions(network_type="twomode", normalization="activity"))
    assert written(exports.write_network_dl, two) == (
        "dl nr=3 nc=2\nformat=fullmatrix\nrow labels embedded\ncolumn labels embedded\n"
        'data:\n"T1" "T2"\n'
        '"Alpha" 1.000000 0.000000\n"Beta" 0.500000 0.500000\n"Gamma" 0.333333 0.666667\n'
    )


def test_csv_edge_list_and_matrix_exact_text():
    """The edge list has each one-mode pair once; the matrix every cell."""
    net = network(BASE, NetworkOptions(qualifier_aggregation="subtract"))
    assert written(exports.write_edge_list, net) == (
        "source,target,weight,source_id,target_id\nAlpha,Beta,-2.000000,A,B\n"
    )
    assert written(exports.write_matrix, net) == (
        ",Alpha,Beta,Gamma\n"
        "Alpha,0.000000,-2.000000,0.000000\n"
        "Beta,-2.000000,0.000000,0.000000\n"
        "Gamma,0.000000,0.000000,0.000000\n"
    )


def test_shared_names_get_numbered_labels():
    """Two actors named alike keep apart in DL and matrix labels (ids stay in graphs)."""
    twin = replace(st("t", "d9", "2020-01-09", "A", "T1", "support"), speaker="A2")
    net = network([*BASE, twin], NetworkOptions(network_type="twomode"))
    text = written(exports.write_matrix, net)
    assert text.splitlines()[1:3] == ["Alpha,2,0", "Alpha (2),1,0"]


def test_event_list_csv():
    """One row per filtered statement with the DNA export's statement columns."""
    events = event_list(BASE, NetworkOptions(network_type="eventlist"))
    out = io.StringIO()
    assert exports.write_event_list(events, out) == 7
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == exports.EVENT_COLUMNS
    assert rows[4] == {
        "statement_id": "s5", "article_id": "d3", "article_title": "Article d3",
        "date": "2020-01-08", "coder": "alice", "speaker": "Gamma", "speaker_id": "C",
        "speaker_type": "Person", "speaker_country": "", "target": "Alpha", "target_id": "A",
        "topic": "T2", "stance": "support", "form": "", "start": "0", "end": "5",
        "text": "claim s5",
    }
    assert rows[5]["stance"] == ""


@pytest.mark.parametrize("name", sorted(exports.FORMATS))
def test_every_format_writes_an_empty_network(name):
    """A network of no statements is still a valid (empty) file."""
    _, writer = exports.FORMATS[name]
    assert written(writer, network([], NetworkOptions())) != ""


def test_format_names_have_one_home():
    """The command line's choices (options.FILE_FORMATS) are exactly the writers'."""
    from annotator.analysis.options import FILE_FORMATS

    assert tuple(exports.FORMATS) == FILE_FORMATS
