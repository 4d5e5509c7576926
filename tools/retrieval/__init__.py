"""Retrieval: the embedder, the vector stores (qdrant-edge, qdrant-client) and the show catalog."""
