"""Statements: the claims a discourse network is made of, one per claim with a speaker.

A statement is what the Discourse Network Analyzer (DNA) calls one: a coded span in a dated
document, with a first variable (here the speaker, an actor), a second one (the claim's topic)
and a qualifier (the stance). Claims without a speaker are drafts: they make no statement and
are counted, so a report can say how many were left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.errors import ValidationError
from annotator.core.model import Actor, AnnotatedDocument, MarkKind

# The stance as DNA's integer qualifier: neutral sits between support and oppose.
QUALIFIER: dict[str, int] = {"support": 1, "neutral": 0, "oppose": -1}


@dataclass(frozen=True)
class Statement:
    """One claim with a speaker, with what the networks and the event list need of it.

    ``date`` is the article's ``YYYY-MM-DD`` (None when it has none); ``speaker`` and
    ``target`` are actor ids, with the speaker's (and target's) name, type and country beside.
    """

    id: str
    article_id: str
    date: str | None
    coder: str
    speaker: str
    speaker_name: str
    speaker_type: str
    speaker_country: str | None
    target: str | None
    topic: str
    stance: str | None
    form: str | None
    start: int
    end: int
    text: str
    target_name: str | None = None
    target_type: str | None = None
    target_country: str | None = None
    article_title: str = ""

    @property
    def qualifier(self) -> int | None:
        """Return the stance as DNA's integer qualifier (+1, 0, −1), None without a stance."""
        if self.stance is None:
            return None
        try:
            return QUALIFIER[self.stance]
        except KeyError:
            raise ValidationError(
                f"stance {self.stance!r} of statement {self.id} has no qualifier value "
                f"(known: {', '.join(QUALIFIER)})"
            ) from None


@dataclass(frozen=True)
class StatementSet:
    """The statements of some coders' claims, and how many draft claims were left out."""

    statements: tuple[Statement, ...]
    drafts: int  # claims without a speaker
    coders: tuple[str, ...]  # whose claims these are


def statements_from_documents(documents: Iterable[AnnotatedDocument]) -> StatementSet:
    """Return one statement per claim with a speaker, in document order then by offset."""
    statements: list[Statement] = []
    drafts = 0
    coders: set[str] = set()
    for coding in documents:
        actors = {a.id: a for a in coding.actors}
        claims = sorted(
            (m for m in coding.marks if m.kind == MarkKind.CLAIM),
            key=lambda m: (m.start, m.end, m.id),
        )
        for claim in claims:
            if claim.speaker_id is None:
                drafts += 1
                continue
            coders.add(coding.annotator)
            # An actor missing from the record (not expected) keeps its id as its name.
            speaker = actors.get(claim.speaker_id) or Actor(claim.speaker_id, claim.speaker_id, "")
            target = None
            if claim.target_id is not None:
                target = actors.get(claim.target_id) or Actor(claim.target_id, claim.target_id, "")
            statements.append(
                Statement(
                    id=claim.id,
                    article_id=coding.article.id,
                    date=coding.article.date,
                    coder=coding.annotator,
                    speaker=speaker.id,
                    speaker_name=speaker.name,
                    speaker_type=speaker.type,
                    speaker_country=speaker.country,
                    target=claim.target_id,
                    topic=claim.label,
                    stance=claim.stance,
                    form=claim.form,
                    start=claim.start,
                    end=claim.end,
                    text=claim.text,
                    target_name=target.name if target else None,
                    target_type=target.type if target else None,
                    target_country=target.country if target else None,
                    article_title=coding.article.title,
                )
            )
    return StatementSet(tuple(statements), drafts, tuple(sorted(coders)))


def statements_from_rows(rows: Iterable[Sequence[Any]], drafts: int) -> StatementSet:
    """Return the statements of claim rows as the storage reads them (``claim_rows``: the
    fields of Statement in order), with the number of drafts left out."""
    statements = tuple(
        Statement(
            id=r[0],
            article_id=r[1],
            date=r[2],
            coder=r[3],
            speaker=r[4],
            speaker_name=r[5],
            speaker_type=r[6],
            speaker_country=r[7],
            target=r[8],
            topic=r[9],
            stance=r[10],
            form=r[11],
            start=r[12],
            end=r[13],
            text=r[14],
            target_name=r[15],
            target_type=r[16],
            target_country=r[17],
            article_title=r[18] or "",
        )
        for r in rows
    )
    return StatementSet(statements, drafts, tuple(sorted({s.coder for s in statements})))
