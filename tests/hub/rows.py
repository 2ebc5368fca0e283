"""Rows for the hub's tables, as the SQLite project writes them."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

STAMP = "2026-11-30T12:00:00.000Z"
TEXT = "The minister said the port deal is good for both countries."


def article_id(n: int) -> str:
    """Return the content-hash id of test article n."""
    return hashlib.sha256(f"article {n}".encode()).hexdigest()


def insert(conn, table: str, row: dict[str, Any]) -> int:
    """Insert one row; return its seq."""
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join(["%s"] * len(row))
    return conn.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING seq", list(row.values())
    ).fetchone()[0]


def add_article(conn, n: int) -> str:
    """Insert test article n; return its id."""
    insert(
        conn,
        "articles",
        {"id": article_id(n), "title": f"Article {n}", "text": TEXT, "imported_at": STAMP},
    )
    return article_id(n)


def add_annotator(conn, name: str) -> None:
    """Record a coder's name (any member may)."""
    conn.execute(
        "INSERT INTO annotators (name, created_at) VALUES (%s, %s) ON CONFLICT DO NOTHING",
        [name, STAMP],
    )


def mark(article: str, coder: str, start: int = 4, end: int = 12, **changes: Any) -> dict:
    """Return a claim mark row over TEXT[start:end]."""
    return {
        "id": str(uuid.uuid4()),
        "article_id": article,
        "annotator": coder,
        "kind": "claim",
        "start": start,
        "end": end,
        "text": TEXT[start:end],
        "label": "claim",
        "created_at": STAMP,
        "updated_at": STAMP,
        **changes,
    }


def add_mark(conn, article: str, coder: str, **changes: Any) -> str:
    """Insert a mark of a coder; return its id."""
    row = mark(article, coder, **changes)
    insert(conn, "marks", row)
    return row["id"]


def add_document_labels(conn, article: str, coder: str, status: str = "done") -> None:
    """Insert a coder's document labels of an article."""
    insert(
        conn,
        "document_labels",
        {"article_id": article, "annotator": coder, "status": status, "updated_at": STAMP},
    )
