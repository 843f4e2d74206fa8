"""A person's preferences: /settings, /pause and /resume, and how a profile reads."""
