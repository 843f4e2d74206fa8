"""Sending to Telegram: priorities, flood limits, retries and exactly-once prompt delivery.

Who really uses it (`grep -rn "from delivery" --include=*.py`):

- `bot/app.py` (and `bot/chat.py`) install `ratelimit.PriorityRateLimiter` as the
  Application's rate limiter, so every Bot API call passes through it: handlers' replies at
  the default (reply) priority, scheduled prompts as bulk. Handlers never import this package;
  they send with `context.bot` and the limiter holds, retries and orders those calls.
- `reminders/dispatcher.py` sends each scheduled prompt with `prompt_sender.deliver`
  (claim the slot, build, send, mark sent), and `handlers/prompts/builders.py` builds the
  `prompt_sender.Prompt` it sends.
"""
