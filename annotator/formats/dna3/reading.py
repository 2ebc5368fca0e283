"""Reading DNA 3 project files, opened read-only: documents become articles, statements claims.

The file is checked first: an SQLite database whose SETTINGS say DNA 3.x and whose tables have
the columns read here; anything else (not SQLite, not DNA, DNA 2, a newer DNA) is one problem
naming the file. Documents are then read one at a time, each with its statements.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import ProblemCode
from annotator.core.model import Article, MarkKind
from annotator.core.offsets import Utf16Map
from annotator.core.tagset import TagSet
from annotator.core.text import fold_name
from annotator.formats._drafts import DraftMark, DraftRecord, NamedActor
from annotator.formats.base import (
    MAX_PROBLEMS,
    SHAPE_ERRORS,
    AnnotationRecord,
    ArticleError,
    ArticleRecord,
    FormatContext,
    FormatOption,
    Origin,
    ReadResult,
    Record,
    is_lenient,
    make_article,
    one_record,
    shape_problem,
)
from annotator.formats.dna3.common import (
    ALIAS,
    ALIAS_SEPARATOR,
    COUNTRY,
    FORM,
    POLITICAL_CLAIM,
    SPEAKER,
    STANCE,
    TARGET,
    TOPIC,
    PERSON_TYPES,
    TYPE,
    DnaFileError,
    check_dna3,
    day_and_time,
    stance_of_number,
)

SPEAKER_VARIABLES = FormatOption(
    "speaker",
    "Variables naming the speaker (comma-separated, first filled wins)",
    default="organization,person",
    help="The other variables' values become actor mentions over the statement",
)
TARGET_VARIABLE = FormatOption("target", "Variable naming the target", help="Default: none")
TOPIC_VARIABLE = FormatOption(
    "topic",
    "Variable holding the topic",
    default="concept",
    help="Statements of types without it are left out",
)
STANCE_VARIABLE = FormatOption(
    "stance",
    "Variable holding the stance",
    default="agreement",
    help="Boolean: 1 support, 0 oppose; integer: its sign; text: a stance name",
)
FORM_VARIABLE = FormatOption("form", "Variable holding the claim form", help="Default: none")
ACTOR_TYPE = FormatOption(
    "actor_type",
    "Actor type of entities whose Type is not one of ours",
    default="Organization",
    help="Entities of 'person' get the first person type instead",
)
READ_OPTIONS = (
    SPEAKER_VARIABLES,
    TARGET_VARIABLE,
    TOPIC_VARIABLE,
    STANCE_VARIABLE,
    FORM_VARIABLE,
    PERSON_TYPES,
    ACTOR_TYPE,
)
# Mark ids derive from what a statement says, so importing a file again changes nothing.
NAMESPACE = uuid.UUID("0c6e0f5e-8d52-4c1e-b1a4-3f2b9a3d7e61")
_VALUES = " UNION ALL ".join(
    f"SELECT d.StatementId, d.VariableId, {value}, {entity} FROM {table} AS d "
    f"JOIN STATEMENTS AS s ON s.ID = d.StatementId {join}WHERE s.DocumentId = ?"
    for table, value, entity, join in (
        ("DATASHORTTEXT", "e.Value", "e.ID", "LEFT JOIN ENTITIES AS e ON e.ID = d.Entity "),
        ("DATALONGTEXT", "d.Value", "NULL", ""),
        ("DATAINTEGER", "d.Value", "NULL", ""),
        ("DATABOOLEAN", "d.Value", "NULL", ""),
    )
)


def open_read_only(path: Path) -> sqlite3.Connection:
    """Open a DNA file read-only (never written, not even its journal) and check it is one."""
    if not path.is_file():
        raise DnaFileError("no such file" if not path.exists() else "is not a file")
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check_dna3(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise DnaFileError(f"not a DNA database (SQLite says: {exc})") from exc
    except DnaFileError:
        db.close()
        raise
    return db


@dataclass(frozen=True)
class _Value:
    """A statement's value of one variable: the text or number, and its entity if short text."""

    value: Any
    entity: int | None = None

    def text(self) -> str:
        return "" if self.value is None else str(self.value).strip()


