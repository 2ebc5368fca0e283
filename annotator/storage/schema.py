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
