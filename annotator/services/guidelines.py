"""The project's annotation guidelines: a Markdown document, plus the tag set's own guide."""

from __future__ import annotations

from pathlib import Path

from annotator.core.signals import Signal

from annotator.core.errors import ValidationError
from annotator.core.tagset import TagSet
from annotator.services.base import SessionBase

_GUIDELINES_KEY = "guidelines"
MAX_GUIDELINES_BYTES = 2_000_000


class GuidelinesMixin(SessionBase):
    """Read and replace the guidelines document a project carries."""

    guidelines_changed = Signal(str)

    def guidelines(self) -> str:
        """Return the project's guidelines as Markdown ("" when it has none)."""
        return self.store.get_setting(_GUIDELINES_KEY) or ""

    def set_guidelines(self, markdown: str) -> None:
        """Replace the project's guidelines document."""
        if len(markdown.encode("utf-8")) > MAX_GUIDELINES_BYTES:
            raise ValidationError("the guidelines are larger than 2 MB; split or shorten them")
        with self.store.transaction():
            self.store.set_setting(_GUIDELINES_KEY, markdown)
        self.guidelines_changed.emit(markdown)

    def load_guidelines(self, path: Path) -> str:
        """Replace the guidelines with a Markdown file's text; return it."""
        try:
            markdown = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(f"{path}: not UTF-8 text ({exc.reason})") from exc
        except OSError as exc:
            raise ValidationError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
        self.set_guidelines(markdown.replace("\r\n", "\n"))
        return markdown

    def label_guide(self) -> str:
        """Return the tag set's labels and their descriptions as a Markdown guide."""
        return label_guide(self.tagset)


def label_guide(tagset: TagSet) -> str:
    """Return a Markdown guide to a tag set: every label with its key and description."""
    lines = [f"# Labels of “{tagset.name}”", ""]
    groups = [
        ("Actor types", tagset.spans[kind])
        if kind.value == "actor"
        else ("Claim topics", tagset.spans[kind])
        if kind.value == "claim"
        else ("Sentiment polarity", tagset.spans[kind])
        for kind in tagset.spans
    ]
    groups += [
        ("Claim stance", tagset.claim_stance),
        ("Claim form", tagset.claim_form),
        ("Document tone", tagset.tone),
        (f"Stance toward the focus ({tagset.focus})", tagset.focus_stance),
        ("Document topics", tagset.topics),
    ]
    for title, labels in groups:
        lines += [f"## {title}", ""]
        for label in labels:
            key = f" (key `{label.key}`)" if label.key else ""
            lines.append(f"- **{label.name}**{key}: {label.description}")
        lines.append("")
    return "\n".join(lines)
