"""One cog per command group. Each is thin: defer at once, build the request, call core, render."""
