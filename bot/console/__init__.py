"""`studio console`: Studio's commands in a terminal, through the same orchestrator as Discord.

Slash syntax mirrors the Discord commands (`/imagine prompt:"a fox" count:2`, `/show similar
title:"Fleabag"`, `/job status id:3`), the buttons' actions are commands or numbered choices
(`/reroll`, `/vary`, `/final`, Run / Edit / Cancel), and a plain sentence is read as a message in
a studio thread. Jobs run while you keep typing, each with its own progress line; their result
files are copied under <data_dir>/console/job-<id>/. `/help` lists the commands; `/quit`,
Ctrl-D or end of input leaves, and jobs still running resume at the next start.

Modules: `commands` (parsing, completion), `words` (what is printed), `progress` (the progress
sink, saved files), `terminal` (prompt_toolkit or plain lines), `session` (the console itself).
"""

from bot.console.commands import HELP, parse_action, parse_slash
from bot.console.progress import ConsoleProgress, save_results
from bot.console.session import Builder, run_console
from bot.console.words import render_result

__all__ = [
    "HELP",
    "Builder",
    "ConsoleProgress",
    "parse_action",
    "parse_slash",
    "render_result",
    "run_console",
    "save_results",
]
