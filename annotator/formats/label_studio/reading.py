"""Reading Label Studio JSON exports and JSON-MIN files into articles and draft records.

Both files come down to the same thing per annotation: a list of Label Studio results
(``labels`` regions, ``relation``, ``choices``, ``textarea``), which ``_draft`` reads into one
DraftRecord. JSON-MIN's flat keys are first turned back into such results (``_min_results``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.core.errors import InputProblem, ProblemCode
from annotator.core.model import Actor, Article
from annotator.core.tagset import INTENSITIES
from annotator.formats._common import ROLES, actors_from_json, article_or_problem, is_offset
from annotator.formats._drafts import DraftDocument, DraftMark, DraftRecord, actor_from_json
from annotator.formats.base import (
    SHAPE_ERRORS,
    AnnotationRecord,
    ArticleRecord,
    FormatContext,
    Origin,
    ReadResult,
    first_json_element,
    is_lenient,
    json_document_objects,
    one_record,
    shape_problem,
)
from annotator.formats.label_studio.common import (
    DOCUMENT_CHOICES,
    REGION_CHOICES,
    SPAN_CONTROLS,
    code_point_span,
)

# The document fields the ``choices`` option may map another project's Choices control to.
_MAPPABLE = ("tone", "focus_stance", "topics")


def sniff_tasks(path: Path) -> bool:
    """Say whether a .json file is a Label Studio task list (tasks with ``data``)."""
    first = first_json_element(path)
    return isinstance(first, dict) and isinstance(first.get("data"), dict)


def sniff_min(path: Path) -> bool:
    """Say whether a .json file is a Label Studio JSON-MIN export."""
    first = first_json_element(path)
    return (
        isinstance(first, dict)
        and isinstance(first.get("text"), str)
        and "data" not in first
        and ("annotation_id" in first or "annotator" in first)
    )


@dataclass(frozen=True)
class _Place:
    """Where reading is — the file and line, the task (and annotation) in words — and the
    result its problems and warnings go to."""

    origin: Origin
    label: str
    result: ReadResult

    def problem(self, message: str, code: ProblemCode) -> InputProblem:
        """Return a problem found here, its message led by where."""
        return self.origin.problem(f"{self.label}: {message}", code=code)

    def report(self, message: str, code: ProblemCode) -> None:
        """Add a problem found here to the result."""
        self.result.problems.append(self.problem(message, code))

    def warn(self, message: str, code: ProblemCode) -> None:
        """Add a warning about something here to the result."""
        self.result.warnings.append(self.problem(message, code))

    def within(self, label: str) -> _Place:
        """Return the place of a part of this one (an annotation of a task)."""
        return _Place(self.origin, label, self.result)


# -- the JSON export: tasks with annotations -----------------------------------------------------


def read_tasks_file(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read a Label Studio JSON export (or task import file) into articles and records; with
    ``lenient``, skip a task (or an annotation) with problems, with a warning."""
    lenient = is_lenient(context)
    tasks = json_document_objects(path, result, lenient, what="task")
    for number, (task, origin) in enumerate(tasks, 1):
        with one_record(result, lenient):
            try:
                _read_task(number, origin, task, result, context)
            except SHAPE_ERRORS as exc:  # a number where a list belongs, and the like
                result.problems.append(shape_problem(origin, "Label Studio task", exc))


def _read_task(
    number: int, origin: Origin, task: dict[str, Any], result: ReadResult, context: FormatContext
) -> None:
    data: dict[str, Any] = task["data"] if isinstance(task.get("data"), dict) else task
    place = _Place(origin, f"task {task.get('id', number)}", result)
    if "meta" not in data and isinstance(task.get("meta"), dict):
        data = {**data, "meta": task["meta"]}  # we keep the article's meta as the task's
    article = _article(data, '"data.text"', place, context)
    if article is None:
        return
    annotations = _kept_annotations(task, place)
    if annotations is None:
        return
    if not annotations:
        result.articles.append(ArticleRecord(article, origin))
    for index, annotation in enumerate(annotations):
        with one_record(result, is_lenient(context)):  # the other annotations stay
            _read_annotation(index, annotation, article, data.get("actors"), place, context)