@dataclass
class _Catalog:
    """What every document's statements refer to: coders, types, variables, attributes."""

    coders: dict[int, str]
    types: dict[int, str]
    variables: dict[int, tuple[str, str, int]]  # id -> (name, data type, statement type)
    attributes: dict[int, dict[str, str]]  # entity id -> attribute (folded name) -> value
    ours: set[int] = field(default_factory=set)  # our Political claim types

    @classmethod
    def load(cls, db: sqlite3.Connection) -> _Catalog:
        """Read the coders, types, variables and entity attributes of a DNA database."""
        attributes: dict[int, dict[str, str]] = {}
        for entity, name, value in db.execute(
            "SELECT a.EntityId, v.AttributeVariable, a.AttributeValue FROM ATTRIBUTEVALUES AS a "
            "JOIN ATTRIBUTEVARIABLES AS v ON v.ID = a.AttributeVariableId"
        ):
            attributes.setdefault(entity, {})[str(name).casefold()] = str(value or "")
        catalog = cls(
            coders={i: str(n) for i, n in db.execute("SELECT ID, Name FROM CODERS")},
            types={i: str(n) for i, n in db.execute("SELECT ID, Label FROM STATEMENTTYPES")},
            variables={
                i: (str(n), str(t), s)
                for i, n, t, s in db.execute(
                    "SELECT ID, Variable, DataType, StatementTypeId FROM VARIABLES"
                )
            },
            attributes=attributes,
        )
        for type_id, label in catalog.types.items():
            kinds = catalog.variables_of(type_id)
            if (
                label.casefold() == POLITICAL_CLAIM.label.casefold()
                and {SPEAKER.name, TOPIC.name} <= kinds.keys()
                and kinds.get(STANCE.name) == STANCE.data_type
            ):
                catalog.ours.add(type_id)
        return catalog

    def variables_of(self, type_id: int) -> dict[str, str]:
        """Return a statement type's variables: name -> data type."""
        return {n: t for n, t, s in self.variables.values() if s == type_id}


@dataclass(frozen=True)
class _Mapping:
    """Which variables of other statement types mean what (the read options)."""

    speaker: tuple[str, ...]
    target: str
    topic: str
    stance: str
    form: str
    person_types: tuple[str, ...]  # folded
    actor_type: str

    @classmethod
    def of(cls, context: FormatContext) -> _Mapping:
        """Return the mapping the options ask for."""

        def names(option: FormatOption) -> tuple[str, ...]:
            return tuple(n.strip() for n in option.value(context).split(",") if n.strip())

        return cls(
            speaker=names(SPEAKER_VARIABLES),
            target=TARGET_VARIABLE.value(context).strip(),
            topic=TOPIC_VARIABLE.value(context).strip(),
            stance=STANCE_VARIABLE.value(context).strip(),
            form=FORM_VARIABLE.value(context).strip(),
            person_types=tuple(fold_name(n) for n in names(PERSON_TYPES)),
            actor_type=ACTOR_TYPE.value(context).strip(),
        )


@dataclass(frozen=True)
class _Claim:
    """What one statement says in our terms; actors as (variable, value) pairs."""

    topic: str
    speaker: tuple[str, _Value] | None
    target: tuple[str, _Value] | None
    stance: str | None
    form: str | None
    others: tuple[tuple[str, _Value], ...]  # further actors: mentions over the statement


