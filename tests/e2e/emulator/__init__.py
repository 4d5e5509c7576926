"""A loopback Discord: REST and gateway on 127.0.0.1 for the real, unmodified discord.py client.

`DiscordEmulator` (server.py) holds the world (guilds, channels, members, messages), records
every REST call with its time, enforces Discord's limits, injects faults, and lets tests act as
users (invoke a slash command, click a button, post in a thread) and read what users see.
"""

from tests.e2e.emulator.faults import Fault
from tests.e2e.emulator.model import Interaction, Message
from tests.e2e.emulator.server import DiscordEmulator

__all__ = ["DiscordEmulator", "Fault", "Interaction", "Message"]
