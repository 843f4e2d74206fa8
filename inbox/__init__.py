"""Updates in: every update is stored in the database before Telegram is told it arrived,
handled from there once, and finished by whichever instance is alive (see docs/storage.md)."""
