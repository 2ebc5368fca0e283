"""Discourse Network Analyzer-style statements and networks (a folder). Write only.

The output path is a folder (created if missing; these files in it are replaced):

- ``statements.csv``: one row per claim that has a speaker, in export order (articles in list
  order, each coder's claims by start offset). Columns: ``statement_id`` (the mark id),
  ``article_id``, ``article_title``, ``date``, ``coder``, ``speaker`` (canonical actor name),
  ``speaker_id``, ``speaker_type``, ``speaker_country``, ``target``, ``target_id``, ``topic``
  (the claim label), ``stance``, ``form``, ``start``, ``end``, ``text``. Claims without a
  speaker are drafts: they are skipped, and their number is logged and stored as the graphs'
  ``drafts_skipped`` attribute.
- ``actor-topic.graphml`` / ``actor-topic.dl``: the two-mode network, actors × topics (DNA's
  affiliation network). An edge joins an actor to a topic it made statements on; ``weight`` is
  the number of statements, ``agree`` / ``disagree`` / ``neutral`` count them by stance
  (support / oppose / neutral or none), and ``signed`` sums +1 per support, −1 per oppose and
  0 otherwise. The DL file holds the ``weight`` matrix (``nr`` actors × ``nc`` topics).
- ``actor-actor.graphml``, ``actor-actor-congruence.dl``, ``actor-actor-conflict.dl``: the
  one-mode actor network (DNA's congruence and conflict networks). Following DNA, each actor
  has, per topic, the set of stances it took (support and/or oppose; neutral statements carry
  no agreement). ``congruence`` of two actors counts, over topics, the stances both took (so
  one per topic where they agree); ``conflict`` counts the (support, oppose) pairs between them
  (one per topic where they disagree). An actor who both supported and opposed a topic adds to
  both, as in DNA. Edges exist where either is positive; ``weight`` is congruence + conflict
  and ``signed`` congruence − conflict. DNA exports one matrix per file, so do we.

Actor nodes are the speakers of at least one statement. Nodes have ``label`` and ``name`` (the
canonical name; topics their label), ``kind`` (actor or topic), ``type``, ``country`` (empty
when unknown) and ``bipartite`` (0 actors, 1 topics). The graphs carry ``coders``,
``statements`` and ``drafts_skipped``. Node order: actors by name, topics in tag-set order. The
networks count every exported statement, every coder's: when several coders coded the same
articles, export one coder for a network without double counts.

Streaming: statements are written as documents are read; only the network counts (actors ×
topics) are kept in memory. Output is deterministic.
"""

from __future__ import annotations

import csv
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import IO

import networkx as nx

# DL and GraphML writing is shared with the network exports (annotator network); dl_label
# stays importable from here.
from annotator.analysis.exports import dl_label as dl_label
from annotator.analysis.exports import EVENT_COLUMNS, unique_labels, write_dl
from annotator.analysis.exports import write_graphml as write_graphml_to
from annotator.core.model import Actor, AnnotatedDocument, MarkKind
from annotator.core.tagset import TagSet
from annotator.formats.base import ExportNote, Format, FormatContext, atomic_text_file

log = logging.getLogger(__name__)

STATEMENTS = "statements.csv"
TWO_MODE = "actor-topic"
ONE_MODE = "actor-actor"
COLUMNS = EVENT_COLUMNS  # statements.csv has the event list's columns
SIGN = {"support": 1, "oppose": -1}
AGREEMENT = ("support", "oppose")


@dataclass
class Networks:
    """The counts the networks are made of: small, whatever the number of articles."""

    actors: dict[str, Actor] = field(default_factory=dict)
    stances: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    coders: set[str] = field(default_factory=set)
    statements: int = 0
    drafts: int = 0

    def add(self, speaker: Actor, topic: str, stance: str | None) -> None:
        """Count one statement of a speaker on a topic."""
        self.actors[speaker.id] = speaker
        self.stances.setdefault((speaker.id, topic), Counter())[stance or ""] += 1
        self.statements += 1

    def actor_order(self) -> list[Actor]:
        """Return the actors by name (then id), the node and matrix order."""
        return sorted(self.actors.values(), key=lambda a: (a.name.casefold(), a.name, a.id))

    def topic_order(self, tagset: TagSet) -> list[str]:
        """Return the topics used: tag-set order first, then unknown ones by name."""
        used = {topic for _, topic in self.stances}
        known = [label.name for label in tagset.spans[MarkKind.CLAIM] if label.name in used]
        return known + sorted(used - set(known))

    def graph_attributes(self) -> dict[str, str | int]:
        """Return what every graph records about the export."""
        return {
            "coders": ",".join(sorted(self.coders)),
            "statements": self.statements,
            "drafts_skipped": self.drafts,
        }

    def two_mode(self, tagset: TagSet) -> nx.Graph:
        """Return the actor × topic network (see the module docstring)."""
        graph = nx.Graph(**self.graph_attributes())
        for actor in self.actor_order():
            graph.add_node(actor.id, **_actor_node(actor))
        for topic in self.topic_order(tagset):
            graph.add_node(
                _topic_node_id(topic),
                label=topic,
                name=topic,
                kind="topic",
                type="topic",
                country="",
                bipartite=1,
            )
        for actor in self.actor_order():
            for topic in self.topic_order(tagset):
                counts = self.stances.get((actor.id, topic))
                if counts:
                    graph.add_edge(actor.id, _topic_node_id(topic), **_stance_counts(counts))
        return graph

    def one_mode(self) -> nx.Graph:
        """Return the actor × actor congruence/conflict network (see the module docstring)."""
        taken: dict[str, dict[str, set[str]]] = defaultdict(dict)
        for (actor_id, topic), counts in self.stances.items():
            agreed = {s for s in AGREEMENT if counts[s]}
            if agreed:
                taken[actor_id][topic] = agreed
        graph = nx.Graph(**self.graph_attributes())
        order = self.actor_order()
        for actor in order:
            graph.add_node(actor.id, **_actor_node(actor))
        for a, b in combinations(order, 2):
            congruence, conflict = agreement(taken[a.id], taken[b.id])
            if congruence or conflict:
                graph.add_edge(
                    a.id,
                    b.id,
                    weight=congruence + conflict,
                    congruence=congruence,
                    conflict=conflict,
                    signed=congruence - conflict,
                )
        return graph


