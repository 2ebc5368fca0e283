"""Domain types, errors, the tag set and text offsets; imports nothing else from annotator."""
