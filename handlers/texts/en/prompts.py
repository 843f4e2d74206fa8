"""Texts of the scheduled prompts: water, stretch, check-in and follow-up."""

import html

BUTTON_WATER_OTHER = "Other amount"
ASK_WATER_AMOUNT = "How much? Type it, e.g. 300, 0.5 l or 2 glasses."


def hydration(total_ml: int, goal_ml: int, behind: bool) -> str:
    """The water reminder with today's progress."""
    text = f"💧 <b>Time for some water.</b>\nToday so far: {total_ml} of {goal_ml} ml."
    if behind:
        text += (
            "\nYou're a little behind today. A glass now and one with each meal would catch you up."
        )
    return text


def water_logged(added_ml: int, total_ml: int, goal_ml: int) -> str:
    """Confirm a logged drink."""
    text = f"Logged {added_ml} ml. Today: {total_ml} of {goal_ml} ml."
    if total_ml >= goal_ml:
        text += " Goal reached, well done! No more water reminders today."
    return text


WATER_SKIPPED = "Okay, skipped this one."
WATER_STALE = "That reminder is from an earlier day. Use /water to log a drink now."
WATER_TOO_MUCH = "That's more than I can log at once (up to 5 litres). Please check the amount."
WATER_ASK = "💧 How much did you drink?"

STRETCH_TITLE = "🧘 <b>Stretch time</b> (a few minutes)"
STRETCH_ON_DEMAND = "🧘 <b>Your stretch routine</b>"
BUTTON_STRETCH_DONE = "Done"
BUTTON_STRETCH_LATER = "Later"
STRETCH_DONE = "Nicely done. Your muscles will thank you."
STRETCH_LATER = "Okay, I'll remind you in an hour."
STRETCH_SKIPPED = "Okay, skipped for today."
STRETCH_UNKNOWN_AREA = (
    "I know these areas: back, legs, pelvis, neck, arms. Here's a general routine."
)
STOP_IF_SHARP = "<i>Move slowly and stop if anything hurts sharply.</i>"


def stretch_block(
    name: str, steps: list[str], hold_seconds: int, repetitions: int, caution: str | None
) -> str:
    """One stretch with its steps."""
    lines = [f"<b>{html.escape(name)}</b>"]
    lines += [f"{i}. {html.escape(step)}" for i, step in enumerate(steps, start=1)]
    lines.append(f"Hold {hold_seconds} s, {repetitions}x.")
    if caution:
        lines.append(f"<i>{html.escape(caution)}</i>")
    return "\n".join(lines)


CHECKIN_PROMPT = "🌙 <b>Evening check-in.</b> How was today?"

FOLLOWUP_ASK = (
    "Earlier today I suggested you get medical help. How are you now? Did you manage to see "
    "someone?"
)
BUTTON_GOT_HELP = "I got help"
BUTTON_BETTER = "Better"
BUTTON_SAME = "About the same"
BUTTON_WORSE = "Worse"
FOLLOWUP_THANKS_HELP = "I'm glad you got help. Follow what they told you, and take care."
FOLLOWUP_BETTER = (
    "Good to hear it's easing. If the warning sign comes back, please get help without waiting."
)
FOLLOWUP_SAME = (
    "Please don't wait for it to pass on its own: the advice to get medical help still stands."
)
FOLLOWUP_WORSE = "I'm sorry it's worse. Let's look again right now."
