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
)
