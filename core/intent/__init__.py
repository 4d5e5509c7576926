"""Reading a free-text message: what the user wants, with which parameters (INTENTS.md)."""
