"""Frontends and the composition root: the Discord bot, the console, the `studio` CLI.

The only package that imports discord.py; it wires concrete adapters from tools/ into core.
"""
