"""The terminal adapter: the same conversation in a terminal, on SQLite (`duban console`)."""
