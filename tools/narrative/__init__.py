"""Narrative DNA: the versioned schema and its extractors (Claude, offline heuristic), and what is
built on it through the core ports: facet texts, indexing, the show library, catalog imports,
the "show_dna" and "find_similar" tools and the SHOW_ANALYSIS job runner.

Facet texts and the similarity tools live here rather than in tools.retrieval because they need
the DNA schema, and tool subpackages may only meet through core ports: tools.retrieval holds the
adapters (embedder, vector stores, fusion) that tools.narrative reaches through core.ports.
"""
