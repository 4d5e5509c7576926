"""Job ids in a message: numeric ("job 42", "#42", "cancel 42") and hexadecimal ("kill job a1b2c3"),
and, in a message already read as a job question or order, the one number or hex token it holds.
A numeric id is an integer, a hexadecimal one is kept as written, in lower case."""

from __future__ import annotations

import re

__all__ = ["any_job_id", "job_id", "job_reference"]

_I = re.IGNORECASE

# -- jobs ----------------------------------------------------------------------------------------
_JOB_ID = re.compile(
    r"\b(?:job|task|request|render|order|trabajo|tarea|tâche|travail|auftrag|aufgabe|trabalho|"
    r"pedido|tarefa|commande|jobs?)\s*(?:number|no\.?|nr\.?|n[º°o]|#|id|numéro|número|nummer)?\s*"
    r"#?\s*(\d{1,9})\b"
    r"|#\s?(\d{1,9})\b|\bnumber\s+(\d{1,9})\b"
    r"|^(?:please\s+|pls\s+)?(?:cancel|stop|abort|kill|end|terminate|status(?: of)?|check)\s+"
    r"#?(\d{1,9})\b",
    _I,
)


def job_id(text: str) -> int | None:
    if m := _JOB_ID.search(text):
        return int(next(g for g in m.groups() if g))
    return None


# Hexadecimal job references ("job a1b2c3", "kill 7f3e"): a token of 3-16 hex characters with at
# least one digit and one letter, after a job word or a stop/check verb, or standing alone in a
# short question ("is 9c1d done yet").
_HEX = r"(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{3,16}"
# After a job word, a longer hex id may have no digit at all: "job deadbeef".
_HEX_LETTERS = r"[a-f]{6,16}"
_HEX_ID = re.compile(
    rf"\b(?:job|task|request|render|order|trabajo|tâche|auftrag)\s*(?:id|#|number|no\.?)?\s*#?\s*"
    rf"({_HEX}|{_HEX_LETTERS})\b"
    rf"|\b(?:cancel|stop|abort|kill|end|terminate|halt|check|status of|check on|drop)\s+"
    rf"#?({_HEX})\b"
    rf"|^\W*(?:is|was|has|did)\s+#?({_HEX})\b",
    _I,
)


# In a message already read as a job question or order, a number or hex token standing alone is
# the job's id: "ist Jb 19 fertig?", "como va el trabago 33", "any news on b7e1?". Not a time,
# a size or an amount ("in 5 minutes", "50%").
_LONE_NUMBER = re.compile(
    r"(?<![\w.:/-])#?(\d{1,9})(?![\w.:/%,-])(?!\s*(?:min|mins|minutes?|secs?|seconds?|hours?|hrs?|"
    r"h|days?|%|x|px|fps|am|pm|images?|pics?|pictures?|videos?|scenes?|minuten|stunden|heures?|"
    r"horas?|minutos?|segundos?|sekunden)\b)",
    _I,
)
_LONE_HEX = re.compile(
    r"(?<![\w#-])#?((?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{4,16})(?![\w-])", _I
)


def job_reference(text: str) -> int | str | None:
    """The job a job question or order names: an id after a job word or verb, else the one
    number or hex token the message holds."""
    found = any_job_id(text)
    if found is not None:
        return found
    numbers = _LONE_NUMBER.findall(text)
    if len(numbers) == 1:
        return int(numbers[0])
    hexes = _LONE_HEX.findall(text)
    if len(hexes) == 1 and not numbers:
        return str(hexes[0]).lower()
    return None


def any_job_id(text: str) -> int | str | None:
    """A numeric job id as an integer, a hexadecimal one as written (lower case)."""
    number = job_id(text)
    if number is not None:
        return number
    if m := _HEX_ID.search(text):
        return next(g for g in m.groups() if g).lower()
    return None
