"""Writing DNA 3 project files: our claims as statements of two types, actors as entities.

The file is written beside the target under a random name and renamed over it once complete;
a failure or a cancelled export leaves the target as it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
import itertools
from pathlib import Path

from annotator.core.errors import ValidationError
from annotator.core.model import Actor, AnnotatedDocument, Mark, MarkKind
from annotator.core.offsets import Utf16Map
from annotator.core.tagset import TagSet
from annotator.core.text import fold_name, is_calendar_date
from annotator.formats.base import (
    ExportNote,
    FormatContext,
    FormatOption,
    exclusive_temp_file,
    publish,
)
from annotator.formats.dna3.common import (
    AGREEMENT,
    AGREEMENT_VALUE,
    ALIAS,
    ALIAS_SEPARATOR,
    ATTRIBUTE_VARIABLES,
    CONCEPT,
    COUNTRY,
    DNA_DATE,
    DNA_STATEMENT,
    DNA_VERSION,
    FORM,
    NOTE,
    NEUTRAL,
    NOTES,
    ORGANIZATION,
    PERSON,
    PERSON_TYPES,
    POLITICAL_CLAIM,
    SPEAKER,
    STANCE,
    STANCE_NUMBER,
    STATEMENT_TYPES,
    TARGET,
    TOPIC,
    TYPE,
    VARIABLES,
    Variable,
    clip,
    epoch_seconds,
    hash_password,
    rgb,
    schema_statements,
)

PASSWORD = FormatOption(
    "password",
    "Password of the DNA coders (required)",
    help="DNA asks each coder for a password; every coder of the file gets this one",
)
UNDATED = FormatOption(
    "undated",
    "Date of undated articles (YYYY-MM-DD)",
    default="1970-01-01",
    help="DNA needs a date for every document; the default, 1970-01-01, reads back as no date",
)
WRITE_OPTIONS = (PASSWORD, UNDATED, PERSON_TYPES)

ADMIN = "Admin"  # DNA's first coder, made with every new database
ADMIN_COLOR = (255, 255, 0)
CODER_COLORS = (
    (51, 153, 255),
    (255, 102, 102),
    (102, 255, 0),
    (204, 102, 255),
    (255, 153, 0),
    (0, 204, 204),
    (153, 102, 51),
    (255, 102, 204),
)
_DATA_TABLES = {
    "short text": ("DATASHORTTEXT", "Entity"),
    "long text": ("DATALONGTEXT", "Value"),
    "integer": ("DATAINTEGER", "Value"),
    "boolean": ("DATABOOLEAN", "Value"),
}
# The attribute variables of each variable, as (id, name): ids count from 1 in order.
_ATTRIBUTES: dict[int, list[tuple[int, str]]] = {}
for _id, (_variable, _name) in enumerate(ATTRIBUTE_VARIABLES, start=1):
    _ATTRIBUTES.setdefault(_variable, []).append((_id, _name))


@dataclass(frozen=True)
class _Settings:
    """The writer's options, checked before any file is made."""

    password_hash: str
    undated: str
    person_types: frozenset[str]


def write_settings(context: FormatContext) -> _Settings:
    """Return the write options checked; raise ValidationError for a missing password or a
    date that is not one."""
    password = PASSWORD.value(context)
    if not password:
        raise ValidationError(
            "--option password=…: DNA asks every coder for a password; give the one the "
            "coders of the file should use"
        )
    undated = UNDATED.value(context)
    if not is_calendar_date(undated):
        raise ValidationError(f"--option undated={undated}: give a YYYY-MM-DD date")
    types = frozenset(fold_name(t) for t in PERSON_TYPES.value(context).split(",") if t.strip())
    # One digest for every coder: they share the password, and each digest costs 100,000 rounds.
    return _Settings(hash_password(password), undated, types)


