"""Records read from other tools, completed into ours — pure, no database: given the tag set,
the label map of the import and a way to find actors by name or alias, a record whose marks lack
kinds, ids or actors (the allowances formats/base.py lists: ``ref``, ``speaker_mark``,
``target_mark``, ``speaker_name``, ``target_name``, ``actor_name``, ``named_actors``) becomes a
record of our shape, or a list of problems. Ids are derived (uuid5) from what the record says,
so importing the same file again changes nothing.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

from annotator.core.errors import InputProblem
from annotator.core.label_map import LabelMap, LabelTarget, describe
from annotator.core.model import Actor, MarkKind
from annotator.core.tagset import TagSet
from annotator.core.text import fold_name
from annotator.formats.base import Origin

MARK_NAMESPACE = uuid.UUID("5b0d7f0e-3c56-4b43-9a4e-8a4f1f0c2d71")
ActorsNamed = Callable[[str], list[Actor]]  # actors with this name or alias


class LabelUse:
    """The label map of one import: the one given over the project's saved one; counts which
    saved mappings were used and which labels' marks were left out, to say so."""

    def __init__(self, saved: LabelMap, given: LabelMap):
        self.saved, self.given = saved, given
        self._folded = {k.casefold(): k for k in (*saved, *given)}
        self.used_saved: Counter[str] = Counter()
        self.left_out: Counter[str] = Counter()

    def find(self, label: str) -> tuple[str, LabelTarget] | None:
        """Return (the map's key, its target) for a label (exact, else ignoring case)."""
        for key in (label, self._folded.get(label.casefold())):
            if key is None:
                continue
            if key in self.given:
                target = self.given[key]
            elif key in self.saved:
                target = self.saved[key]
                self.used_saved[key] += 1
            else:
                continue
            if target is None:
                self.left_out[key] += 1
            return key, target
        return None

    def notes(self) -> list[InputProblem]:
        """Say what the saved map decided, and what was left out."""
        notes = []
        if self.used_saved:
            mapping = describe(self.saved, sorted(self.used_saved))
            message = f"mapped as saved in the project: {mapping}"
            notes.append(InputProblem("label map", None, message))
        notes += [
            InputProblem("label map", None, f"{n} mark(s) labelled {label!r} left out (skip)")
            for label, n in sorted(self.left_out.items())
        ]
        return notes

    def to_save(self) -> LabelMap:
        """Return the project's map with this import's given mappings over it."""
        return {**self.saved, **self.given}


