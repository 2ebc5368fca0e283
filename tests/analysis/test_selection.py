"""Which statements count: date range, filters, isolates, duplicates, the event list."""

from __future__ import annotations

import pytest

from annotator.analysis.networks import NetworkOptions, event_list, network, select_statements
from annotator.core.errors import ValidationError
from tests.analysis.sample import BASE, assert_network, st

# Alpha on T1 again and again (ISO weeks in brackets):
#   e1, e2  article x1  2019-01-10 (2019-W02)  support  (e2 repeats e1 in the same article)
#   e3      article x2  2019-01-14 (2019-W03)  support
#   e4      article x3  2019-02-03 (2019-W05)  support
#   e5      article x4  2020-01-15 (2020-W03)  support  (January and week 3 again, a year on)
#   e6      article x5  2020-01-16 (2020-W03)  oppose
REPEATS = (
    st("e1", "x1", "2019-01-10", "A", "T1", "support", 0),
    st("e2", "x1", "2019-01-10", "A", "T1", "support", 10),
    st("e3", "x2", "2019-01-14", "A", "T1", "support"),
    st("e4", "x3", "2019-02-03", "A", "T1", "support"),
    st("e5", "x4", "2020-01-15", "A", "T1", "support"),
    st("e6", "x5", "2020-01-16", "A", "T1", "oppose"),
)


def kept(duplicates, aggregation="ignore", network_type="twomode"):
    options = NetworkOptions(
        network_type=network_type, duplicates=duplicates, qualifier_aggregation=aggregation
    )
    return [s.id for s in select_statements(REPEATS, options).filtered]


@pytest.mark.parametrize(
    ("duplicates", "expected"),
    [
        ("include", ["e1", "e2", "e3", "e4", "e5", "e6"]),
        # e2 repeats e1 in article x1; e6 differs from e5 only in stance, which "ignore"
        # does not compare, but it is in another article
        ("document", ["e1", "e3", "e4", "e5", "e6"]),
        # e2 in e1's week; e6 in e5's week (2020-W03)
        ("week", ["e1", "e3", "e4", "e5"]),
        # January 2019: e1; February 2019: e4; January 2020: e5
        ("month", ["e1", "e4", "e5"]),
        ("year", ["e1", "e5"]),
        ("acrossrange", ["e1"]),
    ],
)
def test_duplicates_ignoring_the_stance(duplicates, expected):
    """A statement repeating a kept one (actor, topic) in the same period is dropped."""
    assert kept(duplicates) == expected


@pytest.mark.parametrize(
    ("duplicates", "expected"),
    [
        ("week", ["e1", "e3", "e4", "e5", "e6"]),  # e6 opposes: not a repeat of e5
        ("acrossrange", ["e1", "e6"]),
    ],
)
def test_duplicates_compare_the_stance_when_it_is_used(duplicates, expected):
    """With an aggregation that uses the stance, a different stance is another statement."""
    assert kept(duplicates, "subtract") == expected


def test_week_and_month_include_the_year_unlike_dna():
    """DNA compares only the week number and only the month number, so to DNA e5 (2020-W03)
    repeats e3 (2019-W03) and e5 (January 2020) repeats e1 (January 2019): DNA keeps
    e1, e3, e4 for "week" and e1, e4 for "month". We compare the year too."""
    assert kept("week") == ["e1", "e3", "e4", "e5"]
    assert kept("month") == ["e1", "e4", "e5"]


def test_duplicates_change_the_weights():
    """Alpha × T1 counts 6 statements, 1 per document-repeat removed, 1 across the range."""
    for duplicates, weight in [("include", 6), ("document", 5), ("acrossrange", 1)]:
        options = NetworkOptions(network_type="twomode", duplicates=duplicates)
        assert network(REPEATS, options).weight("A", "T1") == weight


def test_sorted_by_date_then_article_then_offset():
    """Statements are taken in DNA's order whatever order they come in."""
    shuffled = [BASE[6], BASE[2], BASE[0], BASE[5], BASE[1], BASE[4], BASE[3]]
    order = [s.id for s in select_statements(shuffled, NetworkOptions()).originals]
    assert order == ["s1", "s2", "s3", "s4", "s5", "s6", "s7"]


