"""Running the bot as a service: start-up checks and stopping (lifecycle, serve), logs, the
operator's endpoints (ops) and the webhook guard. bot/ composes; this package runs what it built."""