def _kept_annotations(task: dict[str, Any], place: _Place) -> list[Any] | None:
    """Return a task's annotations but the cancelled (skipped) ones, or None when they are no
    list."""
    annotations = task.get("annotations", task.get("completions")) or []
    if not isinstance(annotations, list):
        place.report('"annotations" must be a list', ProblemCode.BAD_SHAPE)
        return None
    kept = [a for a in annotations if not (isinstance(a, dict) and a.get("was_cancelled"))]
    if len(kept) < len(annotations):
        place.warn(f"{len(annotations) - len(kept)} skipped annotation(s)", ProblemCode.IGNORED)
    return kept


def _read_annotation(
    index: int,
    annotation: Any,
    article: Article,
    raw_actors: Any,
    task: _Place,
    context: FormatContext,
) -> None:
    """Read one annotation of a task into a record of its coder."""
    if not isinstance(annotation, dict):
        task.report("an annotation is not an object", ProblemCode.NOT_AN_OBJECT)
        return
    place = task.within(f"{task.label}, annotation {annotation.get('id', index + 1)}")
    if not isinstance(annotation.get("result"), list):
        place.report('expected a "result" list', ProblemCode.BAD_SHAPE)
        return
    draft = _draft(annotation["result"], article.text, raw_actors, place, context)
    if draft is None:
        return
    if draft.annotator is None:
        draft.annotator = _completed_by(annotation.get("completed_by"))
    place.result.annotations.append(AnnotationRecord(article, draft, place.origin))


def _article(
    data: dict[str, Any], text_name: str, place: _Place, context: FormatContext
) -> Article | None:
    """Return the article of a task's data (or a JSON-MIN item), or report why there is none."""
    text = data.get(context.options.get("text_key", "text"))
    if not isinstance(text, str):
        place.report(f"missing {text_name} (a string)", ProblemCode.MISSING_TEXT)
        return None
    article = article_or_problem(data, text, place.origin)
    if isinstance(article, InputProblem):
        place.result.problems.append(replace(article, message=f"{place.label}: {article.message}"))
        return None
    return article


def _completed_by(value: Any) -> str | None:
    """Return a coder name from ``completed_by`` / JSON-MIN ``annotator``."""
    if isinstance(value, dict):
        for key in ("email", "username"):
            if isinstance(value.get(key), str) and value[key].strip():
                return str(value[key]).strip()
        value = value.get("id")
    if isinstance(value, str) and value.strip():
        return value.strip()
    if is_offset(value):
        return f"ls-user-{value}"
    return None


# -- JSON-MIN: one flat object per annotation ----------------------------------------------------