def test_date_range():
    """start/stop keep statements dated within both bounds; the undated then drop."""
    undated = st("u", "d9", None, "D", "T1", "support")
    options = NetworkOptions(network_type="twomode", start="2020-01-07", stop="2020-01-07")
    net = network([*BASE, undated], options)
    assert_network(net, ["Beta"], [[1, 1]], ["T1", "T2"])
    assert (net.start, net.stop) == ("2020-01-07", "2020-01-07")
    # Without a range, undated statements count, and the range is the dated ones' dates.
    net = network([*BASE, undated], NetworkOptions(network_type="twomode"))
    assert net.weight("D", "T1") == 1 and (net.start, net.stop) == ("2020-01-06", "2020-01-08")


def test_filters_and_isolates():
    """actor_types and topics filter statements; isolates keep their nodes as zero rows."""
    people = NetworkOptions(actor_types={"Person"})
    # Alpha and Gamma share T1 (2 · 1) once Beta is filtered out.
    assert_network(network(BASE, people), ["Alpha", "Gamma"], [[0, 2], [2, 0]])
    isolates = NetworkOptions(actor_types={"Person"}, isolates=True)
    assert_network(network(BASE, isolates), ["Alpha", "Beta", "Gamma"],
                   [[0, 0, 2], [0, 0, 0], [2, 0, 0]])
    t2 = NetworkOptions(network_type="twomode", topics={"T2"})
    assert_network(network(BASE, t2), ["Beta", "Gamma"], [[1], [2]], ["T2"])
    t2_isolates = NetworkOptions(network_type="twomode", topics={"T2"}, isolates=True)
    assert_network(network(BASE, t2_isolates), ["Alpha", "Beta", "Gamma"],
                   [[0, 0], [0, 1], [0, 2]], ["T1", "T2"])


def test_coders_choose_whose_statements_exist():
    """Another coder's statements are not isolates: they are not there at all."""
    bob = st("b1", "d1", "2020-01-06", "D", "T1", "support", coder="bob")
    options = NetworkOptions(coders={"alice"}, isolates=True)
    net = network([*BASE, bob], options)
    assert [n.id for n in net.rows] == ["A", "B", "C"]
    assert network([*BASE, bob], NetworkOptions()).weight("A", "D") == 2


def test_isolates_drop_statements_lacking_a_value_but_keep_their_nodes():
    """With subtract, Gamma's T1 claim without a stance drops; its cell is 0, its row stays."""
    options = NetworkOptions(network_type="twomode", qualifier_aggregation="subtract",
                             isolates=True, topics={"T1"})
    net = network(BASE, options)
    assert_network(net, ["Alpha", "Beta", "Gamma"], [[2, 0], [-1, 0], [0, 0]], ["T1", "T2"])


def test_unknown_stance_is_refused():
    """A stance outside support/neutral/oppose has no qualifier: said, not guessed."""
    odd = st("o", "d", "2020-01-01", "A", "T1", "ambivalent")
    with pytest.raises(ValidationError, match="ambivalent"):
        network([odd], NetworkOptions())
    # Without the qualifier the stance does not matter.
    assert network([odd], NetworkOptions(network_type="twomode", qualifier=None)).statements == 1


def test_event_list_is_the_filtered_statements_in_order():
    """One row per statement; the event list keeps statements without a stance or target,
    and drops duplicates as networks do (actor and topic, within the document here)."""
    options = NetworkOptions(network_type="eventlist", duplicates="document")
    events = event_list([*reversed(BASE)], options)
    # s2 repeats s1 (Alpha, T1) in d1; s7 repeats s5 (Gamma, T2) in d3
    assert [s.id for s in events] == ["s1", "s3", "s4", "s5", "s6"]
    assert [s.id for s in event_list(REPEATS, NetworkOptions(network_type="eventlist",
                                                              duplicates="acrossrange",
                                                              qualifier_aggregation="subtract"))
            ] == ["e1", "e6"]
