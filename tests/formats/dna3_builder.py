"""A small DNA 3 project file for the dna3 tests, built with plain sqlite3 the way DNA writes one.

``build_dna3`` writes what DNA 3.0.7's ``Sql.java`` would: the schema (``createTables``, SQLite
branch), its defaults (the Admin coder, SETTINGS, three statement types with their variables
and attribute variables), coders as ``addCoder`` adds them (each related to every other both
ways), and statements as ``addStatement`` adds them: a value for every variable of the type, a
short text through its entity, the entity made on first use with a value for each attribute
variable of its variable. Statement offsets count UTF-16 code units (Java strings).

Only the schema, the defaults and the coders' password digests are DNA's. The rest is invented
for these tests: four documents on a made-up Clean Freight Act, coded by three made-up coders,
with a statement type of their own ("Position") beside DNA's three.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import NamedTuple


class Table(NamedTuple):
    """A table: its column and constraint definitions in order, and its automatic indexes."""

    name: str
    definitions: tuple[str, ...]
    indexes: tuple[str, ...] = ()


def _flag(column: str, default: int) -> str:
    return f"{column} INTEGER NOT NULL CHECK ({column} BETWEEN 0 AND 1) DEFAULT {default}"


_RGB = (
    "Red INTEGER NOT NULL DEFAULT 0 CHECK (Red BETWEEN 0 AND 255)",
    "Green INTEGER NOT NULL DEFAULT 0 CHECK (Green BETWEEN 0 AND 255)",
    "Blue INTEGER NOT NULL DEFAULT 0 CHECK (Blue BETWEEN 0 AND 255)",
)

# Read from sqlite_master of DNA 3.0.7's sample database (SETTINGS version 3.0.7), and the same
# as the SQLite branch of createTables in dna/src/main/java/sql/Sql.java of leifeld-lab/dna at
# commit 175985b: tables in creation order, each definition as DNA writes it (SQLite keeps the
# CREATE TABLE text, without IF NOT EXISTS), and the index SQLite makes for each UNIQUE
# constraint and each PRIMARY KEY that is not an INTEGER one.
SCHEMA = (
    Table(
        "SETTINGS",
        ("Property TEXT PRIMARY KEY", "Value TEXT NOT NULL"),
        ("sqlite_autoindex_SETTINGS_1",),
    ),
    Table(
        "CODERS",
        (
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
            _flag("PermissionAddDocuments", 1),
            _flag("PermissionEditDocuments", 1),
            _flag("PermissionDeleteDocuments", 1),
            _flag("PermissionImportDocuments", 1),
            _flag("PermissionAddStatements", 1),
            _flag("PermissionEditStatements", 1),
            _flag("PermissionDeleteStatements", 1),
            _flag("PermissionEditAttributes", 1),
            _flag("PermissionEditRegex", 1),
            _flag("PermissionEditStatementTypes", 1),
            _flag("PermissionEditCoders", 1),
            _flag("PermissionEditCoderRelations", 1),
            _flag("PermissionViewOthersDocuments", 1),
            _flag("PermissionEditOthersDocuments", 1),
            _flag("PermissionViewOthersStatements", 1),
            _flag("PermissionEditOthersStatements", 1),
        ),
    ),
    Table(
        "DOCUMENTS",
        (
            "ID INTEGER NOT NULL PRIMARY KEY",
            "Title TEXT NOT NULL CHECK (LENGTH(Title) < 191)",
            "Text TEXT NOT NULL",
            "Coder INTEGER",
            "Author TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Author) < 191)",
            "Source TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Source) < 191)",
            "Section TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Section) < 191)",
            "Notes TEXT NOT NULL DEFAULT ''",
            "Type TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Type) < 191)",
            "Date INTEGER NOT NULL",
            "FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE",
        ),
    ),
    Table(
        "STATEMENTTYPES",
        (
            "ID INTEGER NOT NULL PRIMARY KEY",
            "Label TEXT NOT NULL CHECK (LENGTH(Label) < 191)",
            *_RGB,
        ),
    ),
    Table(
        "VARIABLES",
        (
            "ID INTEGER NOT NULL PRIMARY KEY",
            "Variable TEXT NOT NULL CHECK (LENGTH(Variable) < 191)",
            "DataType TEXT NOT NULL CHECK (DataType = 'boolean' OR DataType = 'integer' OR "
            "DataType = 'long text' OR DataType = 'short text') DEFAULT 'short text'",
            "StatementTypeId INTEGER",
            "FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE",
            "UNIQUE (Variable, StatementTypeId)",
        ),
        ("sqlite_autoindex_VARIABLES_1",),
    ),
    Table(
        "VARIABLELINKS",
        (
            "ID INTEGER NOT NULL PRIMARY KEY",
            "SourceVariableId INTEGER",
            "TargetVariableId INTEGER",
            "CHECK (TargetVariableId != SourceVariableId)",
            "FOREIGN KEY(SourceVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE",
            "FOREIGN KEY(TargetVariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE",
        ),
    ),
    Table(
        "REGEXES",
        ("Label TEXT PRIMARY KEY CHECK (LENGTH(Label) < 191)", *_RGB),
        ("sqlite_autoindex_REGEXES_1",),
    ),
    Table(
        "CODERRELATIONS",
        (
            "ID INTEGER NOT NULL PRIMARY KEY",
            "Coder INTEGER CHECK(Coder > 0)",
            "OtherCoder INTEGER CHECK(OtherCoder > 0)",
            "viewStatements INTEGER NOT NULL DEFAULT 1 CHECK(viewStatements BETWEEN 0 AND 1)",
            "editStatements INTEGER NOT NULL DEFAULT 1 CHECK(editStatements BETWEEN 0 AND 1)",
            "viewDocuments INTEGER NOT NULL DEFAULT 1 CHECK(viewDocuments BETWEEN 0 AND 1)",
            "editDocuments INTEGER NOT NULL DEFAULT 1 CHECK(editDocuments BETWEEN 0 AND 1)",
            "CHECK (Coder != OtherCoder)",
            "FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE",
            "FOREIGN KEY(OtherCoder) REFERENCES CODERS(ID) ON DELETE CASCADE",
        ),
    ),
    Table(
        "STATEMENTS",
        (
            "ID INTEGER NOT NULL PRIMARY KEY",
            "StatementTypeId INTEGER",
            "DocumentId INTEGER",
            "Start INTEGER NOT NULL CHECK(Start >= 0)",
            "Stop INTEGER NOT NULL CHECK(Stop >= 0)",
            "Coder INTEGER",
            "CHECK (Start < Stop)",
            "FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE",
            "FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE",
            "FOREIGN KEY(DocumentId) REFERENCES DOCUMENTS(ID) ON DELETE CASCADE",
        ),
    ),
    Table(
        "DATABOOLEAN",
        (
            "ID INTEGER PRIMARY KEY NOT NULL",
            "StatementId INTEGER NOT NULL",
            "VariableId INTEGER NOT NULL",
            "Value INTEGER NOT NULL DEFAULT 1",
            "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE",
            "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE",
            "UNIQUE (StatementId, VariableId)",
        ),
        ("sqlite_autoindex_DATABOOLEAN_1",),
    ),
    Table(
        "DATAINTEGER",
        (
            "ID INTEGER PRIMARY KEY NOT NULL",
            "StatementId INTEGER NOT NULL",
            "VariableId INTEGER NOT NULL",
            "Value INTEGER NOT NULL DEFAULT 0",
            "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE",
            "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE",
            "UNIQUE (StatementId, VariableId)",
        ),
        ("sqlite_autoindex_DATAINTEGER_1",),
    ),
    Table(
        "ENTITIES",
        (
            "ID INTEGER PRIMARY KEY NOT NULL",
            "VariableId INTEGER NOT NULL",
            "Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191)",
            "Red INTEGER CHECK (Red BETWEEN 0 AND 255)",
            "Green INTEGER CHECK (Green BETWEEN 0 AND 255)",
            "Blue INTEGER CHECK (Blue BETWEEN 0 AND 255)",
            "ChildOf INTEGER CHECK(ChildOf > 0)",
            "UNIQUE (VariableId, Value)",
            "FOREIGN KEY(ChildOf) REFERENCES ENTITIES(ID) ON DELETE CASCADE",
            "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE",
        ),
        ("sqlite_autoindex_ENTITIES_1",),
    ),
    Table(
        "DATASHORTTEXT",
        (
            "ID INTEGER PRIMARY KEY NOT NULL",
            "StatementId INTEGER NOT NULL",
            "VariableId INTEGER NOT NULL",
            "Entity INTEGER NOT NULL",
            "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE",
            "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE",
            "FOREIGN KEY(Entity) REFERENCES ENTITIES(ID) ON DELETE CASCADE",
            "UNIQUE (StatementId, VariableId)",
        ),
        ("sqlite_autoindex_DATASHORTTEXT_1",),
    ),
    Table(
        "DATALONGTEXT",
        (
            "ID INTEGER PRIMARY KEY NOT NULL",
            "StatementId INTEGER NOT NULL",
            "VariableId INTEGER NOT NULL",
            "Value TEXT DEFAULT ''",
            "FOREIGN KEY(StatementId) REFERENCES STATEMENTS(ID) ON DELETE CASCADE",
            "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE",
            "UNIQUE (StatementId, VariableId)",
        ),
        ("sqlite_autoindex_DATALONGTEXT_1",),
    ),
    Table(
        "ATTRIBUTEVARIABLES",
        (
            "ID INTEGER PRIMARY KEY NOT NULL",
            "VariableId INTEGER NOT NULL",
            "AttributeVariable TEXT NOT NULL CHECK (LENGTH(AttributeVariable) < 191)",
            "UNIQUE(VariableId, AttributeVariable)",
            "FOREIGN KEY(VariableId) REFERENCES VARIABLES(ID) ON DELETE CASCADE",
        ),
        ("sqlite_autoindex_ATTRIBUTEVARIABLES_1",),
    ),
    Table(
        "ATTRIBUTEVALUES",
        (
            "ID INTEGER PRIMARY KEY NOT NULL",
            "EntityId INTEGER NOT NULL",
            "AttributeVariableId INTEGER NOT NULL",
            "AttributeValue TEXT NOT NULL DEFAULT '' CHECK (LENGTH(AttributeValue) < 191)",
            "UNIQUE (EntityId, AttributeVariableId)",
            "FOREIGN KEY(EntityId) REFERENCES ENTITIES(ID) ON DELETE CASCADE",
            "FOREIGN KEY(AttributeVariableId) REFERENCES ATTRIBUTEVARIABLES(ID) ON DELETE CASCADE",
        ),
        ("sqlite_autoindex_ATTRIBUTEVALUES_1",),
    ),
)


def master_rows() -> list[tuple[str, str, str, str | None]]:
    """Return the (type, name, tbl_name, sql) rows of sqlite_master the schema makes, in order."""
    found: list[tuple[str, str, str, str | None]] = []
    for table in SCHEMA:
        sql = f"CREATE TABLE {table.name}({', '.join(table.definitions)})"
        found.append(("table", table.name, table.name, sql))
        found += [("index", index, table.name, None) for index in table.indexes]
    return found


# -- DNA's defaults (createTables) ----------------------------------------------------------

SETTINGS = (("version", "3.0.7"), ("date", "2022-06-10"))  # Dna.version and Dna.date of 3.0.7
DEFAULT_STATEMENT_TYPES = (
    (1, "DNA Statement", 239, 208, 51),
    (2, "NPF Story Element", 100, 200, 190),
    (3, "Annotation", 211, 211, 211),
)
DEFAULT_VARIABLES = (
    (1, "person", "short text", 1),
    (2, "organization", "short text", 1),
    (3, "concept", "short text", 1),
    (4, "agreement", "boolean", 1),
    (5, "narrator", "short text", 2),
    (6, "victim", "short text", 2),
    (7, "villain", "short text", 2),
    (8, "plot", "short text", 2),
    (9, "hero", "short text", 2),
    (10, "policy solution", "short text", 2),
    (11, "note", "long text", 3),
)
DEFAULT_ATTRIBUTE_VARIABLES = (
    (1, 1, "Type"),
    (2, 2, "Type"),
    (3, 3, "Type"),
    (4, 1, "Alias"),
    (5, 2, "Alias"),
    (6, 3, "Alias"),
    (7, 1, "Notes"),
    (8, 2, "Notes"),
    (9, 3, "Notes"),
)
# The CODERS.Password column of DNA's sample database (its four coders, in ID order): Jasypt
# StrongPasswordEncryptor digests DNA made of the password "sample", which DNA's README gives
# for that database ("a toy database you can load in DNA (password: `sample`)").
JASYPT_DIGESTS = (
    "t7STqOHxpl+RXxRUgjsEno+e/38banaYjANbdYQ1geGfH6Xlc2roWgYrPbpCeg5M",
    "ez43cy74mCOz1enPYOfIDnWDuHwuf6+W/jsTMv8MYW43OCokSTw+b80Y9jqYQMUC",
    "WO8DqAG6a4HuVJw0XcySQ0QjFy8Zwbm4JM0VH8jOykjea/0FxenyTYVMm999BFOS",
    "6jsPdENKOJZITiS2hdNSWQS1R846Yh9GN8U1g6iLkPTRAuBXibQw6oJzEkj/M+l0",
)

# -- the invented project -------------------------------------------------------------------

# Statement types, variables and attribute variables its coders added (addStatementType,
# addVariable, addAttributeVariable) after DNA's defaults.
STATEMENT_TYPES = (*DEFAULT_STATEMENT_TYPES, (4, "Position", 255, 153, 0))
VARIABLES = (
    *DEFAULT_VARIABLES,
    (12, "actor", "short text", 4),
    (13, "issue", "short text", 4),
    (14, "intensity", "integer", 4),
)
ATTRIBUTE_VARIABLES = (
    *DEFAULT_ATTRIBUTE_VARIABLES,
    (10, 1, "Country"),
    (11, 2, "Country"),
    (12, 12, "Type"),
)
REGEXES = (("levy", 255, 102, 0),)

# ID, name, colour, password digest; the first is createTables' Admin.
CODERS = (
    (1, "Admin", (255, 255, 0), JASYPT_DIGESTS[0]),
    (2, "Rosa", (51, 153, 255), JASYPT_DIGESTS[1]),
    (3, "Tariq", (255, 102, 102), JASYPT_DIGESTS[2]),
    (4, "Mei", (102, 255, 0), JASYPT_DIGESTS[3]),
)


class Document(NamedTuple):
    title: str
    text: str
    author: str
    source: str
    section: str
    notes: str
    type: str
    date: int  # seconds since 1970, UTC


# IDs 1, 2, … in order; each added by Admin.
DOCUMENTS = (
    Document(
        "Hearing on the Clean Freight Act: Okafor, Ngozi",
        "Chair, members of the committee: I speak for the Harbour Freight Alliance, which "
        "represents 140 haulage firms. The levy in the Clean Freight Act would add eleven cents "
        "to every tonne-kilometre, and our members would cut drivers before they cut routes. "
        "We do accept that freight must cut its emissions. Rail can carry more of the load, but "
        "only if the Act pays for new sidings at the ports.",
        "Okafor, Ngozi", "Transport Committee", "Hearing 3", "", "testimony",
        1678752000,  # 2023-03-14
    ),
    # Two emoji outside the BMP first: every offset in this text is 2 UTF-16 units past its
    # code point (the text has 128 code points, 130 UTF-16 units).
    Document(
        "Youth Climate Network: the Clean Freight Act is overdue",
        "🚆🌍 The Clean Freight Act is overdue. Diesel trucks choke our cities, and every cent "
        "of the levy should go to rail! #CleanFreight",
        "Lena Sørensen", "Youth Climate Network", "", "", "post",
        1678905900,  # 2023-03-15 18:45:00
    ),
    Document(
        "Minister: no delay for the Clean Freight Act",
        "Transport Minister Erik Lindqvist said the government would not delay the Clean "
        "Freight Act. He rejected the claim that the levy would cost jobs: haulage firms will "
        "get three years to adapt. Asked about rail, he said the levy revenue belongs in the "
        "general budget.",
        "", "Ministry of Transport", "Press releases", "Received by e-mail.", "press release",
        1679270400,  # 2023-03-20
    ),
    Document(
        "Letter from the Rail Users' Council",
        "The Rail Users' Council welcomes the Clean Freight Act, but the levy is too low to "
        "move freight onto rail.",
        "Council secretary", "Rail Users' Council", "Letters", "", "letter",
        1679443200,  # 2023-03-22
    ),
)  # fmt: skip

JOBS = "The freight levy would cost jobs."
EMISSIONS = "Freight must cut its emissions."
RAIL = "Levy revenue should fund rail."
PASS = "The Clean Freight Act should pass."
CONCEPTS = (JOBS, EMISSIONS, RAIL, PASS)
HIGHER = "The freight levy should be higher."


class Entity(NamedTuple):
    """An entity's colour and attributes, as a coder would set them in the attribute manager
    (attributes not named here are empty)."""

    variable: str
    value: str
    color: tuple[int, int, int]
    attributes: dict[str, str]


ENTITIES = (
    Entity("person", "Ngozi Okafor", (255, 153, 0), {"Type": "Lobbyist", "Alias": "N. Okafor"}),
    Entity("person", "Lena Sørensen", (0, 204, 0), {"Type": "Activist", "Country": "Denmark"}),
    Entity("person", "Erik Lindqvist", (0, 0, 0), {
        "Type": "Minister", "Alias": "E. Lindqvist; Minister Lindqvist", "Country": "Sweden",
    }),
    Entity("organization", "Harbour Freight Alliance", (255, 153, 0), {
        "Type": "Business", "Alias": "HFA", "Notes": "Road hauliers' trade body.",
    }),
    Entity("organization", "Youth Climate Network", (0, 204, 0), {"Type": "NGO"}),
    Entity("organization", "Ministry of Transport", (0, 0, 0), {"Type": "Government"}),
    Entity("concept", JOBS, (0, 0, 0), {"Notes": "Said by hauliers; denied by the ministry."}),
    Entity("actor", "Rail Users' Council", (0, 204, 0), {"Type": "NGO"}),
)  # fmt: skip


class Statement(NamedTuple):
    """A statement: ``start`` and ``stop`` in UTF-16 units, ``excerpt`` the text between them
    (checked when building), ``values`` by variable name (a variable not named has DNA's
    default: the empty entity, 1 for boolean, 0 for integer, '' for long text)."""

    document: int
    type: str
    coder: str
    start: int
    stop: int
    excerpt: str
    values: dict[str, object]


# IDs 1, 2, … in order.
STATEMENTS = (
    Statement(1, "DNA Statement", "Rosa", 111, 251,
              "The levy in the Clean Freight Act would add eleven cents to every "
              "tonne-kilometre, and our members would cut drivers before they cut routes.",
              {"person": "Ngozi Okafor", "organization": "Harbour Freight Alliance",
               "concept": JOBS, "agreement": 1}),
    Statement(1, "DNA Statement", "Rosa", 252, 301,
              "We do accept that freight must cut its emissions.",
              {"person": "Ngozi Okafor", "organization": "Harbour Freight Alliance",
               "concept": EMISSIONS, "agreement": 1}),
    Statement(1, "DNA Statement", "Rosa", 302, 389,
              "Rail can carry more of the load, but only if the Act pays for new sidings at the "
              "ports.",
              {"person": "Ngozi Okafor", "organization": "Harbour Freight Alliance",
               "concept": RAIL, "agreement": 1}),
    # After the two emoji: code points 73-114 and 3-36.
    Statement(2, "DNA Statement", "Rosa", 75, 116,
              "every cent of the levy should go to rail!",
              {"organization": "Youth Climate Network", "concept": RAIL, "agreement": 1}),
    Statement(2, "DNA Statement", "Tariq", 5, 38,
              "The Clean Freight Act is overdue.",
              {"person": "Lena Sørensen", "concept": PASS, "agreement": 1}),
    Statement(3, "DNA Statement", "Rosa", 39, 91,
              "the government would not delay the Clean Freight Act",
              {"person": "Erik Lindqvist", "organization": "Ministry of Transport",
               "concept": PASS, "agreement": 1}),
    Statement(3, "DNA Statement", "Rosa", 93, 144,
              "He rejected the claim that the levy would cost jobs",
              {"person": "Erik Lindqvist", "organization": "Ministry of Transport",
               "concept": JOBS, "agreement": 0}),
    Statement(3, "DNA Statement", "Rosa", 209, 263,
              "he said the levy revenue belongs in the general budget",
              {"person": "Erik Lindqvist", "organization": "Ministry of Transport",
               "concept": RAIL, "agreement": 0}),
    Statement(3, "Annotation", "Mei", 146, 189,
              "haulage firms will get three years to adapt",
              {"note": "Is the transition period in the bill text?"}),
    Statement(3, "NPF Story Element", "Mei", 146, 189,
              "haulage firms will get three years to adapt",
              {"narrator": "Ministry of Transport", "victim": "haulage firms",
               "policy solution": "a three-year transition"}),
    Statement(4, "Position", "Tariq", 60, 105,
              "the levy is too low to move freight onto rail",
              {"actor": "Rail Users' Council", "issue": HIGHER, "intensity": 2}),
)  # fmt: skip

_DATA = {
    "short text": "DATASHORTTEXT",
    "long text": "DATALONGTEXT",
    "integer": "DATAINTEGER",
    "boolean": "DATABOOLEAN",
}
_DEFAULT_VALUE = {"short text": "", "long text": "", "integer": 0, "boolean": 1}


def build_dna3(path: Path) -> Path:
    """Write the project to a new DNA 3 file at ``path`` and return the path."""
    with closing(sqlite3.connect(path)) as db, db:
        for table in SCHEMA:
            db.execute(f"CREATE TABLE IF NOT EXISTS {table.name}({', '.join(table.definitions)});")
        db.executemany("INSERT INTO SETTINGS (Property, Value) VALUES (?, ?);", SETTINGS)
        db.executemany("INSERT INTO STATEMENTTYPES VALUES (?, ?, ?, ?, ?);", STATEMENT_TYPES)
        db.executemany("INSERT INTO VARIABLES VALUES (?, ?, ?, ?);", VARIABLES)
        db.executemany("INSERT INTO ATTRIBUTEVARIABLES VALUES (?, ?, ?);", ATTRIBUTE_VARIABLES)
        db.executemany("INSERT INTO REGEXES VALUES (?, ?, ?, ?);", REGEXES)
        _add_coders(db)
        for number, doc in enumerate(DOCUMENTS, start=1):
            db.execute(
                "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, "
                "Type, Date) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?);",
                [number, doc.title, doc.text, doc.author, doc.source, doc.section, doc.notes,
                 doc.type, doc.date],
            )  # fmt: skip
        _add_statements(db)
    return path


def _add_coders(db: sqlite3.Connection) -> None:
    for number, (coder, name, (red, green, blue), digest) in enumerate(CODERS):
        db.execute(
            "INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password) VALUES (?, ?, ?, ?, ?, ?);",
            [coder, name, red, green, blue, digest],
        )
        # addCoder relates the new coder to every earlier one, both ways.
        for other, *_ in CODERS[:number]:
            db.executemany(
                "INSERT INTO CODERRELATIONS (Coder, OtherCoder) VALUES (?, ?);",
                [(coder, other), (other, coder)],
            )


def _add_statements(db: sqlite3.Connection) -> None:
    types = {label: type_id for type_id, label, *_ in STATEMENT_TYPES}
    coders = {name: coder for coder, name, *_ in CODERS}
    described = {(e.variable, e.value): e for e in ENTITIES}
    entities: dict[tuple[int, str], int] = {}
    used: set[tuple[str, str]] = set()

    def entity(variable_id: int, variable: str, value: str) -> int:
        # addStatement: an entity is made the first time a value is used, with a value for
        # each attribute variable of its variable.
        if (variable_id, value) not in entities:
            given = described.get((variable, value), Entity(variable, value, (0, 0, 0), {}))
            made = db.execute(
                "INSERT INTO ENTITIES (VariableId, Value, Red, Green, Blue) "
                "VALUES (?, ?, ?, ?, ?);",
                [variable_id, value, *given.color],
            ).lastrowid
            assert made is not None
            for attribute_id, of, name in ATTRIBUTE_VARIABLES:
                if of == variable_id:
                    db.execute(
                        "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, "
                        "AttributeValue) VALUES (?, ?, ?);",
                        [made, attribute_id, given.attributes.get(name, "")],
                    )
            entities[(variable_id, value)] = made
        used.add((variable, value))
        return entities[(variable_id, value)]

    for number, statement in enumerate(STATEMENTS, start=1):
        text = DOCUMENTS[statement.document - 1].text.encode("utf-16-le")
        excerpt = text[2 * statement.start : 2 * statement.stop].decode("utf-16-le")
        if excerpt != statement.excerpt:
            raise ValueError(f"statement {number} covers {excerpt!r}, not {statement.excerpt!r}")
        type_id = types[statement.type]
        db.execute(
            "INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) "
            "VALUES (?, ?, ?, ?, ?, ?);",
            [number, type_id, statement.document, statement.start, statement.stop,
             coders[statement.coder]],
        )  # fmt: skip
        variables = [(i, name, kind) for i, name, kind, of in VARIABLES if of == type_id]
        unknown = statement.values.keys() - {name for _, name, _ in variables}
        if unknown:
            raise ValueError(f"statement {number}: no variable {sorted(unknown)}")
        for variable_id, name, kind in variables:
            value = statement.values.get(name, _DEFAULT_VALUE[kind])
            if kind == "short text":
                value = entity(variable_id, name, str(value))
            column = "Entity" if kind == "short text" else "Value"
            db.execute(
                f"INSERT INTO {_DATA[kind]} (StatementId, VariableId, {column}) VALUES (?, ?, ?);",
                [number, variable_id, value],
            )
    unused = described.keys() - used
    if unused:
        raise ValueError(f"entities described but never used: {sorted(unused)}")