def read_min_file(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read a Label Studio JSON-MIN export into articles and records; with ``lenient``, skip
    an item with problems, with a warning."""
    lenient = is_lenient(context)
    items = json_document_objects(path, result, lenient, what="task")
    for number, (item, origin) in enumerate(items, 1):
        with one_record(result, lenient):
            try:
                _read_min_item(number, origin, item, result, context)
            except SHAPE_ERRORS as exc:  # a list where an actor id belongs, and the like
                result.problems.append(shape_problem(origin, "Label Studio JSON-MIN item", exc))


def _read_min_item(
    number: int, origin: Origin, item: dict[str, Any], result: ReadResult, context: FormatContext
) -> None:
    place = _Place(origin, f"item {number} (task {item.get('id')})", result)
    article = _article(item, '"text"', place, context)
    if article is None:
        return
    results = _min_results(item, place, _choices_map(context))
    if results is None:
        return
    if not results and item.get("annotation_id") is None:
        result.articles.append(ArticleRecord(article, origin))
        return
    draft = _draft(results, article.text, item.get("actors"), place, context)
    if draft is None:
        return
    if draft.annotator is None:
        draft.annotator = _completed_by(item.get("annotator"))
    result.annotations.append(AnnotationRecord(article, draft, origin))


_MIN_SKIP = {"text", "id", "annotator", "annotation_id", "created_at", "updated_at"}
_MIN_SKIP |= {"lead_time", "agreement", "title", "date", "source", "meta", "actors"}
_MIN_SKIP |= {"article_id"}


def _min_results(
    item: dict[str, Any], place: _Place, mapped: dict[str, str]
) -> list[dict[str, Any]] | None:
    """Turn a JSON-MIN object's control keys back into Label Studio results (None: a problem
    was reported)."""
    results: list[dict[str, Any]] = []
    for key, value in item.items():
        if key in _MIN_SKIP or value is None:
            continue
        values = value if isinstance(value, list) else [value]
        if key == "relations":
            if not isinstance(value, list):
                place.report('"relations" must be a list', ProblemCode.BAD_SHAPE)
                return None
            results += [{**r, "type": "relation"} for r in value if isinstance(r, dict)]
        elif key in ("coder", "note"):
            results += [
                {"from_name": key, "type": "textarea", "value": {"text": [v]}}
                for v in values
                if isinstance(v, str)
            ]
        else:
            for n, given in enumerate(values):
                found = _min_result(key, n, given, place, mapped)
                if found is not None:
                    results.append(found)
    return results


def _min_result(
    key: str, n: int, given: Any, place: _Place, mapped: dict[str, str]
) -> dict[str, Any] | None:
    """Return the Label Studio result one value of a JSON-MIN control stands for (a region, a
    choice), or None with a warning when it cannot be read."""
    if isinstance(given, dict) and "labels" in given:
        return {
            "id": str(given.get("id", f"{key}-{n + 1}")),
            "from_name": key,
            "type": "labels",
            "value": {k: x for k, x in given.items() if k not in ("id", "meta")},
            "meta": given.get("meta"),
        }
    if isinstance(given, dict) and "choices" in given:
        choice = {"from_name": key, "type": "choices", "value": given}
        if "id" in given:
            choice["id"] = str(given["id"])
        return choice
    if isinstance(given, str) and (key in DOCUMENT_CHOICES or key in mapped):
        return {"from_name": key, "type": "choices", "value": {"choices": [given]}}
    if isinstance(given, str) and key in REGION_CHOICES:
        message = f"{key} {given!r} ignored: JSON-MIN does not say which region"
        place.warn(message, ProblemCode.IGNORED)
    else:
        place.warn(f"field {key!r} ignored", ProblemCode.IGNORED)
    return None


def _choices_map(context: FormatContext) -> dict[str, str]:
    """Return the ``choices`` option as {control name: document field}."""
    mapping = {}
    for part in context.options.get("choices", "").split(","):
        control, sep, field_name = part.partition(":")
        if sep and field_name.strip() in _MAPPABLE:
            mapping[control.strip()] = field_name.strip()
    return mapping


# -- one annotation's results: a draft record ----------------------------------------------------


@dataclass(frozen=True)
class _ListedActors:
    """The actors a task lists in ``data.actors``: their ids, the first id of each name and
    type, and the actors themselves (none when one has a value of the wrong shape: ``error``)."""

    ids: set[str]
    by_name: dict[tuple[str, str], str]
    actors: list[Actor]
    error: Exception | None


def _listed_actors(raw: Any, place: _Place, problems: list[InputProblem]) -> _ListedActors:
    """Read ``data.actors``, adding what is wrong with them to ``problems``."""
    found, messages = actors_from_json(raw)
    problems += [place.problem(m, ProblemCode.BAD_SHAPE) for m in messages]
    by_name: dict[tuple[str, str], str] = {}
    for actor in found:
        by_name.setdefault((actor["name"], actor["type"]), actor["id"])
    actors: list[Actor] = []
    error: Exception | None = None
    try:
        actors = [actor_from_json(a) for a in found]
    except SHAPE_ERRORS as exc:  # a country that is no string: a problem of the record
        error = exc
    return _ListedActors({a["id"] for a in found}, by_name, actors, error)


@dataclass(frozen=True)
class _RegionMeta:
    """What our export keeps in a region's ``meta``: its actor by id (``actor``) and by name
    (the first of ``text``), and a claim's speaker and target not mentioned in the text."""

    actor: Any = None
    name: Any = None
    roles: dict[str, Any] = field(default_factory=dict)  # speaker/target -> actor id

    @classmethod
    def of(cls, meta: Any) -> _RegionMeta:
        """Return a region's ``meta`` object (anything else: none)."""
        if not isinstance(meta, dict):
            return cls()
        names = meta.get("text")
        return cls(
            actor=meta.get("actor"),
            name=names[0] if isinstance(names, list) and names else None,
            roles={role: meta[role] for role in ROLES if meta.get(role) is not None},
        )


