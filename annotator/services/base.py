"""What every part of the session shares: the store, the coder, the tag set, the signals."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

from annotator.core.signals import Signal

from annotator.core import validation
from annotator.core.errors import TagSetError, ValidationError
from annotator.core.model import DocumentLabels, Mark, MarkKind
from annotator.core.tagset import TagSet, default_tagset, load_tagset, tagset_digest
from annotator.formats.base import FormatContext
from annotator.storage import Store

_TAGSET_KEY = "tagset"
_TAGSET_DIGEST_KEY = "tagset_digest"  # see core.tagset.tagset_digest


def default_annotator() -> str:
    """Return the OS user name, the default coder name."""
    try:
        return getpass.getuser() or "coder"
    except (KeyError, OSError):
        return "coder"


class SessionBase:
    """One open project and the coder working in it; the parts of Session build on it."""

    mark_added = Signal(object)  # Mark
    mark_changed = Signal(object, object)  # old Mark, new Mark
    mark_removed = Signal(object)  # Mark
    marks_replaced = Signal(str)  # article id: many marks changed at once; views reload it
    # The ids of the actors added, edited (name, type, country, aliases) or deleted, as a
    # frozenset; None (or no argument): any actor may have changed, views read them again.
    actors_changed = Signal(object)
    document_changed = Signal(object)  # DocumentLabels
    articles_changed = Signal()
    annotator_changed = Signal(str)
    tagset_changed = Signal(object)  # TagSet
    closed = Signal()  # the project was closed: views must stop reading it

    def __init__(self, store: Store, annotator: str | None = None):
        self.store = store
        self.is_closed = False
        self._annotator = ""
        self._tagset: TagSet | None = None
        # The text of the article last read whole (its id, the data version then, the text):
        # a mark made there is checked against it instead of reading the text again.
        self._held_text: tuple[str, int, str] | None = None
        self.articles_changed.connect(self._forget_text)
        self.set_annotator(annotator or default_annotator())

    def _hold_text(self, article_id: str, text: str) -> None:
        """Keep an article's text just read whole (its id is its text's hash: it never changes)."""
        self._held_text = (article_id, self.store.data_version(), text)

    def _forget_text(self) -> None:
        self._held_text = None

    def _article_span(self, article_id: str, start: int, end: int) -> str:
        """Return ``text[start:end]`` of an article: from the held text, else cut by SQLite."""
        held = self._held_text
        # Another connection's commit (a deleted article?) makes the held text doubtful.
        if held is not None and held[0] == article_id and held[1] == self.store.data_version():
            return held[2][max(0, start) : max(0, end)]
        return self.store.article_span(article_id, start, end)

    def close(self) -> None:
        """Close the project database (again: nothing)."""
        if self.is_closed:
            return
        self.store.close()
        self.is_closed = True
        self.closed.emit()

    @property
    def path(self) -> Path | None:
        """Return the database file's path."""
        return self.store.path

    # -- coder ------------------------------------------------------------------------------

    @property
    def annotator(self) -> str:
        """Return the name of the coder whose marks are shown and made."""
        return self._annotator

    def set_annotator(self, name: str) -> None:
        """Switch to another coder (recorded in the project if new)."""
        name = name.strip()
        if not name:
            raise ValidationError("the coder name must not be empty")
        if not self.store.read_only:  # read-only: the coder reads, nothing is recorded
            with self.store.transaction():
                self.store.ensure_annotator(name)
        if name != self._annotator:
            self._annotator = name
            self.annotator_changed.emit(name)

    # -- tag set ----------------------------------------------------------------------------

    @property
    def tagset(self) -> TagSet:
        """Return the project's tag set (the default one until another is loaded)."""
        if self._tagset is None:
            stored = self.store.get_setting(_TAGSET_KEY)
            if stored is None:
                self._tagset = default_tagset()
                with self.store.transaction():
                    self._store_tagset(self._tagset)
            else:
                self._tagset = self._stored_tagset(stored)
        return self._tagset

    def _stored_tagset(self, stored: str) -> TagSet:
        """Build the project's stored tag set, checking it unless it was checked as stored."""
        if self.store.get_setting(_TAGSET_DIGEST_KEY) == tagset_digest(stored):
            try:
                return TagSet.from_checked_dict(json.loads(stored))
            except (ValueError, TypeError, KeyError, AttributeError):
                pass  # a hand-edited project: the full check below says what is wrong
        tagset = TagSet.from_dict(json.loads(stored), origin="the project's tag set")
        with self.store.transaction():
            self.store.set_setting(_TAGSET_DIGEST_KEY, tagset_digest(stored))
        return tagset

    def _store_tagset(self, tagset: TagSet) -> None:
        """Store a checked tag set and its fingerprint (inside the caller's transaction)."""
        text = tagset.to_json()
        self.store.set_setting(_TAGSET_KEY, text)
        self.store.set_setting(_TAGSET_DIGEST_KEY, tagset_digest(text))

    def format_context(self, options: dict[str, str] | None = None) -> FormatContext:
        """Return what readers and writers get: the project's tag set and format options."""
        return FormatContext(self.tagset, dict(options or {}))

    def load_tagset(self, path: Path) -> TagSet:
        """Replace the project's tag set with a file's, refusing one that drops labels in use."""
        tagset = load_tagset(path)
        used = self.store.label_usage()
        available: dict[str, set[str]] = {
            kind.value: {label.name for label in tagset.spans[kind]} for kind in MarkKind
        }
        available["actor registry type"] = available[MarkKind.ACTOR.value]
        available.update(
            stance={x.name for x in tagset.claim_stance},
            form={x.name for x in tagset.claim_form},
            tone={x.name for x in tagset.tone},
            focus_stance={x.name for x in tagset.focus_stance},
            topics={x.name for x in tagset.topics},
        )
        missing = [
            f"{field_} label {label!r} is used {n} time(s) but is not in the new tag set"
            for (field_, label), n in sorted(used.items())
            if label not in available[field_]
        ]
        if missing:
            raise TagSetError(
                f"{path}: not loaded, it would orphan existing coding:\n  " + "\n  ".join(missing)
            )
        with self.store.transaction():
            self._store_tagset(tagset)
        self._tagset = tagset
        self.tagset_changed.emit(tagset)
        return tagset

    def _actor_known(self, actor_ids: set[str]) -> validation.ActorKnown:
        """Return whether an actor id is one of these or the project's."""
        return lambda ref: ref in actor_ids or self.store.has_actor(ref)

    def _mark_problems(self, mark: Mark, text: str, actor_ids: set[str]) -> list[str]:
        """Return what is wrong with a mark of this text (actor ids: the record's actors)."""
        return validation.mark_problems(mark, text, self.tagset, self._actor_known(actor_ids))

    def _span_problems(self, mark: Mark, span: str, actor_ids: set[str]) -> list[str]:
        """Return what is wrong with a mark inside the text, given the text at its offsets."""
        return validation.span_problems(mark, span, self.tagset, self._actor_known(actor_ids))

    def _document_problems(self, labels: DocumentLabels) -> list[str]:
        return validation.document_problems(labels, self.tagset)
