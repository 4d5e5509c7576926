"""`studio`: the one command-line entry point (README.md lists the subcommands).

Heavy imports (discord.py, torch, the embedding model) happen inside the subcommand that needs
them, so `studio intent` and `studio --help` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from core.config import Settings, load_settings
from core.errors import ConfigError
from core.logging import configure_logging

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNAVAILABLE = 2


def _feature(module: str, feature: str) -> Callable[[argparse.Namespace, Settings], int]:
    """Each subcommand lives in its own module (`bot.cli_<name>`, a `run(args, settings)`);
    a feature whose module is not part of this version says so and exits 2."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        try:
            impl = importlib.import_module(f"bot.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bot.{module}":
                raise
            print(f"studio: {feature} is not available yet in this version.", file=sys.stderr)
            return EXIT_UNAVAILABLE
        code: int = impl.run(args, settings)
        return code

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studio", description="Studio: a creative studio for a Discord server."
    )
    parser.add_argument(
        "--config", type=Path, help="a TOML file of settings (see config/default.toml)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("bot", help="run the Discord bot (needs DISCORD_TOKEN)").set_defaults(
        run=_feature("cli_bot", "the Discord bot (`studio bot`)")
    )
    sub.add_parser("console", help="the same commands in a terminal").set_defaults(
        run=_feature("cli_console", "the console")
    )
    worker = sub.add_parser("worker", help="a GPU worker for scale-out (needs --redis)")
    worker.add_argument("--redis", help="Redis URL of the job transport")
    worker.set_defaults(run=_feature("cli_worker", "the scale-out worker (`studio worker`)"))

    intent = sub.add_parser("intent", help="how the bot would read a message")
    intent.add_argument("text", nargs="?", help="the message (omit with --jsonl)")
    mode = intent.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print the reading as one JSON object")
    mode.add_argument("--jsonl", action="store_true", help="read one message per stdin line")
    intent.set_defaults(run=_feature("cli_intent", "intent analysis (`studio intent`)"))

    catalog = sub.add_parser("catalog", help="manage the show catalog")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    imp = catalog_sub.add_parser("import", help="bulk-import shows from a JSONL file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--tenant", required=True, help="guild id, or 'global'")
    imp.set_defaults(run=_feature("cli_catalog", "catalog import (`studio catalog import`)"))

    similar = sub.add_parser("similar", help="shows alike, as JSON")
    similar.add_argument("--tenant", required=True)
    what = similar.add_mutually_exclusive_group(required=True)
    what.add_argument("--id")
    what.add_argument("--title")
    what.add_argument("--text")
    similar.add_argument("--k", type=int, default=5)
    similar.add_argument("--json", action="store_true")
    similar.set_defaults(run=_feature("cli_similar", "similarity search (`studio similar`)"))
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
