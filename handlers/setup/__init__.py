"""First-time setup: onboarding steps, their view, and time zones."""
