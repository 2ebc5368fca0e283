"""What the hub refuses, as narrow exception classes."""

from __future__ import annotations

from annotator.core.errors import AnnotatorError, SchemaVersionError


class HubError(AnnotatorError):
    """The hub refused or cannot do what was asked; the message says why."""


class NoHubError(SchemaVersionError):
    """The database holds no hub (no ``hub_migrations`` table)."""


class HubTooNewError(SchemaVersionError):
    """The hub was set up by a newer annotator: this one knows fewer of its migrations."""

    def __init__(self, hub_version: int, known_version: int) -> None:
        super().__init__(
            f"this hub was set up by a newer annotator (schema {hub_version}); upgrade annotator"
        )
        self.hub_version = hub_version
        self.known_version = known_version


class HubTooOldError(SchemaVersionError):
    """The hub's schema is older than this annotator's: its admin upgrades it first."""

    def __init__(self, hub_version: int, known_version: int) -> None:
        super().__init__(
            f"this hub's schema ({hub_version}) is older than this annotator's ({known_version}): "
            "the hub's admin upgrades it with `annotator hub upgrade ADMIN_CONNINFO`"
        )
        self.hub_version = hub_version
        self.known_version = known_version
