"""What reading and writing DNA 3 project files share: the schema, the statement types and
variables, coder password digests, dates, and the mapping of stances.

The schema is DNA's own (``dna/src/main/java/sql/Sql.java``, ``createTables``, SQLite branch):
the same tables, columns and constraints, so that ``sqlite_master`` of a file we write reads as
that of a file DNA made (a test compares them with the schema read from DNA's own sample
database, written out as data in ``tests/formats/dna3_builder.py``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from annotator.core.errors import ProblemCode
from annotator.formats.base import FormatOption

EXTENSIONS = (".dna",)
# The DNA release whose Sql.java the schema follows; DNA opens any file whose version
# starts with "3." (MainWindow, HeadlessDna), and its schema is unchanged since 3.0.7.
DNA_VERSION = "3.1.2"
DNA_DATE = "2026-06-30"
# Every short text column is CHECK (LENGTH(x) < 191) (MySQL's index limit, kept in SQLite).
MAX_SHORT_TEXT = 190

PERSON_TYPES = FormatOption(
    "person_types",
    "Actor types that are persons (comma-separated)",
    default="Person",
    help="DNA Statement's 'person' holds actors of these types, 'organization' the others",
)

# -- the schema ---------------------------------------------------------------------------------

PERMISSIONS = tuple(
    f"Permission{name}"
    for name in (
        "AddDocuments",
        "EditDocuments",
        "DeleteDocuments",
        "ImportDocuments",
        "AddStatements",
        "EditStatements",
        "DeleteStatements",
        "EditAttributes",
        "EditRegex",
        "EditStatementTypes",
        "EditCoders",
        "EditCoderRelations",
        "ViewOthersDocuments",
        "EditOthersDocuments",
        "ViewOthersStatements",
        "EditOthersStatements",
    )
)


def _color(column: str, not_null: bool = True) -> str:
    null = "NOT NULL DEFAULT 0 " if not_null else ""
    return f"{column} INTEGER {null}CHECK ({column} BETWEEN 0 AND 255)"


def _flag(column: str, default: int) -> str:
    return f"{column} INTEGER NOT NULL CHECK ({column} BETWEEN 0 AND 1) DEFAULT {default}"


_RGB = [_color("Red"), _color("Green"), _color("Blue")]
_CASCADE = "REFERENCES {0}(ID) ON DELETE CASCADE"

TABLES: tuple[tuple[str, list[str]], ...] = (
    ("SETTINGS", ["Property TEXT PRIMARY KEY", "Value TEXT NOT NULL"]),
    (
        "CODERS",
        [
            "ID INTEGER NOT NULL PRIMARY KEY",
            "Name TEXT NOT NULL CHECK (LENGTH(Name) < 191)",
            *_RGB,
            "Refresh INTEGER NOT NULL CHECK (Refresh BETWEEN 0 AND 9999) DEFAULT 0",
            "FontSize INTEGER NOT NULL CHECK (FontSize BETWEEN 1 AND 99) DEFAULT 14",
            "Password TEXT NOT NULL CHECK (LENGTH(Password) < 191)",
            "PopupWidth INTEGER CHECK (PopupWidth BETWEEN 100 AND 9999) DEFAULT 300",
            _flag("ColorByCoder", 0),
            _flag("PopupDecoration", 0),
            _flag("PopupAutoComplete", 1),
            *(_flag(p, 1) for p in PERMISSIONS),
        ],
    ),
    (
        "DOCUMENTS",
        [
            "ID INTEGER NOT NULL PRIMARY KEY",
            "Title TEXT NOT NULL CHECK (LENGTH(Title) < 191)",
            "Text TEXT NOT NULL",
            "Coder INTEGER",
            *(
                f"{c} TEXT NOT NULL DEFAULT '' CHECK (LENGTH({c}) < 191)"
                for c in ("Author", "Source", "Section")
            ),
            "Notes TEXT NOT NULL DEFAULT ''",
            "Type TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Type) < 191)",
            "Date INTEGER NOT NULL",
            "FOREIGN KEY(Coder) " + _CASCADE.format("CODERS"),
        ],
    ),
    (
        "STATEMENTTYPES",
        [
            "ID INTEGER NOT NULL PRIMARY KEY",
            "Label TEXT NOT NULL CHECK (LENGTH(Label) < 191)",
            *_RGB,
        ],
    ),
    (
        "VARIABLES",
        [
            "ID INTEGER NOT NULL PRIMARY KEY",
            "Variable TEXT NOT NULL CHECK (LENGTH(Variable) < 191)",
            "DataType TEXT NOT NULL CHECK (DataType = 'boolean' OR DataType = 'integer' OR "
            "DataType = 'long text' OR DataType = 'short text') DEFAULT 'short text'",
            "StatementTypeId INTEGER",
            "FOREIGN KEY(StatementTypeId) " + _CASCADE.format("STATEMENTTYPES"),
            "UNIQUE (Variable, StatementTypeId)",
        ],
    ),
    (
        "VARIABLELINKS",
        [
            "ID INTEGER NOT NULL PRIMARY KEY",
            "SourceVariableId INTEGER",
            "TargetVariableId INTEGER",
            "CHECK (TargetVariableId != SourceVariableId)",
            "FOREIGN KEY(SourceVariableId) " + _CASCADE.format("VARIABLES"),
            "FOREIGN KEY(TargetVariableId) " + _CASCADE.format("VARIABLES"),
        ],
    ),
    ("REGEXES", ["Label TEXT PRIMARY KEY CHECK (LENGTH(Label) < 191)", *_RGB]),
    (
        "CODERRELATIONS",
        [
            "ID INTEGER NOT NULL PRIMARY KEY",
            "Coder INTEGER CHECK(Coder > 0)",
            "OtherCoder INTEGER CHECK(OtherCoder > 0)",
            *(
                f"{c} INTEGER NOT NULL DEFAULT 1 CHECK({c} BETWEEN 0 AND 1)"
                for c in ("viewStatements", "editStatements", "viewDocuments", "editDocuments")
            ),
            "CHECK (Coder != OtherCoder)",
            "FOREIGN KEY(Coder) " + _CASCADE.format("CODERS"),
            "FOREIGN KEY(OtherCoder) " + _CASCADE.format("CODERS"),
        ],
    ),
    (
        "STATEMENTS",
        [
            "ID INTEGER NOT NULL PRIMARY KEY",
            "StatementTypeId INTEGER",
            "DocumentId INTEGER",
            "Start INTEGER NOT NULL CHECK(Start >= 0)",
            "Stop INTEGER NOT NULL CHECK(Stop >= 0)",
            "Coder INTEGER",
            "CHECK (Start < Stop)",
            "FOREIGN KEY(StatementTypeId) " + _CASCADE.format("STATEMENTTYPES"),
            "FOREIGN KEY(Coder) " + _CASCADE.format("CODERS"),
            "FOREIGN KEY(DocumentId) " + _CASCADE.format("DOCUMENTS"),
        ],
    ),
    *(
        (
            table,
            [
                "ID INTEGER PRIMARY KEY NOT NULL",
                "StatementId INTEGER NOT NULL",
                "VariableId INTEGER NOT NULL",
                f"Value INTEGER NOT NULL DEFAULT {default}",
                "FOREIGN KEY(StatementId) " + _CASCADE.format("STATEMENTS"),
                "FOREIGN KEY(VariableId) " + _CASCADE.format("VARIABLES"),
                "UNIQUE (StatementId, VariableId)",
            ],
        )
        for table, default in (("DATABOOLEAN", 1), ("DATAINTEGER", 0))
    ),
    (
        "ENTITIES",
        [
            "ID INTEGER PRIMARY KEY NOT NULL",
            "VariableId INTEGER NOT NULL",
            "Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191)",
            *(_color(c, not_null=False) for c in ("Red", "Green", "Blue")),
            "ChildOf INTEGER CHECK(ChildOf > 0)",
            "UNIQUE (VariableId, Value)",
            "FOREIGN KEY(ChildOf) " + _CASCADE.format("ENTITIES"),
            "FOREIGN KEY(VariableId) " + _CASCADE.format("VARIABLES"),
        ],
    ),
    (
        "DATASHORTTEXT",
        [
            "ID INTEGER PRIMARY KEY NOT NULL",
            "StatementId INTEGER NOT NULL",
            "VariableId INTEGER NOT NULL",
            "Entity INTEGER NOT NULL",
            "FOREIGN KEY(StatementId) " + _CASCADE.format("STATEMENTS"),
            "FOREIGN KEY(VariableId) " + _CASCADE.format("VARIABLES"),
            "FOREIGN KEY(Entity) " + _CASCADE.format("ENTITIES"),
            "UNIQUE (StatementId, VariableId)",
        ],
    ),
    (
        "DATALONGTEXT",
        [
            "ID INTEGER PRIMARY KEY NOT NULL",
            "StatementId INTEGER NOT NULL",
            "VariableId INTEGER NOT NULL",
            "Value TEXT DEFAULT ''",
            "FOREIGN KEY(StatementId) " + _CASCADE.format("STATEMENTS"),
            "FOREIGN KEY(VariableId) " + _CASCADE.format("VARIABLES"),
            "UNIQUE (StatementId, VariableId)",
        ],
    ),
    (
        "ATTRIBUTEVARIABLES",
        [
            "ID INTEGER PRIMARY KEY NOT NULL",
            "VariableId INTEGER NOT NULL",
            "AttributeVariable TEXT NOT NULL CHECK (LENGTH(AttributeVariable) < 191)",
            "UNIQUE(VariableId, AttributeVariable)",
            "FOREIGN KEY(VariableId) " + _CASCADE.format("VARIABLES"),
        ],
    ),
    (
        "ATTRIBUTEVALUES",
        [
            "ID INTEGER PRIMARY KEY NOT NULL",
            "EntityId INTEGER NOT NULL",
            "AttributeVariableId INTEGER NOT NULL",
            "AttributeValue TEXT NOT NULL DEFAULT '' CHECK (LENGTH(AttributeValue) < 191)",
            "UNIQUE (EntityId, AttributeVariableId)",
            "FOREIGN KEY(EntityId) " + _CASCADE.format("ENTITIES"),
            "FOREIGN KEY(AttributeVariableId) " + _CASCADE.format("ATTRIBUTEVARIABLES"),
        ],
    ),
)


def schema_statements() -> list[str]:
    """Return the CREATE TABLE statements of a DNA 3 SQLite database, in DNA's order."""
    return [f"CREATE TABLE IF NOT EXISTS {name}({', '.join(columns)});" for name, columns in TABLES]


