"""The session's parts, one module per area; annotator.session composes them."""
