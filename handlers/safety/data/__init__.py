"""Safety data shipped with the bot: the crisis-line table and the red-flag screen's tiers."""