@dataclass
class _Region:
    """A ``labels`` result: its offsets (code points), a mark per label, and its meta."""

    ref: str
    start: int
    end: int
    marks: list[DraftMark]
    meta: _RegionMeta


class _Results:
    """One annotation's results read into marks, document labels and a coder, collecting
    every problem (none is added to the result before the whole annotation is read)."""

    def __init__(self, text: str, place: _Place, mapped: dict[str, str]):
        self.text = text
        self.place = place
        self.mapped = mapped  # the ``choices`` option: other controls read as document fields
        self.problems: list[InputProblem] = []
        self.regions: dict[str, _Region] = {}
        self.document = DraftDocument()
        self.coder: str | None = None
        self.converted = False  # some offsets were counted in UTF-16 units

    def report(self, message: str, code: ProblemCode) -> None:
        """Note a problem of the annotation."""
        self.problems.append(self.place.problem(message, code))

    def region(self, index: int, item: dict[str, Any]) -> None:
        """Read a ``labels`` result: a region with one mark per label."""
        value = _value(item)
        ref = str(item.get("id"))
        if ref in self.regions:
            self.report(f"result[{index}]: duplicate region id {ref!r}", ProblemCode.BAD_MARK)
            return
        start, end, labels = value.get("start"), value.get("end"), value.get("labels")
        if not (is_offset(start) and is_offset(end)):
            message = f"result[{index}] (region {ref}): start and end must be integers"
            self.report(message, ProblemCode.BAD_OFFSETS)
            return
        if not isinstance(labels, list) or not labels:
            self.report(f"result[{index}] (region {ref}): no labels", ProblemCode.BAD_MARK)
            return
        span_text = value.get("text")
        start, end, converted = code_point_span(self.text, start, end, span_text)
        self.converted |= converted
        if not isinstance(span_text, str):
            span_text = self.text[start:end] if 0 <= start < end <= len(self.text) else ""
        kind = SPAN_CONTROLS.get(str(item.get("from_name")))
        marks = [
            DraftMark(
                start=start,
                end=end,
                text=span_text,
                label=str(label),
                ref=ref,
                kind=kind.value if kind is not None else None,
            )
            for label in labels
        ]
        self.regions[ref] = _Region(ref, start, end, marks, _RegionMeta.of(item.get("meta")))

    def other(self, index: int, item: dict[str, Any]) -> None:
        """Read a result that is no region: a relation, a textarea or choices."""
        type_ = item.get("type")
        name = str(item.get("from_name"))
        if type_ == "relation":
            self.relation(index, item)
        elif type_ == "textarea":
            self.textarea(name, _value(item))
        elif type_ == "choices":
            self.choices(index, item, name, _value(item))
        else:
            self.place.warn(f"result type {type_!r} ignored", ProblemCode.IGNORED)

    def relation(self, index: int, item: dict[str, Any]) -> None:
        """Make a speaker or target relation its source marks' reference to its target."""
        source, target = str(item.get("from_id")), str(item.get("to_id"))
        for ref in (source, target):
            if ref not in self.regions:
                message = (
                    f"result[{index}]: relation names region {ref!r}, which is not in the result"
                )
                self.report(message, ProblemCode.UNKNOWN_REFERENCE)
                return
        if item.get("direction") == "left":
            source, target = target, source
        labels = item.get("labels") or []
        for label in labels if isinstance(labels, list) else [labels]:
            role = str(label).casefold()
            if role in ROLES:
                for mark in self.regions[source].marks:
                    setattr(mark, f"{role}_mark", target)
            else:
                message = f"relation {label!r} ignored (only speaker and target)"
                self.place.warn(message, ProblemCode.IGNORED)

    def textarea(self, name: str, value: dict[str, Any]) -> None:
        """Read the ``coder`` or ``note`` textarea."""
        texts = value.get("text")
        first = texts[0] if isinstance(texts, list) and texts else texts
        if name == "coder" and isinstance(first, str) and first.strip():
            self.coder = first.strip()
        elif name == "note" and isinstance(first, str):
            self.document.note = first
        else:
            self.place.warn(f"textarea {name!r} ignored", ProblemCode.IGNORED)

    def choices(self, index: int, item: dict[str, Any], name: str, value: dict[str, Any]) -> None:
        """Read a ``choices`` result: of a region, of the document, or of a mapped control."""
        choices = value.get("choices")
        if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
            self.report(f"result[{index}]: choices must be a list of names", ProblemCode.BAD_SHAPE)
        elif name in REGION_CHOICES:
            self.region_choice(index, item, name, value, choices)
        elif name in DOCUMENT_CHOICES or name in self.mapped:
            self.document_choice(self.mapped.get(name, name), choices)
        else:
            self.place.warn(
                f"choices {name!r} ignored (map them with the option "
                f"choices={name}:tone, focus_stance or topics)",
                ProblemCode.IGNORED,
            )

    def document_choice(self, field_name: str, choices: list[str]) -> None:
        """Set a document field (tone, focus_stance, status) or add topics."""
        if field_name == "topics":
            topics = self.document.topics
            self.document.topics = (*topics, *[c for c in choices if c not in topics])
        elif choices:
            setattr(self.document, field_name, choices[0])

    def region_choice(
        self, index: int, item: dict[str, Any], name: str, value: dict[str, Any], choices: list[str]
    ) -> None:
        """Set a region's stance, form or intensity; the region is the one of the result's id,
        else the one region at its offsets."""
        region = self.regions.get(str(item.get("id")))
        if region is None:
            found = [
                r
                for r in self.regions.values()
                if (r.start, r.end) == (value.get("start"), value.get("end"))
            ]
            if len(found) != 1:
                message = f"result[{index}]: {name} choice names no single region"
                self.report(message, ProblemCode.UNKNOWN_REFERENCE)
                return
            region = found[0]
        if not choices:
            return
        choice: str | int = choices[0]
        if name == "intensity":
            if not choices[0].isdigit() or int(choices[0]) not in INTENSITIES:
                message = f"result[{index}]: intensity {choices[0]!r} is not one of 1, 2, 3"
                self.report(message, ProblemCode.BAD_MARK)
                return
            choice = int(choices[0])
        for mark in region.marks:
            setattr(mark, name, choice)

    def apply_meta(self, region: _Region, listed: _ListedActors) -> None:
        """Give a region's marks their actor, and the speaker and target its meta names that
        no relation gave."""
        meta = region.meta
        for mark in region.marks:
            actor_id = meta.actor
            if actor_id not in listed.ids and isinstance(meta.name, str):
                actor_id = listed.by_name.get((meta.name, mark.label))
            if actor_id in listed.ids:
                mark.actor = actor_id
            for role, given in meta.roles.items():
                if getattr(mark, f"{role}_mark") is not None:
                    continue  # a relation wins
                if given not in listed.ids:
                    message = f"region {region.ref}: {role} {given} is not in data.actors"
                    self.report(message, ProblemCode.UNKNOWN_ACTOR)
                else:
                    setattr(mark, role, given)


