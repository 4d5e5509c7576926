"""Helpers shared by tests: tiny random pipelines and other real local parts."""