class RecordResolver:
    """Completes the records of one import (the tag set, the label use and the actor lookup
    are the import's)."""

    def __init__(self, tagset: TagSet, labels: LabelUse, actors_named: ActorsNamed):
        self.tagset, self.labels, self.actors_named = tagset, labels, actors_named

    def resolve(
        self, data: dict[str, Any], article_id: str, annotator: str, origin: Origin
    ) -> tuple[dict[str, Any], list[InputProblem]]:
        """Complete a record read from another tool (see formats/base.py): kinds, ids, actors.

        Return the record in our shape, and its problems (an unknown label, a speaker no one
        knows…); marks of labels mapped to skip are left out (and counted in the label use).
        """
        labels = self.labels
        raw_marks = [dict(m) for m in data.get("marks", []) if isinstance(m, dict)]
        data = {**data, "actors": list(data.get("actors") or []), "marks": []}
        problems: list[InputProblem] = []
        by_label = {
            label.name.casefold(): (kind, label.name)
            for kind, label in self.tagset.all_span_labels()
        }
        mentions: dict[str, str] = {}  # mention mark id -> actor id, for speaker_mark/target_mark
        named: dict[str, str] = {}  # folded actor name or mention text -> actor id, for *_name
        new_actors: dict[tuple[str, str], str] = {}  # (type, folded text) -> actor id
        known_ids = {a["id"] for a in data["actors"]}
        for entry in data.pop("named_actors", None) or ():
            problems += self._named_actor(entry, data["actors"], known_ids, named, origin)
        for index, mark in enumerate(raw_marks):
            label = str(mark.get("label", ""))
            kind = mark.get("kind")
            consult = label in labels.given or label.casefold() not in by_label  # ours win
            mapped = labels.find(label) if consult else None
            if mapped is not None:
                target = mapped[1]
                if target is None:
                    continue  # mapped to skip: left out, and counted
                kind, label = target[0].value, target[1]
            elif kind is None and label.casefold() in by_label:
                found_kind, label = by_label[label.casefold()]
                kind = found_kind.value
            if kind is None:
                problems.append(
                    origin.problem(
                        f"marks[{index}]: unknown label {label!r}; map it with "
                        f"--map-label {label!r}=KIND:LABEL (e.g. actor:Person, or skip)",
                        unknown_label=label,
                        code="unknown label",
                    )
                )
                continue
            mark["kind"], mark["label"] = kind, label
            if not mark.get("id"):
                key = (
                    f"{article_id}|{annotator}|{kind}|{label}|{mark.get('start')}|{mark.get('end')}"
                )
                mark["id"] = str(uuid.uuid5(MARK_NAMESPACE, key))
            if kind == "actor" and not mark.get("actor"):
                text = str(mark.get("text", ""))
                # A pre-annotation may name the actor ("Xi Jinping" for "the president").
                name = str(mark.pop("actor_name", "") or text)
                matches = [a for a in self.actors_named(name) if a.type == label]
                if matches:
                    mark["actor"] = matches[0].id
                else:
                    key2 = (label, fold_name(name))
                    if key2 not in new_actors:
                        new_actors[key2] = str(
                            uuid.uuid5(MARK_NAMESPACE, f"actor|{label}|{key2[1]}")
                        )
                        if new_actors[key2] not in known_ids:
                            data["actors"].append(
                                {
                                    "id": new_actors[key2],
                                    "name": name,
                                    "type": label,
                                    "aliases": [name],
                                }
                            )
                            known_ids.add(new_actors[key2])
                    mark["actor"] = new_actors[key2]
                named[fold_name(name)] = named[fold_name(text)] = mark["actor"]
            ref = mark.pop("ref", None)
            if kind == "actor":
                mentions[ref or mark["id"]] = mark["actor"]
            data["marks"].append(mark)
        for mark in data["marks"]:
            problems += self._actors_by_name(mark, named, origin)
            for role, field_ in (("speaker_mark", "speaker"), ("target_mark", "target")):
                ref = mark.pop(role, None)
                if ref is None:
                    continue
                if ref not in mentions:
                    problems.append(
                        origin.problem(
                            f"mark {mark['id']}: {role} {ref} is not an actor mention here",
                            code="unknown actor",
                        )
                    )
                elif mark["kind"] == "claim" or field_ == "target":
                    mark[field_] = mentions[ref]
            if mark["kind"] == "claim":
                for field_ in ("speaker", "target", "stance", "form"):
                    mark.setdefault(field_, None)
            elif mark["kind"] == "sentiment":
                mark.setdefault("intensity", None)
                mark.setdefault("target", None)
        return data, problems

    def _named_actor(
        self,
        entry: dict[str, str],
        actors: list[dict[str, Any]],
        known_ids: set[str],
        named: dict[str, str],
        origin: Origin,
    ) -> list[InputProblem]:
        """Resolve an actor a record names without a mention (a model's answer): the
        registry's of that name or alias and type, else a new one (the same id every time)."""
        name, type_ = entry["name"], entry["type"]
        if not self.tagset.has_span_label(MarkKind.ACTOR, type_):
            return [
                origin.problem(
                    f"actor {name!r}: {type_!r} is not an actor type of the tag set",
                    code="unknown label",
                )
            ]
        known = [a for a in self.actors_named(name) if a.type == type_]
        if known:
            named[fold_name(name)] = known[0].id
            return []
        actor_id = str(uuid.uuid5(MARK_NAMESPACE, f"actor|{type_}|{fold_name(name)}"))
        if actor_id not in known_ids:
            actors.append({"id": actor_id, "name": name, "type": type_, "aliases": [name]})
            known_ids.add(actor_id)
        named[fold_name(name)] = actor_id
        return []

    def _actors_by_name(
        self, mark: dict[str, Any], named: dict[str, str], origin: Origin
    ) -> list[InputProblem]:
        """Resolve a pre-annotation's speaker or target given by name: an actor this record
        mentions, else the registry's actor of that name or alias."""
        problems = []
        for field_ in ("speaker", "target"):
            name = mark.pop(f"{field_}_name", None)
            if name is None:
                continue
            actor_id = named.get(fold_name(name))
            if actor_id is None:
                known = self.actors_named(name)
                actor_id = known[0].id if known else None
            if actor_id is None:
                problems.append(
                    origin.problem(
                        f"mark {mark['id']}: {field_} {name!r} is neither an actor this record "
                        "mentions nor one of the registry",
                        code="unknown actor",
                    )
                )
            elif mark["kind"] == "claim" or field_ == "target":
                mark[field_] = actor_id
        return problems
