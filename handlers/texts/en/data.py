"""Texts of /history, /report, /export, /delete, /privacy and /stats."""

import html

HISTORY_EMPTY = "Nothing recorded in the last 14 days yet. Answer a check-in or /assess first."
REPORT_CAPTION = "Your summary of the last 30 days, to show your doctor."
REPORT_FILENAME = "checkin-report-{date}.pdf"

EXPORT_CAPTION_JSON = "Everything I keep about you, as JSON."
EXPORT_CAPTION_CSV = "Your daily records, as CSV (opens in a spreadsheet)."
EXPORT_NOTHING = "I don't keep anything about you."

DELETE_ASK = (
    "<b>Erase everything?</b>\n"
    "This deletes your settings, check-ins, water and stretch logs, answers and reminders. "
    "It can't be undone. (Tip: /export first if you want a copy.)"
)
BUTTON_DELETE = "Yes, erase everything"
BUTTON_KEEP = "No, keep my data"
DELETE_KEPT = "Okay, nothing was erased."
DELETE_NOTHING = "There's nothing to erase: I don't keep anything about you."


def deleted(counts: dict[str, int]) -> str:
    """Confirm the erasure with what was removed."""
    parts = [
        f"{html.escape(table.replace('_', ' '))}: {n}" for table, n in sorted(counts.items()) if n
    ]
    listing = "\n".join(parts) if parts else "(no rows)"
    return (
        "<b>Done. Everything is erased</b> and reminders have stopped.\n"
        f"Removed:\n{listing}\n\n"
        "If you ever want to start again, just send /start."
    )


PRIVACY = (
    "<b>Your data and privacy</b>\n\n"
    "<b>What I keep:</b> your Telegram id and chat, time zone, reminder times, water goal, the "
    "health details you choose to give, and your answers: water logged, spasms (where, how "
    "bad, how many), bladder symptoms, warning signs, triggers, and the advice I gave with the "
    "reasons behind it.\n"
    "<b>What I don't keep:</b> the words you type. I read them, pick out what matters, and "
    "keep only that.\n"
    "<b>Why:</b> to remind you at the right times, spot patterns over days, and explain any "
    "answer I gave.\n"
    "<b>For how long:</b> until you delete it. Reminder bookkeeping is cleared after a few weeks.\n"
    "<b>Who sees it:</b> nobody else. Operators only see totals, never one person's data.\n\n"
    "/export sends you everything as files. /delete erases all of it."
)

STATS_TITLE = "<b>Stats (all people, no one's details)</b>"


def stats(
    counts: dict[str, int], checkins: dict[str, int], triage: dict[str, dict[str, int]]
) -> str:
    """Aggregate counts for operators."""
    lines = [STATS_TITLE, ""]
    lines += [f"{name}: {value}" for name, value in counts.items()]
    lines += ["", "<b>Check-ins per day</b>"]
    lines += [f"{day}: {n}" for day, n in checkins.items()] or ["none yet"]
    lines += ["", "<b>Answers by triage level per day</b>"]
    for day, levels in triage.items():
        shown = ", ".join(f"{level} {n}" for level, n in levels.items())
        lines.append(f"{day}: {shown}")
    if not triage:
        lines.append("none yet")
    return "\n".join(lines)
