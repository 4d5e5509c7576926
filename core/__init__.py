"""The domain of Studio: results, settings, logging, metrics, caches, intents, jobs and ports.

Nothing here imports Discord, torch, diffusers, Qdrant or the Anthropic SDK (import-linter
checks it).
"""