# -- telling a DNA 3 database ------------------------------------------------------------------

# The tables and columns read here: a DNA 3 file lacking one is not a schema we know.
COLUMNS = {
    "SETTINGS": ("Property", "Value"),
    "CODERS": ("ID", "Name"),
    "DOCUMENTS": ("ID", "Title", "Text", "Author", "Source", "Section", "Notes", "Type", "Date"),
    "STATEMENTTYPES": ("ID", "Label"),
    "VARIABLES": ("ID", "Variable", "DataType", "StatementTypeId"),
    "STATEMENTS": ("ID", "StatementTypeId", "DocumentId", "Start", "Stop", "Coder"),
    "ENTITIES": ("ID", "VariableId", "Value"),
    "DATASHORTTEXT": ("StatementId", "VariableId", "Entity"),
    "DATALONGTEXT": ("StatementId", "VariableId", "Value"),
    "DATAINTEGER": ("StatementId", "VariableId", "Value"),
    "DATABOOLEAN": ("StatementId", "VariableId", "Value"),
    "ATTRIBUTEVARIABLES": ("ID", "VariableId", "AttributeVariable"),
    "ATTRIBUTEVALUES": ("EntityId", "AttributeVariableId", "AttributeValue"),
}


class DnaFileError(Exception):
    """A file that is no DNA 3 database we can read; ``code`` is its ProblemCode."""

    def __init__(self, message: str, code: ProblemCode = ProblemCode.UNREADABLE):
        super().__init__(message)
        self.code = code


