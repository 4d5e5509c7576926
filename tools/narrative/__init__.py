"""Narrative DNA: the versioned schema and its extractors (Claude, offline heuristic)."""
