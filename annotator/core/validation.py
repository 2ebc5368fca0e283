"""What is wrong with a mark or a document's labels, given the tag set — pure rules shared by
editing, importing and merging (the caller says which actor ids exist)."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.model import DocumentLabels, Mark, MarkKind
from annotator.core.tagset import TagSet

ActorKnown = Callable[[str], bool]  # whether an actor id exists (in the record or the project)


def mark_problems(mark: Mark, text: str, tagset: TagSet, actor_known: ActorKnown) -> list[str]:
    """Return what is wrong with a mark of an article's text (empty: nothing)."""
    if not 0 <= mark.start < mark.end <= len(text):
        return [f"offsets outside the text (length {len(text)})"]
    return span_problems(mark, text[mark.start : mark.end], tagset, actor_known)


def span_problems(mark: Mark, span: str, tagset: TagSet, actor_known: ActorKnown) -> list[str]:
    """Return what is wrong with a mark inside the text, given the text at its offsets."""
    problems = []
    if span != mark.text:
        problems.append(
            f"text {mark.text!r} does not match the article at these offsets ({span!r})"
        )
    if not tagset.has_span_label(mark.kind, mark.label):
        problems.append(f"unknown {mark.kind.value} label {mark.label!r}")
    for role in ("actor_id", "speaker_id", "target_id"):
        ref = getattr(mark, role)
        if ref is not None and not actor_known(ref):
            problems.append(f"{role.removesuffix('_id')} {ref} is not among the record's actors")
    if mark.stance is not None and mark.stance not in {x.name for x in tagset.claim_stance}:
        problems.append(f"unknown stance {mark.stance!r}")
    if mark.form is not None and mark.form not in {x.name for x in tagset.claim_form}:
        problems.append(f"unknown form {mark.form!r}")
    if mark.kind == MarkKind.SENTIMENT and mark.intensity not in (None, 1, 2, 3):
        problems.append(f"intensity {mark.intensity} is not 1, 2 or 3")
    return problems


def document_problems(labels: DocumentLabels, tagset: TagSet) -> list[str]:
    """Return what is wrong with one coder's document-level labels (empty: nothing)."""
    problems = []
    if labels.tone is not None and labels.tone not in {x.name for x in tagset.tone}:
        problems.append(f"unknown tone {labels.tone!r}")
    if labels.focus_stance is not None and labels.focus_stance not in {
        x.name for x in tagset.focus_stance
    }:
        problems.append(f"unknown focus stance {labels.focus_stance!r}")
    topics = {x.name for x in tagset.topics}
    problems += [f"unknown topic {t!r}" for t in labels.topics if t not in topics]
    return problems
