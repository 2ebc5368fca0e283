"""Time windows: DNA's moving-window rule over calendar units and over events."""

from __future__ import annotations

from datetime import date

import pytest

from annotator.analysis.networks import NetworkOptions, networks
from annotator.analysis.windows import half_width, shift
from tests.analysis.sample import BASE, assert_network, st


def windows(time_window, size, statements=BASE, **options):
    return networks(
        statements,
        NetworkOptions(network_type="twomode", time_window=time_window, window_size=size,
                       **options),
    )


def spans(nets):
    return [(n.start, n.stop, n.middle, n.statements) for n in nets]


def test_half_width_is_javas_rounding():
    """a = round((size − 1) / 2), half up: sizes 1..5 → 0, 1, 1, 2, 2."""
    assert [half_width(n) for n in range(1, 6)] == [0, 1, 1, 2, 2]


def test_shift_clamps_the_day_as_java_does():
    """plusMonths/plusYears keep the day unless the month is shorter."""
    assert shift(date(2020, 1, 31), "months", 1) == date(2020, 2, 29)
    assert shift(date(2020, 3, 31), "months", -1) == date(2020, 2, 29)
    assert shift(date(2020, 2, 29), "years", 1) == date(2021, 2, 28)
    assert shift(date(2020, 12, 15), "months", 2) == date(2021, 2, 15)
    assert shift(date(2020, 1, 1), "weeks", -1) == date(2019, 12, 25)


def test_one_day_windows():
    """Size 1: a window per day of the range 2020-01-06..08, each with that day's statements."""
    nets = windows("days", 1)
    assert spans(nets) == [
        ("2020-01-06", "2020-01-06", "2020-01-06", 2),
        ("2020-01-07", "2020-01-07", "2020-01-07", 2),
        ("2020-01-08", "2020-01-08", "2020-01-08", 3),
    ]
    # Each window has its own nodes unless isolates are asked for.
    assert_network(nets[0], ["Alpha"], [[2]], ["T1"])
    assert_network(nets[1], ["Beta"], [[1, 1]], ["T1", "T2"])


@pytest.mark.parametrize("size", [2, 3])
def test_only_windows_inside_the_range(size):
    """Sizes 2 and 3 both reach a = 1 day each side (DNA's rounding: size 2 spans three days),
    so only the window around the 7th fits in 6..8; it holds all seven statements."""
    assert spans(windows("days", size)) == [("2020-01-06", "2020-01-08", "2020-01-07", 7)]


def test_isolates_give_every_window_the_same_nodes():
    """With isolates each window has every actor and topic of the originals."""
    nets = windows("days", 1, isolates=True)
    assert_network(nets[0], ["Alpha", "Beta", "Gamma"], [[2, 0], [0, 0], [0, 0]], ["T1", "T2"])


def test_month_windows_drift_with_clamped_days():
    """From 31 January the middle moves to 29 February, then 29 March (Java adds a month to
    the clamped day), so a statement on 31 March falls in no one-month window."""
    statements = [
        st("j", "m1", "2020-01-31", "A", "T1", "support"),
        st("f", "m2", "2020-02-29", "A", "T1", "support"),
        st("m", "m3", "2020-03-31", "A", "T1", "support"),
    ]
    assert spans(windows("months", 1, statements)) == [
        ("2020-01-31", "2020-01-31", "2020-01-31", 1),
        ("2020-02-29", "2020-02-29", "2020-02-29", 1),
        ("2020-03-29", "2020-03-29", "2020-03-29", 0),
    ]


def test_week_and_year_windows():
    """Weeks move by seven days; a range shorter than a window makes none."""
    statements = [
        st("a", "w1", "2020-01-01", "A", "T1", "support"),
        st("b", "w2", "2020-01-10", "B", "T1", "support"),
        st("c", "w3", "2020-01-15", "C", "T1", "support"),
    ]
    assert spans(windows("weeks", 1, statements)) == [
        ("2020-01-01", "2020-01-01", "2020-01-01", 1),
        ("2020-01-08", "2020-01-08", "2020-01-08", 0),
        ("2020-01-15", "2020-01-15", "2020-01-15", 1),
    ]
    # Size 3: one week each side: 1st..15th fits around the 8th only.
    assert spans(windows("weeks", 3, statements)) == [
        ("2020-01-01", "2020-01-15", "2020-01-08", 3)
    ]
    assert windows("years", 3, statements) == []


def test_event_windows():
    """Size 3: the statement before and after each one that has both (s2..s6 in the middle);
    size 4 rounds to two each side, like DNA (five statements per window)."""
    nets = windows("events", 3)
    assert [n.statements for n in nets] == [3, 3, 3, 3, 3]
    assert spans(nets)[0] == ("2020-01-06", "2020-01-07", "2020-01-06", 3)  # s1 s2 | s3
    assert spans(nets)[-1] == ("2020-01-08", "2020-01-08", "2020-01-08", 3)  # s5 s6 s7
    assert_network(nets[1], ["Alpha", "Beta"], [[1, 0], [1, 1]], ["T1", "T2"])  # s2 s3 s4
    assert [n.statements for n in windows("events", 4)] == [5, 5, 5]


def test_undated_statements_are_in_no_window():
    """A window is a span of days: a statement without a date has none."""
    undated = st("u", "d9", None, "D", "T1", "support")
    nets = windows("days", 3, [*BASE, undated])
    assert nets[0].statements == 7 and "D" not in {n.id for n in nets[0].rows}


@pytest.mark.parametrize(
    ("aggregation", "normalization"),
    [("ignore", "jaccard"), ("congruence", "no"), ("conflict", "average"), ("subtract", "no")],
)
def test_a_window_without_statements_is_an_empty_one_mode_network(aggregation, normalization):
    """A gap in the dates: the window between is an empty matrix, whatever the aggregation."""
    gapped = (
        st("s1", "d1", "2020-01-06", "A", "T1", "support"),
        st("s2", "d2", "2020-01-10", "B", "T1", "oppose"),
    )
    nets = networks(
        gapped,
        NetworkOptions(
            qualifier_aggregation=aggregation,
            normalization=normalization,
            time_window="days",
            window_size=1,
        ),
    )
    assert [n.statements for n in nets] == [1, 0, 0, 0, 1]
    assert nets[1].rows == () and nets[1].matrix.shape == (0, 0)
