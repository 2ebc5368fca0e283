"""The tag set: which labels a project codes with, their colours, keys and guidelines."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import TagSetError
from annotator.core.model import MarkKind
from annotator.core.resources import default_tagset_path, schema_path

if TYPE_CHECKING:
    import jsonschema

DEFAULT_FOCUS = "China–Pakistan relations"
INTENSITIES = (1, 2, 3)
DEFAULT_INTENSITY = 2


@dataclass(frozen=True)
class Label:
    """One label: its name, guideline text, and for span labels a colour and a key."""

    name: str
    description: str = ""
    color: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class TagSet:
    """A validated tag set; build it with ``TagSet.from_dict`` or ``load_tagset``."""

    name: str
    focus: str
    spans: dict[MarkKind, tuple[Label, ...]]
    claim_stance: tuple[Label, ...]
    claim_form: tuple[Label, ...]
    tone: tuple[Label, ...]
    focus_stance: tuple[Label, ...]
    topics: tuple[Label, ...]
    source: dict[str, Any]
    shortcuts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, origin: str = "tag set") -> TagSet:
        """Validate a tag set's JSON data and build it; raise TagSetError listing every problem."""
        problems = [
            f"{'/'.join(str(p) for p in error.absolute_path) or '(top level)'}: {error.message}"
            for error in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
        ]
        if not problems:
            problems = _semantic_problems(data)
        if problems:
            raise TagSetError(f"{origin} is not a valid tag set:\n  " + "\n  ".join(problems))
        return cls.from_checked_dict(data)

    @classmethod
    def from_checked_dict(cls, data: Any) -> TagSet:
        """Build a tag set from JSON data that passed `from_dict`'s checks when it was stored."""

        def labels(items: list[dict[str, Any]]) -> tuple[Label, ...]:
            return tuple(
                Label(
                    name=item["name"],
                    description=item.get("description", ""),
                    color=item.get("color"),
                    key=item.get("key"),
                )
                for item in items
            )

        return cls(
            name=data["name"],
            focus=data.get("focus", DEFAULT_FOCUS),
            spans={kind: labels(data["spans"][kind.value]) for kind in MarkKind},
            claim_stance=labels(data["claim_stance"]),
            claim_form=labels(data["claim_form"]),
            tone=labels(data["document"]["tone"]),
            focus_stance=labels(data["document"]["focus_stance"]),
            topics=labels(data["document"]["topics"]),
            source=data,
            shortcuts={
                name: (keys,) if isinstance(keys, str) else tuple(keys)
                for name, keys in data.get("shortcuts", {}).items()
            },
        )

    def span_label(self, kind: MarkKind, name: str) -> Label:
        """Return the span label of this kind and name; raise KeyError when unknown."""
        for label in self.spans[kind]:
            if label.name == name:
                return label
        raise KeyError(f"{kind.value} label {name!r} is not in the tag set")

    def has_span_label(self, kind: MarkKind, name: str) -> bool:
        """Say whether the tag set has this span label."""
        return any(label.name == name for label in self.spans[kind])

    def all_span_labels(self) -> list[tuple[MarkKind, Label]]:
        """Return every span label with its kind, in panel order."""
        return [(kind, label) for kind in MarkKind for label in self.spans[kind]]

    def to_json(self) -> str:
        """Return the tag set as JSON text, as stored in a project."""
        return json.dumps(self.source, ensure_ascii=False, indent=2)


def tagset_digest(text: str) -> str:
    """Return the fingerprint of a tag set's stored JSON text under this version's schema.

    A project stores it beside a tag set it checked, so that opening the project can skip the
    JSON Schema check (and loading jsonschema, ~0.2 s of every start) while neither the text
    nor the schema has changed.
    """
    schema = schema_path("tagset.schema.json").read_bytes()
    return hashlib.sha256(schema + b"\0" + text.encode("utf-8")).hexdigest()


@cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema  # ~0.2 s: loaded when a tag set is first validated, not at start-up

    schema = json.loads(schema_path("tagset.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _semantic_problems(data: dict[str, Any]) -> list[str]:
    """Return the problems a JSON Schema cannot express: duplicate names and keys."""
    problems: list[str] = []
    groups: dict[str, list[dict[str, Any]]] = {
        f"spans/{kind}": data["spans"][kind] for kind in ("actor", "claim", "sentiment")
    }
    groups["claim_stance"] = data["claim_stance"]
    groups["claim_form"] = data["claim_form"]
    groups.update({f"document/{k}": v for k, v in data["document"].items()})
    for where, items in groups.items():
        for name, count in Counter(item["name"] for item in items).items():
            if count > 1:
                problems.append(f"{where}: duplicate label {name!r}")
    keys = Counter(
        item["key"].lower() for items in groups.values() for item in items if "key" in item
    )
    problems += [f"key {key!r} is bound to {n} labels" for key, n in keys.items() if n > 1]
    return problems


def load_tagset(path: Path) -> TagSet:
    """Read and validate a tag set file; raise TagSetError naming the file on any problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TagSetError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise TagSetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise TagSetError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from exc
    return TagSet.from_dict(data, origin=str(path))


@cache
def default_tagset() -> TagSet:
    """Return the bundled political-claims tag set."""
    return load_tagset(default_tagset_path())
