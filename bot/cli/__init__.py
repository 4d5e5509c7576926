"""`studio`, the one command-line entry point: `main` (in `bot.cli.main`) reads the arguments
and the settings and runs one subcommand, each in its own module here (`bot`, `console`,
`worker`, `intent`, `catalog`, `similar`); README.md lists them."""

from bot.cli.main import main

__all__ = ["main"]
