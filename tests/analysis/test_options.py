"""Options: DNA's names and values; combinations without a meaning are refused, said why."""

from __future__ import annotations

import pytest

from annotator.analysis.networks import NetworkOptionError, NetworkOptions, network, networks
from tests.analysis.sample import BASE


def test_defaults_are_dnas():
    """One-mode actor × actor through topics, no qualifier aggregation, nothing dropped."""
    options = NetworkOptions()
    assert (options.network_type, options.variable1, options.variable2) == (
        "onemode", "actor", "topic",
    )
    assert (options.qualifier_aggregation, options.normalization, options.duplicates) == (
        "ignore", "no", "include",
    )
    assert options.time_window == "no" and not options.isolates


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"qualifier_aggregation": "combine"}, "does not apply to a onemode"),
        ({"network_type": "twomode", "qualifier_aggregation": "congruence"}, "twomode"),
        ({"normalization": "activity"}, "normalization 'activity'"),
        ({"network_type": "twomode", "normalization": "jaccard"}, "normalization 'jaccard'"),
        ({"network_type": "twomode", "qualifier_aggregation": "combine",
          "normalization": "activity"}, "cannot be normalized"),
        ({"qualifier": None, "qualifier_aggregation": "congruence"}, "needs the stance"),
        ({"network_type": "eventlist", "time_window": "days"}, "no time windows"),
        ({"network_type": "eventlist", "qualifier_aggregation": "congruence"}, "eventlist"),
        ({"time_window": "hours"}, "no time window 'hours'"),
        ({"time_window": "days", "window_size": 0}, "window size 0"),
        ({"duplicates": "day"}, "no duplicates setting"),
        ({"start": "2020-13-01"}, "not a YYYY-MM-DD"),
        ({"start": "2020-02-01", "stop": "2020-01-01"}, "is after stop"),
        ({"variable1": "topic"}, "one each"),
        ({"network_type": "speaker-target", "variable1": "topic", "variable2": "actor"},
         "fixed variables"),
        ({"network_type": "star"}, "no network type"),
    ],
)
def test_bad_combinations_are_refused(options, message):
    """Every option that means nothing with the others raises, naming the choices."""
    with pytest.raises(NetworkOptionError, match=message):
        NetworkOptions(**options)


def test_filters_accept_any_iterable():
    """Tuples and lists become frozen sets, so options stay hashable and comparable."""
    options = NetworkOptions(actor_types=["Person", "Person"], topics=("T1",))
    assert options.actor_types == frozenset({"Person"}) and hash(options)


def test_entry_points_check_the_kind_of_result():
    """network() is one network, networks() the windows, event_list() the event list."""
    with pytest.raises(NetworkOptionError):
        network(BASE, NetworkOptions(time_window="days", window_size=1))
    with pytest.raises(NetworkOptionError):
        networks(BASE, NetworkOptions(network_type="eventlist"))
