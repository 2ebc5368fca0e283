"""Undoable adjudication: each command calls one Session method in redo() and one in undo()."""

from __future__ import annotations

from annotator.core.model import GOLD_ANNOTATOR, Actor, DocumentLabels, GoldProvenance, Mark
from annotator.gui.commands import Reveal, SessionCommand, short
from annotator.session import Session


class AcceptGoldCommand(SessionCommand):
    """Accept coders' marks into gold in place of the unit's gold marks; undo puts those back."""

    def __init__(
        self,
        session: Session,
        article_id: str,
        groups: list[list[str]],  # each group of agreeing marks becomes one gold mark
        replacing: list[str],
        text: str,
        reveal: Reveal,
    ):
        super().__init__(session, text, article_id, reveal)
        self._groups = groups
        self._replacing = replacing
        self._before = session.gold_records(replacing)
        # Accepting takes back a rejection of the accepted marks; undo records it again.
        self._rejected = session.rejected_marks([i for group in groups for i in group])
        self.made: list[Mark] = []

    def _forward(self) -> None:
        if self._groups:
            self.made = self._session.accept_groups_into_gold(
                self._groups, replacing=self._replacing
            )
        else:
            self.made = []
            self._session.swap_gold(self._replacing)

    def _backward(self) -> None:
        self._session.swap_gold([m.id for m in self.made], self._before, reject=self._rejected)


class RejectUnitCommand(SessionCommand):
    """Keep a unit's coder marks out of gold (removing its gold marks); undo restores both."""

    def __init__(
        self,
        session: Session,
        article_id: str,
        mark_ids: list[str],
        gold_ids: list[str],
        reveal: Reveal,
    ):
        super().__init__(session, f"Reject {len(mark_ids)} mark(s)", article_id, reveal)
        self._mark_ids = mark_ids
        self._gold_ids = gold_ids
        self._before = session.gold_records(gold_ids)
        self._rejected: list[str] = []

    def _forward(self) -> None:
        self._rejected = self._session.reject_from_gold(self._mark_ids, self._gold_ids)

    def _backward(self) -> None:
        # Only what this step rejected: marks rejected before it stay rejected.
        self._session.unreject_from_gold(self._rejected, self._before)


class PremergeCommand(SessionCommand):
    """Accept every mark the coders agree on (by a pre-merge rule); undo removes them."""

    def __init__(
        self, session: Session, article_id: str, rule: str, min_votes: int, reveal: Reveal
    ):
        super().__init__(session, f"Pre-merge agreed marks ({rule})", article_id, reveal)
        self._rule = rule
        self._min_votes = min_votes
        self.made: list[Mark] = []

    def _forward(self) -> None:
        assert self._article_id is not None
        self.made = self._session.premerge(self._article_id, self._rule, self._min_votes)

    def _backward(self) -> None:
        self._session.swap_gold([m.id for m in self.made])


class AddGoldMarkCommand(SessionCommand):
    """Add the adjudicator's own mark to gold; undo removes it."""

    def __init__(self, session: Session, mark: Mark, new_actors: tuple[Actor, ...], reveal: Reveal):
        super().__init__(
            session, f"Add gold {mark.kind.value} “{short(mark.text)}”", mark.article_id, reveal
        )
        self._mark = mark
        self._new_actors = new_actors

    def _forward(self) -> None:
        self._session.add_gold_mark(self._mark, self._new_actors)

    def _backward(self) -> None:
        self._session.swap_gold(
            [self._mark.id], drop_actors=[actor.id for actor in self._new_actors]
        )


class EditGoldMarkCommand(SessionCommand):
    """Change a gold mark's label or fields; undo restores them and the provenance."""

    def __init__(self, session: Session, old: Mark, new: Mark, what: str, reveal: Reveal):
        super().__init__(session, f"Edit gold {what}", old.article_id, reveal)
        self._old = old
        self._new = new
        self._provenance: GoldProvenance | None = session.gold_records([old.id])[0][1]

    def _forward(self) -> None:
        self._session.edit_gold_mark(self._new)

    def _backward(self) -> None:
        self._session.edit_gold_mark(self._old, self._provenance)


class GoldLabelsCommand(SessionCommand):
    """Take a coder's document labels for gold; undo restores gold's earlier labels."""

    def __init__(self, session: Session, article_id: str, coder: str, reveal: Reveal):
        super().__init__(session, f"Take {coder}'s document labels for gold", article_id, reveal)
        self._coder = coder
        self._before: DocumentLabels = session.coder_labels(article_id, GOLD_ANNOTATOR)

    def _forward(self) -> None:
        assert self._article_id is not None
        self._session.accept_labels_into_gold(self._article_id, self._coder)

    def _backward(self) -> None:
        self._session.set_document_labels(self._before)