def write_dna3(documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext) -> int:
    """Write a DNA 3 project file; return how many codings (article × coder) it holds."""
    settings = write_settings(context)
    partial, handle = exclusive_temp_file(path)
    handle.close()
    journal = Path(f"{partial}-journal")
    try:
        db = sqlite3.connect(partial, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys = ON")  # as DNA opens its files: keep us honest
            db.execute("BEGIN")
            project = _Project(db, context.tagset, settings, context.notes)
            written = project.write(documents)
            db.execute("COMMIT")
        finally:
            db.close()
        _sync(partial)
        publish(partial, path)
    finally:
        partial.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
    return written


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class _Project:
    """The DNA database being written: ids of what it holds so far, by what they stand for."""

    def __init__(
        self, db: sqlite3.Connection, tagset: TagSet, settings: _Settings, notes: list[ExportNote]
    ):
        self.db, self.tagset, self.settings, self.notes = db, tagset, settings, notes
        self.coders: dict[str, int] = {}
        self.documents: dict[str, int] = {}
        self.entities: dict[tuple[int, str], int] = {}  # (variable id, value) -> entity id
        self.actor_values: dict[str, str] = {}  # actor id -> its entities' value
        self.taken_values: set[str] = set()

    # -- the frame: what every new DNA database holds, and our statement type --------------------

    def write(self, documents: Iterable[AnnotatedDocument]) -> int:
        """Write the schema and the documents; return how many codings were written."""
        self._frame()
        written = 0
        for coding in documents:
            self._coding(coding)
            written += 1
        return written

    def _frame(self) -> None:
        for statement in schema_statements():
            self.db.execute(statement)
        self.db.executemany(
            "INSERT INTO SETTINGS (Property, Value) VALUES (?, ?)",
            [("version", DNA_VERSION), ("date", DNA_DATE)],
        )
        self.db.executemany(
            "INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (?, ?, ?, ?, ?)",
            [(t.id, t.label, *t.color) for t in STATEMENT_TYPES],
        )
        self.db.executemany(
            "INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (?, ?, ?, ?)",
            [(v.id, v.name, v.data_type, v.statement_type) for v in VARIABLES],
        )
        self.db.executemany(
            "INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (?, ?, ?)",
            [(n, variable, name) for n, (variable, name) in enumerate(ATTRIBUTE_VARIABLES, 1)],
        )
        self.coder(ADMIN)
        # Each short text variable has its empty entity, as DNA's addVariable makes it.
        for variable in VARIABLES:
            if variable.data_type == "short text":
                self.entity(variable, "")
        for label in self.tagset.spans[MarkKind.CLAIM]:
            color = rgb(label.color or "")
            self.entity(CONCEPT, label.name, color, {NOTES: label.description})
            self.entity(TOPIC, label.name, color)
        for form in self.tagset.claim_form:
            self.entity(FORM, form.name)

    def coder(self, name: str) -> int:
        """Return a coder's id, adding the coder (and relations to every other) if new."""
        if name in self.coders:
            return self.coders[name]
        coder_id = len(self.coders) + 1
        color = ADMIN_COLOR if name == ADMIN else CODER_COLORS[(coder_id - 2) % len(CODER_COLORS)]
        # Admin gets what DNA's createTables gives it; the others what addCoder gives them.
        self.db.execute(
            "INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password) VALUES (?, ?, ?, ?, ?, ?)",
            (coder_id, clip(name), *color, self.settings.password_hash),
        )
        for other in sorted(self.coders.values()):
            self.db.executemany(
                "INSERT INTO CODERRELATIONS (Coder, OtherCoder) VALUES (?, ?)",
                [(coder_id, other), (other, coder_id)],
            )
        self.coders[name] = coder_id
        return coder_id

    def entity(
        self,
        variable: Variable,
        value: str,
        color: tuple[int, int, int] = (0, 0, 0),
        attributes: dict[str, str] | None = None,
    ) -> int:
        """Return the id of a variable's entity of this value, adding it (with a value for each
        attribute variable, as DNA's addEntity does) if new."""
        value = clip(value)
        key = (variable.id, value)
        if key in self.entities:
            return self.entities[key]
        cursor = self.db.execute(
            "INSERT INTO ENTITIES (VariableId, Value, Red, Green, Blue) VALUES (?, ?, ?, ?, ?)",
            (variable.id, value, *color),
        )
        entity_id = int(cursor.lastrowid or 0)
        given = attributes or {}
        self.db.executemany(
            "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) "
            "VALUES (?, ?, ?)",
            [
                (entity_id, attr_id, clip(given.get(name, "")))
                for attr_id, name in _ATTRIBUTES.get(variable.id, [])
            ],
        )
        self.entities[key] = entity_id
        return entity_id

    # -- documents and statements -------------------------------------------------------------

    def _coding(self, coding: AnnotatedDocument) -> None:
        document_id = self.document(coding)
        coder_id = self.coder(coding.annotator)
        actors = {a.id: a for a in coding.actors}
        for actor in coding.actors:
            self.actor_entities(actor, coding)
        units = Utf16Map(coding.article.text)
        mentioned: dict[tuple[int, int], list[str]] = {}
        for mark in coding.marks:
            if mark.kind == MarkKind.ACTOR and mark.actor_id is not None:
                mentioned.setdefault((mark.start, mark.end), []).append(mark.actor_id)
        claims = sorted(
            (m for m in coding.marks if m.kind == MarkKind.CLAIM),
            key=lambda m: (m.start, m.end, m.id),
        )
        for claim in claims:
            span = (units.to_utf16(claim.start), units.to_utf16(claim.end))
            statement = _Statement(document_id, coder_id, *span)
            others = [actors[i] for i in mentioned.get((claim.start, claim.end), []) if i in actors]
            self._dna_statement(coding, claim, statement, _actor(actors, claim.speaker_id), others)
            self._political_claim(coding, claim, statement, actors)

    def document(self, coding: AnnotatedDocument) -> int:
        """Return the DNA document of a coding's article, writing it when first seen."""
        article = coding.article
        if article.id in self.documents:
            return self.documents[article.id]
        meta = {k: v for k, v in article.meta.items() if isinstance(v, str)}
        if article.date is None:
            seconds = epoch_seconds(self.settings.undated)  # at midnight: no time of day
            message = f"no date: written as {self.settings.undated} (DNA needs one)"
            self._note("undated", message, coding)
        else:
            try:
                seconds = epoch_seconds(article.date, meta.get("time"))
            except ValueError:  # a time in meta that is none: midnight
                seconds = epoch_seconds(article.date)
        fields = {"Title": article.title, "Source": article.source or ""}
        fields |= {name: meta.get(name.lower(), "") for name in ("Author", "Section", "Type")}
        for name, value in fields.items():
            if len(value) > len(clip(value)):
                self._note("shortened", f"{name.lower()} cut to 190 characters", coding)
        cursor = self.db.execute(
            "INSERT INTO DOCUMENTS (Title, Text, Coder, Author, Source, Section, Notes, Type, "
            "Date) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)",
            (
                clip(fields["Title"]),
                article.text,
                clip(fields["Author"]),
                clip(fields["Source"]),
                clip(fields["Section"]),
                meta.get("notes", ""),
                clip(fields["Type"]),
                seconds,
            ),
        )
        self.documents[article.id] = int(cursor.lastrowid or 0)
        return self.documents[article.id]

    def actor_entities(self, actor: Actor, coding: AnnotatedDocument) -> str:
        """Write an actor's entities (person or organization, speaker, target) when first
        seen; return their value: the actor's name, made unique among the actors written."""
        if actor.id in self.actor_values:
            return self.actor_values[actor.id]
        value = self._unique_value(actor)
        if value != clip(actor.name):
            self._note(
                "renamed",
                f"actor {actor.name!r} ({actor.id}) written as {value!r}: another actor has "
                "that name",
                coding,
            )
        self.taken_values.add(value)
        self.actor_values[actor.id] = value
        aliases = [a for a in actor.aliases if fold_name(a) != fold_name(actor.name)]
        attributes = {
            TYPE: actor.type,
            COUNTRY: actor.country or "",
            ALIAS: ALIAS_SEPARATOR.join(aliases),
        }
        labels = {label.name: label for label in self.tagset.spans[MarkKind.ACTOR]}
        color = rgb((labels[actor.type].color or "") if actor.type in labels else "")
        for variable in (self._person_or_organization(actor), SPEAKER, TARGET):
            self.entity(variable, value, color, attributes)
        return value

    def _unique_value(self, actor: Actor) -> str:
        """Return the actor's name, else with its type (and a number) until no other actor
        written has it: DNA's entities are unique by value."""
        numbers = itertools.count(1)
        candidates = (f"{actor.name} ({actor.type}{f' {n}' if n > 1 else ''})" for n in numbers)
        value = clip(actor.name)
        while value in self.taken_values:
            value = clip(next(candidates))
        return value

    def _person_or_organization(self, actor: Actor) -> Variable:
        return PERSON if fold_name(actor.type) in self.settings.person_types else ORGANIZATION

    def _dna_statement(
        self,
        coding: AnnotatedDocument,
        claim: Mark,
        statement: _Statement,
        speaker: Actor | None,
        others: list[Actor],
    ) -> None:
        """Write a claim of support or opposition as a DNA Statement: the speaker in person or
        organization by its type, the other filled by an actor mentioned over exactly the
        claim's span (how an import keeps both), concept the topic, agreement the stance."""
        if claim.stance not in AGREEMENT_VALUE:
            # A neutral claim is neither: as agreement 1 or 0 it would count as support or
            # opposition in DNA's congruence and conflict networks.
            if claim.stance == NEUTRAL:
                kind, what = "no agreement", "is neutral"
            else:
                kind, what = "no stance", f"has no stance DNA knows ({claim.stance or 'none'})"
            message = (
                f"claim {claim.text[:40]!r} {what}: no DNA Statement (its agreement is yes or "
                "no); written as a Political claim with stance 0, which reads back as neutral"
            )
            self._note(kind, message, coding, claim)
            return
        roles: dict[int, Actor] = {}
        for actor in [speaker, *others]:
            if actor is not None:
                roles.setdefault(self._person_or_organization(actor).id, actor)
        values: list[tuple[Variable, int | str]] = [
            (variable, self._actor_entity(variable, roles.get(variable.id), coding))
            for variable in (PERSON, ORGANIZATION)
        ]
        values += [
            (CONCEPT, self.entity(CONCEPT, claim.label)),
            (AGREEMENT, AGREEMENT_VALUE[claim.stance]),
        ]
        self._statement(DNA_STATEMENT.id, statement, values)

    def _political_claim(
        self,
        coding: AnnotatedDocument,
        claim: Mark,
        statement: _Statement,
        actors: dict[str, Actor],
    ) -> None:
        """Write a claim as a Political claim: every field of ours, the stance as −1, 0, +1
        (0 also for a claim without a stance: DNA's integers have no empty value)."""
        values: list[tuple[Variable, int | str]] = [
            (SPEAKER, self._actor_entity(SPEAKER, _actor(actors, claim.speaker_id), coding)),
            (TARGET, self._actor_entity(TARGET, _actor(actors, claim.target_id), coding)),
            (TOPIC, self.entity(TOPIC, claim.label)),
            (STANCE, STANCE_NUMBER.get(claim.stance or "", 0)),
            (FORM, self.entity(FORM, claim.form or "")),
            (NOTE, ""),
        ]
        self._statement(POLITICAL_CLAIM.id, statement, values)

    def _actor_entity(
        self, variable: Variable, actor: Actor | None, coding: AnnotatedDocument
    ) -> int:
        if actor is None:
            return self.entity(variable, "")
        return self.entity(variable, self.actor_entities(actor, coding))

    def _statement(
        self, type_id: int, statement: _Statement, values: list[tuple[Variable, int | str]]
    ) -> None:
        cursor = self.db.execute(
            "INSERT INTO STATEMENTS (StatementTypeId, DocumentId, Start, Stop, Coder) "
            "VALUES (?, ?, ?, ?, ?)",
            (type_id, statement.document, statement.start, statement.stop, statement.coder),
        )
        statement_id = cursor.lastrowid
        for variable, value in values:
            table, column = _DATA_TABLES[variable.data_type]
            self.db.execute(
                f"INSERT INTO {table} (StatementId, VariableId, {column}) VALUES (?, ?, ?)",
                (statement_id, variable.id, value),
            )

    def _note(
        self, kind: str, message: str, coding: AnnotatedDocument, mark: Mark | None = None
    ) -> None:
        self.notes.append(
            ExportNote(
                kind, message, coding.article.id, coding.annotator, mark.id if mark else None
            )
        )


@dataclass(frozen=True)
class _Statement:
    """Where a claim's statements go: document, coder, and UTF-16 start and stop."""

    document: int
    coder: int
    start: int
    stop: int


def _actor(actors: dict[str, Actor], actor_id: str | None) -> Actor | None:
    if actor_id is None:
        return None
    return actors.get(actor_id) or Actor(actor_id, actor_id, "")
