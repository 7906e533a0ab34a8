"""The conversation, independent of Telegram and the terminal: use cases and their views.

Every function is synchronous (the Telegram adapter runs it in a worker thread), opens its
own transactions (the adapters never do), and returns a `reply.Reply`. Permissions are
checked by the adapters, which know who is an admin.
"""
