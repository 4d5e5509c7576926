"""Ports: the Protocols core depends on. Adapters live in tools/ and bot/; the composition root
wires them. Tool subpackages talk to each other only through these."""
