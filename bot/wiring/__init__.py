"""Builders that wire concrete adapters into runners and services (the composition root)."""
