"""Retrieval adapters: the MiniLM embedder, the vector stores behind core.ports.vectors
(qdrant-edge embedded, qdrant-client for servers), their shared fusion, and the starter catalog
data (data/catalog_*.jsonl)."""
