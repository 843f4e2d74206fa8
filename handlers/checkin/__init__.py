"""The check-in: the questionnaire, free text, assessing a day, answers and follow-ups."""
