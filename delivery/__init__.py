"""Sending to Telegram: one home for priorities, flood limits, retries and recorded deliveries.

It sits below both of its users: the handlers (replies to a person, high priority) and the
scheduler (prompts in bulk, low priority).
"""
