"""Every test runs as the bot does: opted in to PTB's timedelta durations."""

from bot.config import use_timedelta_durations

use_timedelta_durations()
