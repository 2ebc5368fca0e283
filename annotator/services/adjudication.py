"""Adjudication: building the gold layer from the coders' marks, with provenance.

The gold layer is the coder ``gold`` (core.model.GOLD_ANNOTATOR); each gold mark records the
coders' marks it came from, who adjudicated it and when, and how ("accepted", "pre-merge: all",
"added", "accepted, edited") in ``gold_provenance``. Coders' marks the adjudicator keeps out of
gold are recorded in ``gold_rejections``, so a review can tell decided from open.
Every public method is one transaction and emits its signals after the commit; the GUI's undo
commands pair them (accept / swap_gold back, reject / unreject).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence

from annotator.core.errors import ValidationError
from annotator.core.model import GOLD_ANNOTATOR, Actor, DocumentLabels, GoldProvenance, Mark
from annotator.core.model import new_id, utc_now
from annotator.core.review_units import agreement_key, group_units
from annotator.services.marks import MarksMixin

_GOLD_NAMESPACE = uuid.UUID("0c9e3a64-95f1-4b8e-bf44-6f0f2b1d7a30")

GoldRecord = tuple[Mark, GoldProvenance | None]  # a gold mark with its provenance, for undo


class AdjudicationMixin(MarksMixin):
    """Accept, add, edit and reject marks of the gold layer, one by one or by pre-merge rules."""

    def accept_into_gold(
        self, mark_ids: list[str], how: str = "accepted", replacing: Sequence[str] = ()
    ) -> Mark:
        """Copy a coder's mark (agreeing marks of several coders) into the gold layer.

        ``replacing``: gold marks the accepted one takes the place of (removed in the same
        transaction), e.g. when the adjudicator switches from one coder's version to another's.
        """
        return self.accept_groups_into_gold([mark_ids], how, replacing)[0]

    def accept_groups_into_gold(
        self, groups: Sequence[Sequence[str]], how: str = "accepted", replacing: Sequence[str] = ()
    ) -> list[Mark]:
        """Make one gold mark of each group of agreeing coders' marks, in one transaction.

        Accepting a mark takes back an earlier rejection of it.
        """
        sources = [[self.store.get_mark(i) for i in group] for group in groups]
        if not sources or not all(sources):
            raise ValidationError("no mark to accept")
        if any(m.annotator == GOLD_ANNOTATOR for group in sources for m in group):
            raise ValidationError("a gold mark cannot be a source of gold")
        with self.store.transaction():
            made_ids = {_gold_id([m.id for m in group]) for group in sources}
            for old in replacing:
                if old not in made_ids:
                    self._delete_gold(old)
            made = [self._accept(group, how) for group in sources]
        self.marks_replaced.emit(made[0].article_id)
        return made

    def _accept(self, sources: list[Mark], how: str) -> Mark:
        mark_ids = [m.id for m in sources]
        now = utc_now()
        gold = sources[0].with_changes(
            id=_gold_id(mark_ids), annotator=GOLD_ANNOTATOR, created_at=now, updated_at=now
        )
        self.store.ensure_annotator(GOLD_ANNOTATOR)
        gold = self.store.written_back(gold)  # the same id as a gold mark removed before
        self.store.replace_mark(gold)
        self.store.set_provenance(
            gold.id, GoldProvenance(tuple(mark_ids), self._annotator, now, how)
        )
        self.store.unreject_marks(mark_ids)
        return gold

    def provenance(self, gold_mark_id: str) -> GoldProvenance:
        """Return where a gold mark came from."""
        found = self.store.get_provenance(gold_mark_id)
        if found is None:
            raise ValidationError(f"mark {gold_mark_id} has no gold provenance")
        return found

    def gold_records(self, mark_ids: Sequence[str]) -> list[GoldRecord]:
        """Return gold marks with their provenance (what undo needs to put them back)."""
        return [(self.store.get_mark(i), self.store.get_provenance(i)) for i in mark_ids]

    def rejected_marks(self, mark_ids: Sequence[str]) -> list[str]:
        """Return which of these coders' marks are rejected from gold now."""
        if not mark_ids:
            return []
        article_id = self.store.get_mark(mark_ids[0]).article_id
        rejected = self.store.rejected_mark_ids(article_id)
        return [i for i in mark_ids if i in rejected]

    def add_gold_mark(self, mark: Mark, new_actors: Sequence[Actor] = ()) -> Mark:
        """Add a mark of the adjudicator's own to the gold layer (provenance "added")."""
        now = utc_now()
        gold = mark.with_changes(
            id=mark.id or new_id(), annotator=GOLD_ANNOTATOR, created_at=now, updated_at=now
        )
        self._check_mark(gold, self.store.get_article(gold.article_id).text, new_actors)
        gold = self.store.written_back(gold)  # redo reuses the id
        with self.store.transaction():
            self.store.ensure_annotator(GOLD_ANNOTATOR)
            for actor in new_actors:
                self.store.insert_actor(actor, created_by=self._annotator, if_absent=True)
            self.store.insert_mark(gold)
            self.store.set_provenance(gold.id, GoldProvenance((), self._annotator, now, "added"))
        if new_actors:
            self.actors_changed.emit()
        self.marks_replaced.emit(gold.article_id)
        return gold

    def edit_gold_mark(self, mark: Mark, provenance: GoldProvenance | None = None) -> Mark:
        """Overwrite a gold mark's span or fields; its provenance notes the edit.

        ``provenance`` is set as given instead (undo passes the one from before the edit, and
        the mark as it was, times included).
        """
        if mark.annotator != GOLD_ANNOTATOR:
            raise ValidationError("only gold marks are edited here")
        old = self.store.get_mark(mark.id)
        if provenance is None:
            mark = mark.with_changes(updated_at=utc_now())
            before = self.store.get_provenance(mark.id)
            how = before.how if before else "added"
            provenance = GoldProvenance(
                before.sources if before else (),
                self._annotator,
                mark.updated_at,
                how if how.endswith(", edited") or how == "added" else f"{how}, edited",
            )
        self._check_mark(mark, self.store.get_article(mark.article_id).text)
        with self.store.transaction():
            self.store.update_mark(mark)
            self.store.set_provenance(mark.id, provenance)
        self.mark_changed.emit(old, mark)
        return mark

    def swap_gold(
        self,
        remove: Sequence[str],
        restore: Sequence[GoldRecord] = (),
        reject: Sequence[str] = (),
        drop_actors: Sequence[str] = (),
    ) -> None:
        """Delete gold marks and put others back with their provenance, in one transaction.

        Undo uses it: ``reject`` records rejections again (those an accept took back), and
        ``drop_actors`` removes actors an added gold mark brought in, if nothing else uses them.
        """
        with self.store.transaction():
            article_ids = self._swap_gold(remove, restore)
            if reject:
                self.store.reject_marks(list(reject), self._annotator, utc_now())
            removed = self._remove_unused_actors(set(drop_actors)) if drop_actors else ()
        if removed:
            self.actors_changed.emit()
        for article_id in sorted(article_ids):
            self.marks_replaced.emit(article_id)

    def _swap_gold(self, remove: Sequence[str], restore: Sequence[GoldRecord]) -> set[str]:
        article_ids = set()
        with self.store.transaction():
            for mark_id in remove:
                article_ids.add(self.store.get_mark(mark_id).article_id)
                self._delete_gold(mark_id)
            if restore:
                self.store.ensure_annotator(GOLD_ANNOTATOR)
            for mark, provenance in restore:
                article_ids.add(mark.article_id)
                self.store.replace_mark(self.store.written_back(mark))
                if provenance is not None:
                    self.store.set_provenance(mark.id, provenance)
        return article_ids

    def reject_from_gold(self, mark_ids: Sequence[str], gold_ids: Sequence[str] = ()) -> list[str]:
        """Keep coders' marks out of gold: record the rejection, remove the gold marks given.

        Returns the marks newly rejected (those rejected before keep their first decision), so
        that undo takes back only what this call did.
        """
        marks = [self.store.get_mark(i) for i in mark_ids]
        if any(m.annotator == GOLD_ANNOTATOR for m in marks):
            raise ValidationError("reject coders' marks; gold marks are removed, not rejected")
        already = set(self.rejected_marks(list(mark_ids)))
        fresh = [i for i in mark_ids if i not in already]
        with self.store.transaction():
            self.store.reject_marks(fresh, self._annotator, utc_now())
            for gold_id in gold_ids:
                self._delete_gold(gold_id)
        for article_id in sorted({m.article_id for m in marks}):
            self.marks_replaced.emit(article_id)
        return fresh

    def unreject_from_gold(
        self, mark_ids: Sequence[str], restore: Sequence[GoldRecord] = ()
    ) -> None:
        """Undo a rejection: forget it and put back the gold marks it removed."""
        marks = [self.store.get_mark(i) for i in mark_ids]
        with self.store.transaction():
            self.store.unreject_marks(list(mark_ids))
            article_ids = self._swap_gold([], restore)
        for article_id in sorted({m.article_id for m in marks} | article_ids):
            self.marks_replaced.emit(article_id)

    def accept_labels_into_gold(self, article_id: str, coder: str) -> DocumentLabels:
        """Make a coder's tone, focus stance and topics the gold document labels."""
        theirs = self.store.get_document_labels(article_id, coder)
        gold = self.store.get_document_labels(article_id, GOLD_ANNOTATOR)
        labels = DocumentLabels(
            article_id,
            GOLD_ANNOTATOR,
            theirs.tone,
            theirs.focus_stance,
            theirs.topics,
            gold.status,
            gold.note,
            updated_at=utc_now(),
        )
        with self.store.transaction():
            self.store.ensure_annotator(GOLD_ANNOTATOR)
            self.store.put_document_labels(labels)
        self.document_changed.emit(labels)
        return labels

    def premerge(
        self,
        article_id: str,
        rule: str = "all",
        min_votes: int = 2,
        coders: list[str] | None = None,
    ) -> list[Mark]:
        """Accept into gold, unit by unit, the mark the coders agree on (same span, label, fields).

        ``rule``: "all" (every coder of the project made it), "coded" (every coder who coded
        this article made it; at least two), or "vote" (at least ``min_votes`` coders made it,
        and more than made any other version). Units already decided (a gold mark, or every
        mark rejected) are left as they are, as are rejected marks. Returns the gold marks made.
        """
        names = coders or self.store.coders_of()
        by_coder = {c: self.store.marks_for(article_id, c) for c in names}
        coded = [c for c in names if by_coder[c]]
        needed = {"all": len(names), "coded": max(len(coded), 2), "vote": min_votes}.get(rule)
        if needed is None:
            raise ValidationError(f"unknown pre-merge rule {rule!r}: all, coded or vote")
        rejected = self.store.rejected_mark_ids(article_id)
        units = group_units(by_coder, self.store.marks_for(article_id, GOLD_ANNOTATOR), rejected)
        chosen = []
        for unit in units:
            if unit.decided:
                continue
            versions: dict[tuple[object, ...], dict[str, str]] = {}  # key -> coder -> mark id
            for coder, marks in unit.marks.items():
                for m in marks:
                    if m.id not in rejected:
                        versions.setdefault(agreement_key(m), {}).setdefault(coder, m.id)
            votes = Counter({key: len(ids) for key, ids in versions.items()})
            ranked = votes.most_common(2)
            if not ranked or ranked[0][1] < max(needed, 1):
                continue
            if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
                continue  # a tie: the adjudicator decides
            chosen.append([self.store.get_mark(i) for i in sorted(versions[ranked[0][0]].values())])
        with self.store.transaction():
            made = [self._accept(sources, f"pre-merge: {rule}") for sources in chosen]
        if made:
            self.marks_replaced.emit(article_id)
        return made

    def _delete_gold(self, mark_id: str) -> None:
        if self.store.get_mark(mark_id).annotator != GOLD_ANNOTATOR:
            raise ValidationError("only gold marks are removed here")
        self.store.delete_mark(mark_id)  # its provenance goes with it (ON DELETE CASCADE)


def _gold_id(mark_ids: Sequence[str]) -> str:
    """The gold mark made from these coders' marks: the same id in every teammate's project."""
    return str(uuid.uuid5(_GOLD_NAMESPACE, "|".join(sorted(mark_ids))))
