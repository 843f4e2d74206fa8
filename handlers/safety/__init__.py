"""Safety before everything (bot-v2 items 1-4): every typed message is read for a crisis and
red flags first, in every state; crisis conversation, possible red flags asked at once, and the
tiered red-flag screen, for people with and without a stored record."""
