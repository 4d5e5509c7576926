"""Tools that return StepResults, and the adapters they need (LLM, retrieval, media...).

Subpackages import core (ports) but not each other and never the Discord frontend.
"""
