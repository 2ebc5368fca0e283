"""Pure documents for the training-data exports: the bundled corpus and an emoji article,
each coded by alice and bob (no project, no Qt)."""

from __future__ import annotations

from annotator.core.model import (
    Actor,
    AnnotatedDocument,
    Article,
    DocumentLabels,
    Mark,
    MarkKind,
)
from annotator.core.resources import corpus_dir
from annotator.core.tagset import default_tagset
from annotator.formats.base import FormatContext, make_article

# A flag (two code points), a thumbs-up with a skin tone (two), a decomposed é (two) and CJK.
EMOJI_TEXT = (
    "date 2024-01-05\n"
    "🇵🇰 Pakistan's envoy met Wang Yi in 北京.\n"
    "Wang Yi said the cafe\u0301 talks were 👍🏽 and that China stands by Pakistan forever.\n"
    "Analysts were not sure.\n"
)
CODERS = ("alice", "bob")

WANG = Actor("wang-yi", "Wang Yi", "Person", "China")
PAKISTAN = Actor("pakistan", "Pakistan", "Country")
CHINA = Actor("china", "China", "Country")
ACTORS = {a.name: a for a in (WANG, PAKISTAN, CHINA)}


def context(**options: str) -> FormatContext:
    """Return a writer's context with the default tag set and these options."""
    return FormatContext(default_tagset(), dict(options))


def articles() -> list[Article]:
    """Return the five bundled articles and the emoji article, in that order."""
    found = [
        make_article(path.read_text(encoding="utf-8"), source=path.name)
        for path in sorted(corpus_dir().glob("*.txt"))
    ]
    return [*found, make_article(EMOJI_TEXT, source="emoji.txt")]


def mark(
    article: Article,
    coder: str,
    kind: MarkKind,
    needle: str,
    label: str,
    occurrence: int = 0,
    **fields: object,
) -> Mark:
    """Return a mark over an occurrence of ``needle`` in the article."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(needle, start + 1)
    end = start + len(needle)
    mark_id = f"{coder}-{kind.value}-{start}-{end}-{label}"
    return Mark(mark_id, article.id, coder, kind, start, end, needle, label, **fields)  # type: ignore[arg-type]


def emoji_coding(coder: str = "alice") -> AnnotatedDocument:
    """Return a coder's coding of the emoji article: three mentions, a claim, a sentiment."""
    article = articles()[-1]
    claim_text = "the cafe\u0301 talks were 👍🏽 and that China stands by Pakistan forever"
    marks = (
        mark(article, coder, MarkKind.ACTOR, "Pakistan", "Country", actor_id="pakistan"),
        mark(article, coder, MarkKind.ACTOR, "Wang Yi", "Person", occurrence=1, actor_id="wang-yi"),
        mark(article, coder, MarkKind.ACTOR, "China", "Country", actor_id="china"),
        mark(article, coder, MarkKind.ACTOR, "Pakistan", "Country", 1, actor_id="pakistan"),
        mark(
            article, coder, MarkKind.CLAIM, claim_text, "Bilateral friendship",
            speaker_id="wang-yi", target_id="pakistan", stance="support",
            form="reported speech",
        ),
        mark(article, coder, MarkKind.SENTIMENT, "👍🏽", "positive", intensity=3),
    )
    labels = DocumentLabels(article.id, coder, tone="positive", topics=("CPEC security",))
    return AnnotatedDocument(article, coder, labels, "focus", (WANG, PAKISTAN, CHINA), marks)


def documents() -> list[AnnotatedDocument]:
    """Return every article coded by alice and bob, in export order (article, then coder).

    In the corpus articles each coder marks the first "Pakistan" and "China" it finds; bob
    also marks a claim without a speaker in the first one.
    """
    out = []
    for article in articles()[:-1]:
        for coder in CODERS:
            marks = [
                mark(article, coder, MarkKind.ACTOR, name, "Country", actor_id=name.lower())
                for name in ("Pakistan", "China")
                if name in article.text
            ]
            if coder == "bob" and "all-weather" in article.text:
                marks.append(
                    mark(article, coder, MarkKind.CLAIM, "all-weather", "Bilateral friendship")
                )
            labels = DocumentLabels(article.id, coder, tone="neutral")
            out.append(
                AnnotatedDocument(
                    article, coder, labels, "focus", (PAKISTAN, CHINA), tuple(marks)
                )
            )
    out += [emoji_coding(coder) for coder in CODERS]
    return out
