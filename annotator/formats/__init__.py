"""Readers and writers of files: plain-text articles and annotator JSONL (more in later issues)."""
