"""annotator: code news articles for actors, political claims and sentiment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError, InputError, TagSetError, ValidationError
from annotator.core.model import Actor, Article, DocumentLabels, Mark, MarkKind

if TYPE_CHECKING:
    from annotator.session import Session

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "AnnotatorError",
    "Article",
    "DocumentLabels",
    "InputError",
    "Mark",
    "MarkKind",
    "Session",
    "TagSetError",
    "ValidationError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    # Session brings the storage and every service: import it when first asked for, so that
    # `annotator --help` and other light imports of the package do not pay for it.
    if name == "Session":
        from annotator.session import Session

        return Session
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
