"""Reading a free-text message: what the user wants, with which parameters (docs/intents.md)."""
