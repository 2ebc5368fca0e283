"""The project schema's name and steps, known without loading the migration engine."""

MIGRATION_SET = "annotator"

# Every migration of migrations.py, in order (a test keeps the two equal). Opening a project
# compares the steps it has applied with these and loads the migration engine (sqlite-utils)
# only when one is pending.
MIGRATION_NAMES = (
    "0001_initial",
    "0002_article_search",
    "0003_rejected_suggestions",
    "0004_marks_by_coder_actor",
    "0005_assignments",
    "0006_gold_provenance",
    "0007_gold_rejections",
    "0008_actor_links",
    "0009_folded_names",
    "0010_filter_indexes",
    "0011_implicit_aliases",
    "0012_tallies",
    "0013_deletions",
    "0014_hub_changes",
)

# What each tally holds, counted afresh from the marks: the migration fills the tallies with
# these, and ``annotator check`` compares them.
TALLY_COUNTS = {
    "day_tallies": "SELECT annotator, substr(created_at, 1, 10), count(*) FROM marks GROUP BY 1, 2",
    "label_tallies": """
        SELECT m.annotator, m.kind, m.label, coalesce(m.stance, ''),
               coalesce(substr(a.date, 1, 7), ''), count(*)
          FROM marks m JOIN articles a ON a.id = m.article_id
         GROUP BY 1, 2, 3, 4, 5""",
    "actor_tallies": """
        SELECT annotator, role, actor, label, count(*) FROM (
            SELECT annotator, actor_id AS actor, 'mention' AS role, '' AS label FROM marks
             WHERE kind = 'actor' AND actor_id IS NOT NULL
            UNION ALL SELECT annotator, speaker_id, 'speaker', '' FROM marks
             WHERE kind = 'claim' AND speaker_id IS NOT NULL
            UNION ALL SELECT annotator, target_id, 'target', '' FROM marks
             WHERE kind = 'claim' AND target_id IS NOT NULL
            UNION ALL SELECT annotator, target_id, 'about', label FROM marks
             WHERE kind = 'sentiment' AND target_id IS NOT NULL
        ) GROUP BY 1, 2, 3, 4""",
    "speaker_months": """
        SELECT m.annotator, m.speaker_id, coalesce(substr(a.date, 1, 7), ''), count(*)
          FROM marks m JOIN articles a ON a.id = m.article_id
         WHERE m.kind = 'claim' AND m.speaker_id IS NOT NULL
         GROUP BY 1, 2, 3""",
    "first_marks": "SELECT article_id, annotator, min(created_at) FROM marks GROUP BY 1, 2",
}

# The tables a team hub shares, each with the columns of its key. A row's key, as the hub and
# the change log write it, is those columns' values as text joined by KEY_SEPARATOR (the ASCII
# unit separator, which no name, id or alias holds).
KEY_SEPARATOR = "\x1f"
SYNCED_TABLES: dict[str, tuple[str, ...]] = {
    "project": ("key",),
    "annotators": ("name",),
    "articles": ("id",),
    "actors": ("id",),
    "actor_aliases": ("actor_id", "alias"),
    "actor_links": ("absorbed_id",),
    "actor_links_declined": ("first_id", "second_id"),
    "marks": ("id",),
    "document_labels": ("article_id", "annotator"),
    "assignments": ("article_id", "annotator"),
    "rejected_suggestions": ("article_id", "annotator", "start", "end", "actor_id"),
    "gold_provenance": ("mark_id",),
    "gold_rejections": ("mark_id",),
}


def key_sql(table: str, row: str) -> str:
    """Return SQL for a synced table's row key (``row``: NEW, OLD or a table alias)."""
    columns = SYNCED_TABLES[table]
    return " || char(31) || ".join(f'CAST({row}."{c}" AS TEXT)' for c in columns)
