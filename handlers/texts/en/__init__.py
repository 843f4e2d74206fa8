"""English texts, grouped by the part of the bot that shows them."""

from handlers.texts.en import (
    answers,
    checkin,
    common,
    data,
    onboarding,
    prompts,
    safety,
    settings,
)

__all__ = ["answers", "checkin", "common", "data", "onboarding", "prompts", "safety", "settings"]
