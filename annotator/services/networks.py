"""A project's discourse networks: its claims as statements, and the network files.

Session-independent: given a store, the statements of one coder, of gold, or of every coder
(one query over the claims, no article text read). The networks themselves are computed
by ``annotator.analysis`` (pure); writing a file here replaces it only once complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from annotator.analysis.distance import CoderDistance
from annotator.analysis.exports import FORMATS, write_event_list
from annotator.analysis.networks import Network
from annotator.analysis.statements import Statement, StatementSet, statements_from_rows
from annotator.core.errors import ValidationError
from annotator.core.model import GOLD_ANNOTATOR
from annotator.core.renderers import Column, Table
from annotator.formats.base import atomic_text_file
from annotator.storage import Store


def project_statements(
    store: Store,
    coders: Sequence[str] | None = None,
    start: str | None = None,
    stop: str | None = None,
) -> StatementSet:
    """Return the statements of some coders' claims; None: every coder's, gold left out.

    Gold is the adjudicated layer, not a coder: it is read only when named (``"gold"``).
    An unknown coder is an error, not an empty network.
    """
    # The coders with marks, from the statistics' tallies (a few rows, not a scan).
    marked = [c for c in store.coders_with_marks() if c != GOLD_ANNOTATOR]
    chosen = list(dict.fromkeys(coders)) if coders is not None else marked
    for name in chosen:
        if name in marked or (name == GOLD_ANNOTATOR and store.has_marks_by(name)):
            continue
        known = store.coders_of()
        if name not in known:
            listed = ", ".join(known) or "none yet"
            raise ValidationError(f"no coder {name!r} has coded in this project (coders: {listed})")
    if not chosen:
        return StatementSet((), 0, ())
    rows, drafts = store.claim_rows(chosen, start, stop)
    found = statements_from_rows(rows, drafts)
    return StatementSet(found.statements, found.drafts, tuple(chosen))


def write_networks(networks: Sequence[Network], path: Path, format_name: str) -> list[Path]:
    """Write one network to a file, or several (time windows) into a new or empty folder,
    one file per window named by its number and middle date; return the files written."""
    extension = FORMATS[format_name][0]
    if len(networks) == 1 and networks[0].middle is None:
        targets = [path]
    else:
        _check_folder(path)
        width = len(str(len(networks)))
        targets = [
            path / f"{i:0{width}d}-{net.middle}{extension}" for i, net in enumerate(networks, 1)
        ]
        path.mkdir(parents=True, exist_ok=True)
    for net, target in zip(networks, targets, strict=True):
        write_network(net, target, format_name)
    return targets


def write_network(network: Network, path: Path, format_name: str) -> Path:
    """Write one network (a time window's too) to one file; return the file."""
    with atomic_text_file(path) as out:
        FORMATS[format_name][1](network, out)
    return path


def write_event_list_file(statements: Iterable[Statement], path: Path) -> int:
    """Write the event list CSV to a file; return its rows."""
    with atomic_text_file(path) as out:
        return write_event_list(statements, out)


def _check_folder(path: Path) -> None:
    """Refuse a time windows' folder that is a file or holds files of an earlier run."""
    if path.exists() and not path.is_dir():
        raise ValidationError(f"{path} is a file; time windows write a folder: give a folder")
    if path.is_dir() and any(path.iterdir()):
        raise ValidationError(
            f"{path} is not empty; give a new or empty folder, so that no window of an older "
            "run is mixed in"
        )


def distance_table(rows: Sequence[CoderDistance], network_type: str) -> Table:
    """Return coder distances as a table: a row per pair of coders."""
    return Table(
        title=f"How much the {network_type} network differs between coders",
        columns=(
            Column("coder_a", "coder", width=12, grow=True),
            Column("coder_b", "other", width=12, grow=True),
            Column("nodes", kind="count", width=5),
            Column("edges_a", "edges", kind="count", width=5),
            Column("edges_b", "other's", kind="count", width=7),
            Column("shared_edges", "shared", kind="count", width=6),
            Column("jaccard", kind="statistic", width=7),
            Column("pearson", kind="statistic", width=7),
        ),
        rows=[
            (
                r.coder_a,
                r.coder_b,
                r.distance.nodes,
                r.distance.edges_a,
                r.distance.edges_b,
                r.distance.shared_edges,
                _statistic(r.distance.jaccard),
                _statistic(r.distance.pearson),
            )
            for r in rows
        ],
        note=(
            "jaccard: shared edges / edges of either; pearson: correlation of the weights over "
            "every pair of the nodes of both. n/a: no edge, or weights that do not vary."
        ),
    )


def _statistic(value: float | None) -> float:
    return float("nan") if value is None else value  # NaN: the tables' "n/a"
