"""The article filter as SQL: which index answers each condition, and the page and count queries.

A filter is a conjunction of conditions on one coder's view of the articles. Each condition can
be checked per article (an index seek by article id, or by rowid for the full-text index), and
most can also list the articles they keep straight from an index: the articles an actor appears
in, a coder's queue, the full-text matches, the articles with a label or a status. A query
starts from one such set (its "driver") and checks the other conditions per article, so that
its work follows the answer, not the 100k articles or the 1M marks.

Which set drives depends on sizes SQLite cannot know without statistics (an actor in three
articles, or in most of them), so one small query first counts each set up to ``SMALL_SET``:
the smallest set under it drives; else the full-text matches, which come in list order (a page
stops once it is full); else a page walks the articles in list order and stops once full,
which is quick exactly when no set is small. Without this SQLite guessed wrong: it read every
mark of the coder for an actor filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from annotator.core.model import ArticleFilter, ArticleStatus

# A run of double-quoted text (a phrase the user quoted) or of anything but white space.
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_SEPARATE = str.maketrans({'"': " ", "\x00": " "})


def fts_query(text: str) -> str | None:
    """Turn a user's search words into a safe FTS5 query; None when there is nothing to find.

    Every word (or "quoted phrase") becomes an FTS5 string, so punctuation and stray quotes are
    just separators, never syntax. Words are ANDed; the last one, and any ending in ``*``, match
    as a prefix, so results follow typing. Words without a letter or digit index nothing and
    are dropped.
    """
    # A quote would end the FTS5 string and a NUL would end the query text: make them spaces.
    terms = [(phrase or word).translate(_SEPARATE) for phrase, word in _TERM.findall(text)]
    terms = [t.strip() for t in terms if any(ch.isalnum() for ch in t)]
    if not terms:
        return None
    last = len(terms) - 1
    return " ".join(
        f'"{t.rstrip("*")}"' + ("*" if t.endswith("*") or i == last else "")
        for i, t in enumerate(terms)
    )


SMALL_SET = 2000  # up to here, starting from a set beats walking the list (measured at 100k)


@dataclass(frozen=True)
class _Condition:
    """One condition: a per-article check, and the set of articles it keeps if an index has it.

    ``check`` is SQL with ``{id}`` and ``{rowid}`` standing for the article's id and rowid.
    ``ids`` selects the kept articles' ids (column ``article_id``, no duplicates), and
    ``sized`` rows at least as many (cheaper: no duplicates removed) to size the set with.
    ``rowids`` selects the kept articles' rowids (column ``article_rowid``) in ascending
    order, as the full-text index returns them. ``excluded_ids`` selects the ids of the
    articles left out, for a condition that keeps most articles.
    """

    check: str
    ids: str | None = None
    sized: str | None = None
    rowids: str | None = None
    excluded_ids: str | None = None
    reads_article: bool = False  # the check reads the article row (its rowid or a column)


@dataclass
class ArticleFilterSql:
    """One coder's filter as SQL conditions, and the queries for a page and for the count.

    Set ``sizes`` to the row ``sizing_sql()`` returns before asking for a query; without it
    no set counts as small.
    """

    conditions: list[_Condition] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    one_article: bool = False
    sizes: tuple[int, ...] = ()

    @classmethod
    def build(
        cls, filter: ArticleFilter | None, annotator: str, one_article: bool = False
    ) -> ArticleFilterSql:
        """Return a filter's conditions, in the usual order of the sizes of their sets.

        ``one_article``: the caller asks about one article (``a.id = :id``), so queries start
        from it and check the full-text match by rowid rather than collect every match.
        """
        sql = cls(params={"annotator": annotator}, one_article=one_article)
        if filter is None:
            return sql
        add, params = sql.conditions.append, sql.params
        if filter.actor_id is not None:
            params["actor"] = filter.actor_id
            # One index per role; the unary + keeps SQLite from the coder's index, which
            # would read every mark of the coder.
            by_role = [
                f"SELECT article_id FROM marks WHERE {role} = :actor AND +annotator = :annotator"
                for role in ("actor_id", "speaker_id", "target_id")
            ]
            add(
                _Condition(
                    check="EXISTS (SELECT 1 FROM marks m WHERE m.article_id = {id} "
                    "AND m.annotator = :annotator "
                    "AND (m.actor_id = :actor OR m.speaker_id = :actor OR m.target_id = :actor))",
                    ids=" UNION ".join(by_role),
                    sized=" UNION ALL ".join(by_role),
                )
            )
        if filter.assigned_only:
            queue = "SELECT article_id FROM assignments WHERE annotator = :annotator"
            add(
                _Condition(
                    check="EXISTS (SELECT 1 FROM assignments q WHERE q.article_id = {id} "
                    "AND q.annotator = :annotator)",
                    ids=queue,
                    sized=queue,
                )
            )
        query = fts_query(filter.text)
        if query is not None:
            params["fts"] = query
            matches = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :fts"
            add(
                _Condition(
                    check=f"EXISTS ({matches} AND rowid = {{rowid}})"
                    if one_article
                    else f"{{rowid}} IN ({matches})",
                    rowids=matches.replace("rowid", "rowid AS article_rowid", 1),
                    reads_article=True,
                )
            )
        if filter.label is not None:
            params.update(label_kind=filter.label[0].value, label_name=filter.label[1])
            labelled = (
                "SELECT {distinct}article_id FROM marks WHERE annotator = :annotator "
                "AND kind = :label_kind AND label = :label_name"
            )
            add(
                _Condition(
                    check=f"EXISTS ({labelled.format(distinct='')} AND article_id = {{id}})",
                    ids=labelled.format(distinct="DISTINCT "),
                    sized=labelled.format(distinct=""),
                )
            )
        if filter.statuses:
            names = sorted(s.value for s in filter.statuses)
            params.update({f"status{i}": name for i, name in enumerate(names)})
            listed = ", ".join(f":status{i}" for i in range(len(names)))
            labels = "FROM document_labels d WHERE d.annotator = :annotator AND d.status "
            if ArticleStatus.NEW in filter.statuses:
                # An article without labels is new too: keep all but those with another status.
                add(
                    _Condition(
                        check=f"NOT EXISTS (SELECT 1 {labels}NOT IN ({listed}) "
                        "AND d.article_id = {id})",
                        excluded_ids=f"SELECT d.article_id {labels}NOT IN ({listed})",
                    )
                )
            else:
                having = f"SELECT d.article_id {labels}IN ({listed})"
                add(
                    _Condition(
                        check=f"EXISTS (SELECT 1 {labels}IN ({listed}) AND d.article_id = {{id}})",
                        ids=having,
                        sized=having,
                    )
                )
        if filter.date_from is not None:
            # An article without a date compares as unknown: left out.
            add(_Condition(check="a.date >= :date_from", reads_article=True))
            params["date_from"] = filter.date_from
        if filter.date_to is not None:
            add(_Condition(check="a.date <= :date_to", reads_article=True))
            params["date_to"] = filter.date_to
        return sql

    def sizing_sql(self) -> str | None:
        """Return SQL for one row: each set's size, counted up to just over ``SMALL_SET``.

        None when there is nothing to choose between.
        """
        sized = [c.sized for c in self.conditions if c.sized]
        if self.one_article or not sized:
            return None
        return "SELECT " + ", ".join(
            f"(SELECT count(*) FROM ({q} LIMIT {SMALL_SET + 1}))" for q in sized
        )

    def page_sql(self, where: tuple[str, ...] = ()) -> str:
        """Return SQL selecting the kept articles' ``article_rowid, article_id`` in list order.

        ``where`` adds conditions over the article ``a`` (its rowid written ``{rowid}``); the
        caller appends LIMIT and OFFSET.
        """
        columns = "a.rowid AS article_rowid, a.id AS article_id"
        return self._select(columns, self._driver(for_page=True), where, ordered=True)

    def count_sql(self, where: tuple[str, ...] = ()) -> str:
        """Return SQL counting the kept articles (``where`` as for ``page_sql``)."""
        driver = self._driver(for_page=False)
        only = self.conditions[0] if len(self.conditions) == 1 else None
        if driver is None and only is not None and only.excluded_ids and not where:
            return (
                "SELECT (SELECT count(*) FROM articles) - "
                f"(SELECT count(*) FROM ({only.excluded_ids}))"
            )
        return self._select("count(*)", driver, where, ordered=False)

    def _driver(self, for_page: bool) -> _Condition | None:
        """Return the condition whose set a query starts from, or None to walk the articles."""
        if self.one_article:
            return None
        with_sets = [c for c in self.conditions if c.sized]
        small = [(size, i) for i, size in enumerate(self.sizes) if size <= SMALL_SET]
        if small:
            return with_sets[min(small)[1]]
        in_order = next((c for c in self.conditions if c.rowids), None)
        if in_order is not None or for_page:
            return in_order
        return with_sets[0] if with_sets else None

    def _select(
        self, columns: str, driver: _Condition | None, where: tuple[str, ...], ordered: bool
    ) -> str:
        """Return a query starting from the driver's set (or every article), checking the rest."""
        checks = [c for c in self.conditions if c is not driver]
        needs_article = ordered or bool(where) or any(c.reads_article for c in checks)
        if driver is None:
            source, id_, rowid = "articles a", "a.id", "a.rowid"
        elif driver.ids is not None:
            id_, rowid = "s.article_id", "a.rowid"
            source = f"({driver.ids}) s"
            if needs_article:
                source += " CROSS JOIN articles a ON a.id = s.article_id"
        else:
            # Ordering by the index's own rowids needs no sort, so a page stops when full.
            id_, rowid = "a.id", "s.article_rowid"
            source = f"({driver.rowids}) s"
            if needs_article or checks:
                source += " CROSS JOIN articles a ON a.rowid = s.article_rowid"
        sql = f"SELECT {columns} FROM {source}"
        conditions = [c.check for c in checks] + list(where)
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        if ordered:
            sql += " ORDER BY {rowid}"
        return sql.replace("{id}", id_).replace("{rowid}", rowid)
