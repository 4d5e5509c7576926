"""Studio in the member's language: localised slash commands, and replies in French, Spanish,
German or Brazilian Portuguese (English is the fallback for anything without a translation).

`translator` localises the command tree for Discord; `catalog` holds the reply texts by message
id; `language` picks the language of a reply (the interaction's locale, or the message's own
language); `refusals` recognises core's user-error messages so they can be said in that language.
"""
