"""Versioned prompt files for script writing (`<stage>.<version>.md`, `string.Template` syntax).

Editing a file changes the prompt hash, which is part of every cache key, so stale stage outputs
are never reused; a new prompt set gets new file names and a new `PROMPT_SET` in prompting.py.
"""
