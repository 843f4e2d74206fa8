"""People's data rights: /export, /delete and /privacy."""
