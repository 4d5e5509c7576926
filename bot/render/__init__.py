"""What Discord shows, made from results and updates: pure functions, no I/O, and nothing of the
bot above this package (only `bot.custom_ids` and the texts of `bot.i18n` below it).

- `limits`: Discord's limits and colours, and fitting any reply within them (the leaf);
- `model`: what the renderers produce (`Reply`, `OutMessage`, `FileSpec`, `ButtonSpec`);
- `replies`: `render_result`, the one entry point for a command's or message's result;
- `progress`: a job's queued line, progress message and result messages;
- `shows`: similar shows and a show's narrative DNA (also as the console's plain text);
- `admin`: the /admin views; `charts`: the stats chart;
- `errors`: an error as a member sees it.
"""