def check_dna3(db: sqlite3.Connection) -> str:
    """Return the DNA version of a database; raise DnaFileError if it is none we can read."""
    tables = {
        name.upper(): name
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if "SETTINGS" not in tables:
        raise DnaFileError("not a DNA database (no SETTINGS table)")
    row = db.execute("SELECT Value FROM SETTINGS WHERE Property = 'version'").fetchone()
    version = str(row[0]) if row is not None else ""
    if not version:
        raise DnaFileError("not a DNA database (no version in its SETTINGS)")
    if version.startswith("2"):
        raise DnaFileError(
            f"a DNA {version} database: open a new DNA 3 database, bring this one in with "
            "Document › Import from DNA database, and import that",
            ProblemCode.UNSUPPORTED,
        )
    if not version.startswith("3."):
        raise DnaFileError(
            f"a DNA {version} database: only DNA 3.x databases are known here",
            ProblemCode.UNSUPPORTED,
        )
    for table, needed in COLUMNS.items():
        have = (
            {str(r[1]).casefold() for r in db.execute(f"PRAGMA table_info({tables[table]})")}
            if table in tables
            else set()
        )
        missing = [c for c in needed if c.casefold() not in have]
        if missing:
            raise DnaFileError(
                f"a DNA {version} database without {table}.{missing[0]}: not a DNA 3 schema "
                "known here",
                ProblemCode.UNSUPPORTED,
            )
    return version


# -- statement types and variables ---------------------------------------------------------------


@dataclass(frozen=True)
class Variable:
    """A variable of a statement type, with the id we give it in the files we write."""

    id: int
    name: str
    data_type: str  # "short text", "long text", "integer" or "boolean"
    statement_type: int


@dataclass(frozen=True)
class StatementType:
    """A statement type with the id and colour we give it."""

    id: int
    label: str
    color: tuple[int, int, int]


DNA_STATEMENT = StatementType(1, "DNA Statement", (239, 208, 51))
POLITICAL_CLAIM = StatementType(4, "Political claim", (78, 121, 167))
# What every new DNA database holds (createTables), then our own type.
STATEMENT_TYPES = (
    DNA_STATEMENT,
    StatementType(2, "NPF Story Element", (100, 200, 190)),
    StatementType(3, "Annotation", (211, 211, 211)),
    POLITICAL_CLAIM,
)
PERSON, ORGANIZATION, CONCEPT, AGREEMENT = (
    Variable(1, "person", "short text", 1),
    Variable(2, "organization", "short text", 1),
    Variable(3, "concept", "short text", 1),
    Variable(4, "agreement", "boolean", 1),
)
SPEAKER, TARGET, TOPIC, STANCE, FORM, NOTE = (
    Variable(12, "speaker", "short text", 4),
    Variable(13, "target", "short text", 4),
    Variable(14, "topic", "short text", 4),
    Variable(15, "stance", "integer", 4),
    Variable(16, "form", "short text", 4),
    Variable(17, "note", "long text", 4),
)
VARIABLES = (
    PERSON,
    ORGANIZATION,
    CONCEPT,
    AGREEMENT,
    *(
        Variable(5 + n, name, "short text", 2)
        for n, name in enumerate(
            ("narrator", "victim", "villain", "plot", "hero", "policy solution")
        )
    ),
    Variable(11, "note", "long text", 3),
    SPEAKER,
    TARGET,
    TOPIC,
    STANCE,
    FORM,
    NOTE,
)
# Attribute variables in id order: DNA's defaults (Type, Alias, Notes of person, organization
# and concept, as createTables adds them), then Country for the actor variables of both types,
# then the attributes of our speaker and target.
TYPE, ALIAS, NOTES, COUNTRY = "Type", "Alias", "Notes", "Country"
ATTRIBUTE_VARIABLES: tuple[tuple[int, str], ...] = (
    *(
        (variable.id, name)
        for name in (TYPE, ALIAS, NOTES)
        for variable in (PERSON, ORGANIZATION, CONCEPT)
    ),
    (PERSON.id, COUNTRY),
    (ORGANIZATION.id, COUNTRY),
    *(
        (variable.id, name)
        for variable in (SPEAKER, TARGET)
        for name in (TYPE, ALIAS, NOTES, COUNTRY)
    ),
)
ALIAS_SEPARATOR = "; "

# -- stances --------------------------------------------------------------------------------------

SUPPORT, OPPOSE, NEUTRAL = "support", "oppose", "neutral"
# Political claim's stance: an integer DNA can aggregate (subtract) as a qualifier.
STANCE_NUMBER = {SUPPORT: 1, OPPOSE: -1, NEUTRAL: 0}
# DNA Statement's agreement: a boolean, true for support.
AGREEMENT_VALUE = {SUPPORT: 1, OPPOSE: 0}


def stance_of_number(value: int) -> str:
    """Return the stance an integer stance stands for (its sign)."""
    return SUPPORT if value > 0 else OPPOSE if value < 0 else NEUTRAL


# -- coder passwords ------------------------------------------------------------------------------

# Jasypt's StrongPasswordEncryptor, which DNA uses: StandardStringDigester with SHA-256, a random
# 16-byte salt and 100,000 iterations. The password is normalised to NFC and encoded as UTF-8;
# the first round hashes salt + password, each further round the previous digest; the stored
# string is base64(salt + digest).
HASH_ITERATIONS = 100_000
SALT_BYTES = 16


def hash_password(password: str, salt: bytes | None = None) -> str:
    """Return a password digest as DNA stores it (Jasypt's StrongPasswordEncryptor)."""
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    sha256 = hashlib.sha256
    digest = sha256(salt + unicodedata.normalize("NFC", password).encode("utf-8")).digest()
    for _ in range(HASH_ITERATIONS - 1):
        digest = sha256(digest).digest()
    return base64.b64encode(salt + digest).decode("ascii")


def check_password(password: str, stored: str) -> bool:
    """Say whether a password matches a digest DNA stored (as Jasypt's checkPassword does)."""
    try:
        raw = base64.b64decode(stored, validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(raw) != SALT_BYTES + hashlib.sha256().digest_size:
        return False
    return hmac.compare_digest(hash_password(password, raw[:SALT_BYTES]), stored)


# -- dates ----------------------------------------------------------------------------------


def epoch_seconds(day: str, at: str | None = None) -> int:
    """Return DNA's Date for a YYYY-MM-DD day (and HH:MM:SS time): seconds since 1970, UTC."""
    moment = datetime.combine(
        date.fromisoformat(day), time.fromisoformat(at) if at else time(), tzinfo=UTC
    )
    return int(moment.timestamp())


def day_and_time(seconds: int) -> tuple[str, str | None]:
    """Return DNA's Date as (YYYY-MM-DD, HH:MM:SS or None at midnight), in UTC; ValueError
    for a number of seconds no calendar has."""
    try:
        moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError) as exc:
        raise ValueError(f"date {seconds} is out of range") from exc
    at = moment.time()
    return moment.date().isoformat(), at.isoformat("seconds") if at != time() else None


def clip(value: str) -> str:
    """Return a value cut to what a short DNA text column holds (190 characters)."""
    return value[:MAX_SHORT_TEXT]


def rgb(color: str) -> tuple[int, int, int]:
    """Return a ``#rrggbb`` colour as (red, green, blue); black when it is no such colour."""
    if len(color) == 7 and color.startswith("#"):
        try:
            return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
        except ValueError:
            pass
    return 0, 0, 0