def read_dna3(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read a DNA 3 file's documents and statements into the result."""
    for record in scan_dna3(path, result, context):
        if isinstance(record, ArticleRecord):
            result.articles.append(record)
        else:
            result.annotations.append(record)


def scan_dna3(path: Path, result: ReadResult, context: FormatContext) -> Iterator[Record]:
    """Yield a DNA 3 file's articles and annotation records (one per document and coder)."""
    try:
        db = open_read_only(path)
    except DnaFileError as exc:
        result.problems.append(Origin(str(path)).problem(str(exc), skippable=False, code=exc.code))
        return
    with closing(db):
        try:
            yield from _Reader(db, path, result, context).records()
        except sqlite3.DatabaseError as exc:
            message = f"cannot be read as a DNA database: {exc}"
            result.problems.append(
                Origin(str(path)).problem(message, skippable=False, code=ProblemCode.UNREADABLE)
            )


class _Reader:
    """One DNA file being read: its catalog, the mapping, and what to warn about at the end."""

    def __init__(
        self, db: sqlite3.Connection, path: Path, result: ReadResult, context: FormatContext
    ):
        self.db, self.path, self.result = db, path, result
        self.tagset: TagSet = context.tagset
        self.lenient = is_lenient(context)
        self.mapping = _Mapping.of(context)
        self.catalog = _Catalog.load(db)
        self.left_out: Counter[tuple[str, str]] = Counter()  # (type, why) -> statements
        # (DNA type, ours) -> the entities (variable, id) given that type
        self.foreign_types: dict[tuple[str, str], set[tuple[str, int | None]]] = {}
        self.merged = 0
        actor_labels = self.tagset.spans[MarkKind.ACTOR]
        self.actor_labels = {label.name.casefold(): label.name for label in actor_labels}
        persons = [
            label.name
            for t in self.mapping.person_types
            for label in actor_labels
            if fold_name(label.name) == t
        ]
        self.person_type = persons[0] if persons else "Person"
        self.span_labels = {label.name.casefold() for _, label in self.tagset.all_span_labels()}
        self.stances = {label.name.casefold(): label.name for label in self.tagset.claim_stance}

    def records(self) -> Iterator[Record]:
        """Yield each document's records, then add the warnings of the whole file."""
        total = self.db.execute("SELECT COUNT(*) FROM DOCUMENTS").fetchone()[0] or 1
        size = self.path.stat().st_size
        rows = self.db.execute(
            "SELECT ID, Title, Text, Author, Source, Section, Notes, Type, Date "
            "FROM DOCUMENTS ORDER BY ID"
        )
        for done, row in enumerate(rows, start=1):
            if len(self.result.problems) >= MAX_PROBLEMS:
                return
            origin = Origin(f"{self.path} [document {row[0]}]")
            records: list[Record] = []
            before = len(self.result.problems)
            with one_record(self.result, self.lenient):
                try:
                    records = self._document(row, origin)
                except SHAPE_ERRORS as exc:
                    self.result.problems.append(shape_problem(origin, "document", exc))
                # A document with a problem yields nothing (with lenient: skipped whole).
                if len(self.result.problems) > before:
                    records = []
            self.result.bytes_read = size * done // total
            yield from records
        self._warn()

    def _document(self, row: tuple[Any, ...], origin: Origin) -> list[Record]:
        """Return a document's records: its article alone, or one record per coder."""
        article = self._article(row, origin)
        if article is None:
            return []
        values: dict[int, dict[str, _Value]] = {}
        for statement, variable, value, entity in self.db.execute(_VALUES, [row[0]] * 4):
            name = self.catalog.variables.get(variable, ("", "", 0))[0]
            values.setdefault(statement, {})[name] = _Value(value, entity)
        by_coder: dict[int, list[tuple[int, int, int, int]]] = {}
        for statement_id, type_id, start, stop, coder in self.db.execute(
            "SELECT ID, StatementTypeId, Start, Stop, Coder FROM STATEMENTS "
            "WHERE DocumentId = ? ORDER BY Coder, Start, Stop, ID",
            [row[0]],
        ):
            by_coder.setdefault(coder, []).append((statement_id, type_id, start, stop))
        units = Utf16Map(article.text)
        records: list[Record] = []
        for coder, statements in by_coder.items():
            draft = self._draft(article, units, coder, statements, values, origin)
            if draft is not None and draft.marks:
                records.append(AnnotationRecord(article, draft, origin))
        return records or [ArticleRecord(article, origin)]

    def _article(self, row: tuple[Any, ...], origin: Origin) -> Article | None:
        """Return a document as an article (title, source, date; author, section, type, notes
        and a time of day in its meta), or None with the problem recorded."""
        _id, title, text, author, source, section, notes, kind, seconds = row
        day, at = day_and_time(int(seconds)) if seconds else (None, None)
        meta = {
            key: str(value)
            for key, value in (
                ("author", author),
                ("section", section),
                ("type", kind),
                ("notes", notes),
                ("time", at),
            )
            if value
        }
        try:
            return make_article(
                str(text or ""), title=str(title or ""), date=day, source=source or None, meta=meta
            )
        except ArticleError as exc:
            self.result.problems.append(origin.problem(str(exc), code=exc.code))
            return None

    def _draft(
        self,
        article: Article,
        units: Utf16Map,
        coder: int,
        statements: list[tuple[int, int, int, int]],
        values: dict[int, dict[str, _Value]],
        origin: Origin,
    ) -> DraftRecord | None:
        """Return one coder's statements on a document as a draft (None: a problem)."""
        name = self.catalog.coders.get(coder, f"DNA coder {coder}")
        draft = DraftRecord(annotator=name)
        named: dict[tuple[str, str], NamedActor] = {}
        # Our own Political claims, by span, with the actors they name: a statement of
        # another type at such a span is their twin (our DNA Statement beside them).
        ours: dict[tuple[int, int], set[str]] = {}
        for statement_id, type_id, start, stop in statements:
            claim = self._read(type_id, values.get(statement_id, {}))
            if type_id in self.catalog.ours and isinstance(claim, _Claim):
                roles = (claim.speaker, claim.target)
                named_here = {fold_name(r[1].text()) for r in roles if r is not None}
                ours.setdefault((start, stop), set()).update(named_here)
        for statement_id, type_id, start, stop in statements:
            try:
                begin, end = units.from_utf16(start), units.from_utf16(stop)
            except ValueError:
                message = (
                    f"statement {statement_id}: offsets {start}-{stop} are outside the "
                    f"document's text ({units.utf16_length} UTF-16 units)"
                )
                self.result.problems.append(origin.problem(message, code=ProblemCode.BAD_OFFSETS))
                return None
            claim = self._read(type_id, values.get(statement_id, {}))
            if isinstance(claim, str):
                self.left_out[(self.catalog.types.get(type_id, str(type_id)), claim)] += 1
                continue
            twin = ours.get((start, stop)) if type_id not in self.catalog.ours else None
            marks = self._marks(article, name, (begin, end), claim, twin, named)
            known = {m.id for m in draft.marks}
            self.merged += sum(m.id in known for m in marks)
            draft.marks += [m for m in marks if m.id not in known]
        draft.named_actors = list(named.values())
        return draft

    def _read(self, type_id: int, values: dict[str, _Value]) -> _Claim | str:
        """Return what a statement says, or why it is left out."""
        claim = self._meaning(type_id, values)
        if isinstance(claim, _Claim) and not claim.topic:
            return "its topic is empty"
        return claim

    def _meaning(self, type_id: int, values: dict[str, _Value]) -> _Claim | str:
        if type_id in self.catalog.ours:
            stance = values.get(STANCE.name)
            return _Claim(
                topic=values[TOPIC.name].text() if TOPIC.name in values else "",
                speaker=_named(SPEAKER.name, values),
                target=_named(TARGET.name, values),
                stance=stance_of_number(int(stance.value)) if stance is not None else None,
                form=values[FORM.name].text() or None if FORM.name in values else None,
                others=(),
            )
        mapping = self.mapping
        if mapping.topic not in self.catalog.variables_of(type_id):
            return f"it has no variable {mapping.topic!r} (--option topic=…)"
        actors = [(v, values[v]) for v in mapping.speaker if v in values and values[v].text()]
        form = values.get(mapping.form)
        return _Claim(
            topic=values[mapping.topic].text() if mapping.topic in values else "",
            speaker=actors[0] if actors else None,
            target=_named(mapping.target, values),
            stance=self._stance(type_id, values.get(mapping.stance)),
            form=form.text() or None if form is not None else None,
            others=tuple(actors[1:]),
        )

    def _stance(self, type_id: int, given: _Value | None) -> str | None:
        """Return the stance a value means: boolean 1 support, 0 oppose; an integer's sign;
        text, the tag set's stance of that name (other text as it is, for the check)."""
        if given is None:
            return None
        data_type = self.catalog.variables_of(type_id).get(self.mapping.stance)
        if data_type == "boolean":
            return "support" if int(given.value) else "oppose"
        if data_type == "integer":
            return stance_of_number(int(given.value))
        text = given.text()
        return self.stances.get(text.casefold(), text) if text else None

    def _marks(
        self,
        article: Article,
        coder: str,
        span: tuple[int, int],
        claim: _Claim,
        twin: set[str] | None,
        named: dict[tuple[str, str], NamedActor],
    ) -> list[DraftMark]:
        """Return a statement's marks: its claim, unless it twins our Political claims (then
        only the actors they do not name are new), and a mention over it of each further
        actor."""
        start, end = span
        text = article.text[start:end]
        marks, others = [], list(claim.others)
        if twin is None:
            marks.append(self._claim_mark(article, coder, span, claim, named))
        else:
            actors = [a for a in (claim.speaker, *claim.others) if a is not None]
            others = [a for a in actors if fold_name(a[1].text()) not in twin]
        for variable, value in others:
            actor = self._actor(variable, value, named)
            key = f"{article.id}|{coder}|actor|{actor.type}|{actor.name}|{start}|{end}"
            marks.append(
                DraftMark(
                    id=str(uuid.uuid5(NAMESPACE, key)),
                    kind=MarkKind.ACTOR.value,
                    label=actor.type,
                    actor_name=actor.name,
                    start=start,
                    end=end,
                    text=text,
                )
            )
        return marks

    def _claim_mark(
        self,
        article: Article,
        coder: str,
        span: tuple[int, int],
        claim: _Claim,
        named: dict[tuple[str, str], NamedActor],
    ) -> DraftMark:
        start, end = span
        speaker = self._actor(*claim.speaker, named) if claim.speaker else None
        target = self._actor(*claim.target, named) if claim.target else None
        fields = (claim.topic, speaker, target, claim.stance, claim.form)
        key = "|".join([article.id, coder, str(start), str(end), *map(repr, fields)])
        return DraftMark(
            id=str(uuid.uuid5(NAMESPACE, key)),
            # A topic the tag set does not know goes through the label map (kind None);
            # one it knows, also as another kind's label, stays a claim.
            kind=MarkKind.CLAIM.value if claim.topic.casefold() in self.span_labels else None,
            label=claim.topic,
            start=start,
            end=end,
            text=article.text[start:end],
            speaker_name=speaker.name if speaker else None,
            target_name=target.name if target else None,
            stance=claim.stance,
            form=claim.form,
        )

    def _actor(
        self, variable: str, value: _Value, named: dict[tuple[str, str], NamedActor]
    ) -> NamedActor:
        """Return the actor an entity is: its name, type, country and aliases."""
        attributes = self.catalog.attributes.get(value.entity or -1, {})
        given = attributes.get(TYPE.casefold(), "").strip()
        actor_type = self._actor_type(variable, given)
        if given and given.casefold() != actor_type.casefold():
            self.foreign_types.setdefault((given, actor_type), set()).add((variable, value.entity))
        aliases = attributes.get(ALIAS.casefold(), "").split(ALIAS_SEPARATOR.strip())
        actor = NamedActor(
            name=value.text(),
            type=actor_type,
            country=attributes.get(COUNTRY.casefold(), "").strip() or None,
            aliases=tuple(a.strip() for a in aliases if a.strip()),
        )
        return named.setdefault((actor.name, actor.type), actor)

    def _actor_type(self, variable: str, given: str) -> str:
        """Return an entity's actor type: its Type when a tag-set type fitting its variable
        ('person' holds persons, 'organization' others), else the variable's default."""
        found = self.actor_labels.get(given.casefold())
        is_person = found is not None and fold_name(found) in self.mapping.person_types
        if variable == "person":
            return found if found is not None and is_person else self.person_type
        if found is not None and not (variable == "organization" and is_person):
            return found
        return self.mapping.actor_type

    def _warn(self) -> None:
        """Say what was left out or changed, once per file."""
        where = Origin(str(self.path))
        for (type_label, why), n in sorted(self.left_out.items()):
            message = f"{n} statement(s) of type {type_label!r} left out: {why}"
            self.result.warnings.append(where.problem(message))
        if self.foreign_types:
            listed = ", ".join(
                f"{given} → {ours} ({len(entities)})"
                for (given, ours), entities in sorted(self.foreign_types.items())
            )
            self.result.warnings.append(
                where.problem(f"entities whose Type is no actor type of the tag set: {listed}")
            )
        if self.merged:
            message = f"{self.merged} statement(s) identical to another of the same coder merged"
            self.result.warnings.append(where.problem(message))


def _named(variable: str, values: dict[str, _Value]) -> tuple[str, _Value] | None:
    value = values.get(variable) if variable else None
    return (variable, value) if value is not None and value.text() else None
