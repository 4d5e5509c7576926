"""`studio intent TEXT [--json]` and `studio intent --jsonl`: how the bot would read a message
(docs/intents.md). Runs the offline stages, and Claude too when ANTHROPIC_API_KEY is set."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any, TextIO

from bot.wiring.intent import build_analyzer, build_embedder
from bot.wiring.llm import build_llm
from core.cache import CacheRegistry, PersistentCache
from core.config import Settings
from core.intent.analyzer import IntentAnalyzer
from core.intent.schema import IntentResult
from core.metrics import Metrics

__all__ = ["describe", "run"]

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not args.jsonl and not args.text:
        print(
            "studio intent: give a message, or --jsonl to read messages on stdin", file=sys.stderr
        )
        return EXIT_USAGE
    return asyncio.run(_main(args, settings, sys.stdin, sys.stdout))


async def _main(args: argparse.Namespace, settings: Settings, stdin: TextIO, stdout: TextIO) -> int:
    metrics = Metrics()
    caches = CacheRegistry()
    embedder = build_embedder(settings, metrics=metrics, caches=caches)
    llm = build_llm(settings, metrics=metrics, caches=caches)
    analyzer = build_analyzer(settings, embedder=embedder, llm=llm, metrics=metrics)
    try:
        await analyzer.warm_up()
        if args.jsonl:
            return await _jsonl(analyzer, stdin, stdout)
        reading = await analyzer.analyze(args.text)
        print(_json(reading) if args.json else describe(reading), file=stdout)
        return EXIT_OK
    finally:
        await llm.aclose()
        embedder.close()
        for name in caches.names():
            cache = caches.get(name)
            if isinstance(cache, PersistentCache):
                cache.close()


async def _jsonl(analyzer: IntentAnalyzer, stdin: TextIO, stdout: TextIO) -> int:
    code = EXIT_OK
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        text = _text_of(line)
        if text is None:
            code = EXIT_BAD_INPUT
            error = f'line {number} is not a JSON string or {{"text": ...}}'
            print(json.dumps({"error": error}), file=stdout, flush=True)
            continue
        print(_json(await analyzer.analyze(text)), file=stdout, flush=True)
    return code


def _text_of(line: str) -> str | None:
    try:
        value: Any = json.loads(line)
    except json.JSONDecodeError:
        return None
    if isinstance(value, dict):
        value = value.get("text")
    return value if isinstance(value, str) else None


def _json(reading: IntentResult) -> str:
    return json.dumps(reading.model_dump(mode="json"), ensure_ascii=False)


def describe(reading: IntentResult) -> str:
    params = ", ".join(f"{k}={v!r}" for k, v in reading.params.items()) or "-"
    missing = ", ".join(reading.missing) or "-"
    return (
        f"intent      {reading.intent.value} ({reading.source}, confidence "
        f"{reading.confidence:.2f})\n"
        f"params      {params}\n"
        f"missing     {missing}"
    )
