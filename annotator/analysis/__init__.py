"""Analysis of the coding: statistics and discourse networks (no Qt, no database)."""