def agreement(a: dict[str, set[str]], b: dict[str, set[str]]) -> tuple[int, int]:
    """Return (congruence, conflict) of two actors' stances per topic, as DNA counts them."""
    congruence = conflict = 0
    for topic in a.keys() & b.keys():
        congruence += len(a[topic] & b[topic])
        conflict += ("support" in a[topic] and "oppose" in b[topic]) + (
            "oppose" in a[topic] and "support" in b[topic]
        )
    return congruence, conflict


def _actor_node(actor: Actor) -> dict[str, str | int]:
    return {
        "label": actor.name,
        "name": actor.name,
        "kind": "actor",
        "type": actor.type,
        "country": actor.country or "",
        "bipartite": 0,
    }


def _topic_node_id(topic: str) -> str:
    return f"topic:{topic}"


def _stance_counts(counts: Counter[str]) -> dict[str, int]:
    return {
        "weight": sum(counts.values()),
        "agree": counts["support"],
        "disagree": counts["oppose"],
        "neutral": sum(n for stance, n in counts.items() if stance not in SIGN),
        "signed": sum(SIGN.get(stance, 0) * n for stance, n in counts.items()),
    }


def write_statements(
    documents: Iterable[AnnotatedDocument],
    out: IO[str],
    networks: Networks,
    notes: list[ExportNote] | None = None,
) -> int:
    """Write one CSV row per claim with a speaker, counting into networks; return documents."""
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(COLUMNS)
    count = 0
    for coding in documents:
        count += 1
        article = coding.article
        actors = {a.id: a for a in coding.actors}
        claims = sorted(
            (m for m in coding.marks if m.kind == MarkKind.CLAIM),
            key=lambda m: (m.start, m.end, m.id),
        )
        for claim in claims:
            if claim.speaker_id is None:
                networks.drafts += 1
                if notes is not None:
                    message = (
                        f"claim {claim.text[:40]!r} has no speaker: no statement, "
                        "and no edge in the networks"
                    )
                    notes.append(
                        ExportNote("no speaker", message, article.id, coding.annotator, claim.id)
                    )
                continue
            speaker = actors.get(claim.speaker_id) or Actor(claim.speaker_id, claim.speaker_id, "")
            target = actors.get(claim.target_id) if claim.target_id else None
            networks.coders.add(coding.annotator)
            networks.add(speaker, claim.label, claim.stance)
            rows.writerow(
                (
                    claim.id,
                    article.id,
                    article.title,
                    article.date or "",
                    coding.annotator,
                    speaker.name,
                    speaker.id,
                    speaker.type,
                    speaker.country or "",
                    target.name if target else "",
                    claim.target_id or "",
                    claim.label,
                    claim.stance or "",
                    claim.form or "",
                    claim.start,
                    claim.end,
                    claim.text,
                )
            )
    return count


def write_graphml(graph: nx.Graph, path: Path) -> None:
    """Write a graph as GraphML, replacing the file only once complete."""
    with atomic_text_file(path) as out:
        write_graphml_to(graph, out)


def write_dna(documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext) -> int:
    """Write statements.csv and the actor networks to a folder; return the documents read."""
    path.mkdir(parents=True, exist_ok=True)
    networks = Networks()
    with atomic_text_file(path / STATEMENTS) as out:
        count = write_statements(documents, out, networks, context.notes)
    two_mode, one_mode = networks.two_mode(context.tagset), networks.one_mode()
    write_graphml(two_mode, path / f"{TWO_MODE}.graphml")
    write_graphml(one_mode, path / f"{ONE_MODE}.graphml")
    actors = networks.actor_order()
    actor_labels = unique_labels([a.name for a in actors])
    topics = networks.topic_order(context.tagset)
    with atomic_text_file(path / f"{TWO_MODE}.dl") as out:
        write_dl(
            out,
            actor_labels,
            topics,
            [
                [_weight(two_mode, a.id, _topic_node_id(t), "weight") for t in topics]
                for a in actors
            ],
        )
    for measure in ("congruence", "conflict"):
        with atomic_text_file(path / f"{ONE_MODE}-{measure}.dl") as out:
            write_dl(
                out,
                actor_labels,
                None,
                [[_weight(one_mode, a.id, b.id, measure) for b in actors] for a in actors],
            )
    log.info(
        "DNA export: %d documents, %d statements, %d draft claims without a speaker skipped",
        count,
        networks.statements,
        networks.drafts,
    )
    return count


def _weight(graph: nx.Graph, u: str, v: str, key: str) -> int:
    data = graph.get_edge_data(u, v)
    return int(data[key]) if data else 0


FORMAT = Format(
    name="dna",
    title="Discourse Network Analyzer statements and networks",
    extensions=(".csv",),
    carries=frozenset({"relations", "attributes", "coders"}),
    write=write_dna,
    folder=True,
)
