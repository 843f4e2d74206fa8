"""Storage tests: every test runs on SQLite and on PostgreSQL."""
