"""`studio`: the arguments, the settings, the logging, then one subcommand (README.md lists
them).

Heavy imports (discord.py, torch, the embedding model) happen inside the subcommand that needs
them, so `studio intent` and `studio --help` start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from core.config import Settings, load_settings
from core.errors import ConfigError
from core.logging import configure_logging

__all__ = ["main"]

EXIT_FAILED = 1


# Each subcommand's module is imported when that subcommand runs: `studio --help` and
# `studio intent` must not wait for discord.py, torch or the embedding model to load.
def _run_bot(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli import bot

    return bot.run(args, settings)


def _run_console(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli import console

    return console.run(args, settings)


def _run_worker(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli import worker

    return worker.run(args, settings)


def _run_intent(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli import intent

    return intent.run(args, settings)


def _run_catalog(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli import catalog

    return catalog.run(args, settings)


def _run_similar(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli import similar

    return similar.run(args, settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studio", description="Studio: a creative studio for a Discord server."
    )
    parser.add_argument(
        "--config", type=Path, help="a TOML file of settings (see config/default.toml)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("bot", help="run the Discord bot (needs DISCORD_TOKEN)").set_defaults(
        run=_run_bot
    )
    sub.add_parser("console", help="the same commands in a terminal").set_defaults(run=_run_console)
    worker = sub.add_parser("worker", help="a GPU worker for scale-out (needs --redis)")
    worker.add_argument("--redis", help="Redis URL of the job transport")
    worker.set_defaults(run=_run_worker)

    intent = sub.add_parser("intent", help="how the bot would read a message")
    intent.add_argument("text", nargs="?", help="the message (omit with --jsonl)")
    mode = intent.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print the reading as one JSON object")
    mode.add_argument("--jsonl", action="store_true", help="read one message per stdin line")
    intent.set_defaults(run=_run_intent)

    catalog = sub.add_parser("catalog", help="manage the show catalog")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    imp = catalog_sub.add_parser("import", help="bulk-import shows from a JSONL file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--tenant", required=True, help="guild id, or 'global'")
    imp.set_defaults(run=_run_catalog)

    similar = sub.add_parser("similar", help="shows alike, as JSON")
    similar.add_argument("--tenant", required=True)
    what = similar.add_mutually_exclusive_group(required=True)
    what.add_argument("--id")
    what.add_argument("--title")
    what.add_argument("--text")
    similar.add_argument("--k", type=int, default=5)
    similar.add_argument("--json", action="store_true")
    similar.set_defaults(run=_run_similar)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(config_file=args.config)
    except ConfigError as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return EXIT_FAILED
    configure_logging(
        level=settings.logging.level,
        fmt=settings.logging.format,
        secrets=[
            s.get_secret_value() if s else None
            for s in (settings.discord.token, settings.llm.api_key, settings.qdrant.api_key)
        ],
    )
    run: Callable[[argparse.Namespace, Settings], int] = args.run
    return run(args, settings)
