"""annotator: code news articles for actors, political claims and sentiment."""

from annotator.core.errors import AnnotatorError, InputError, TagSetError, ValidationError
from annotator.core.model import Actor, Article, DocumentLabels, Mark, MarkKind
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