def _value(item: dict[str, Any]) -> dict[str, Any]:
    """Return a result's ``value`` object (anything else: empty)."""
    value = item.get("value")
    return value if isinstance(value, dict) else {}


def _draft(
    results: list[Any], text: str, raw_actors: Any, place: _Place, context: FormatContext
) -> DraftRecord | None:
    """Return one annotation's draft from its Label Studio results, or None with its problems
    in the result. Regions are read first: relations and choices name them."""
    reading = _Results(text, place, _choices_map(context))
    listed = _listed_actors(raw_actors, place, reading.problems)
    others = []
    for index, item in enumerate(results):
        if not isinstance(item, dict):
            reading.report(f"result[{index}]: expected an object", ProblemCode.NOT_AN_OBJECT)
        elif item.get("type") == "labels":
            reading.region(index, item)
        else:
            others.append((index, item))
    if reading.converted:
        place.warn("offsets counted in UTF-16 units were converted", ProblemCode.BAD_OFFSETS)
    for index, item in others:
        reading.other(index, item)
    for region in reading.regions.values():
        reading.apply_meta(region, listed)
    if reading.problems:
        place.result.problems += reading.problems
        return None
    if listed.error is not None:
        place.result.problems.append(shape_problem(place.origin, "record", listed.error))
        return None
    return DraftRecord(
        marks=[m for region in reading.regions.values() for m in region.marks],
        annotator=reading.coder,
        document=reading.document,
        actors=listed.actors,
    )
