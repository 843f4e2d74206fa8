"""What every capability shares: the typed context, the callback codec, keyboards, replying,
routing and errors."""
