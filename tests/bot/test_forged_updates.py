"""A person only ever acts for themselves: in a private chat, an update whose sender is not the
chat's person (forged) changes nothing stored and sends nothing, whatever button or message it
carries, while the same press by the chat's own person still works."""

from __future__ import annotations

from sqlalchemy import select

from handlers.common.callbacks import Prefix
from handlers.prompts.render import checkin_prompt, followup_prompt, hydration_prompt
from handlers.safety.screen import screen_button
from storage.models import Base
from tests.bot.forgery import forge_message, forge_press
from tests.bot.journey import T, local_date, onboard, say


# Messages a forger might send in someone else's chat: commands that change or reveal data,
# words the parser acts on, a red flag, a location.
def command(text: str) -> dict[str, object]:
    """A message with a command, its bot_command entity as Telegram adds it."""
    length = len(text.split(" ", 1)[0])
    return {"text": text, "entities": [{"type": "bot_command", "offset": 0, "length": length}]}


FORGED_MESSAGES = [
    *(command(text) for text in ("/delete", "/export", "/start", "/pause 3", "/history")),
    command("/settings goal 3000"),
    {"text": "I drank 2 litres"},
    {"text": "there's blood in my pee and I have a fever"},
    {"text": "Berlin"},
    {"location": {"latitude": 52.52, "longitude": 13.405}},
]


async def database_rows(harness) -> dict[str, list[tuple]]:
    """Every row of every table, to compare before and after."""
    if harness._reader is None:
        async with harness.store():
            pass
    async with harness._reader.engine.connect() as connection:
        return {
            table.name: sorted(
                (tuple(map(str, row)) for row in await connection.execute(select(table))),
            )
            for table in Base.metadata.sorted_tables
        }


def bot_calls(server) -> list[str]:
    """Every call the bot made except polling."""
    return [c.method for c in server.calls if c.method not in ("getUpdates", "getMe")]


async def show_every_kind_of_button(harness, victim) -> dict[Prefix, list[tuple[str, int]]]:
    """Put a message with each kind of button into the victim's chat: (data, message_id)."""
    bot, today = harness.app.bot, local_date(harness)
    prompts = [
        checkin_prompt(today, T),
        followup_prompt(1, T),
        hydration_prompt(today, 0, 2000, behind=False, texts=T),
    ]
    for prompt in prompts:
        await bot.send_message(
            victim.chat_id, prompt.text, reply_markup=prompt.keyboard, parse_mode="HTML"
        )
    # The red-flag screen's one-tap button, as it comes under "here is what I can do".
    await bot.send_message(
        victim.chat_id, T.get("common.free_text_nothing"), reply_markup=screen_button(T)
    )
    await say(victim, "/settings")
    await say(victim, "/stretch")
    await say(victim, "/assess")
    await say(victim, "/delete")
    await victim.settle()
    found: dict[Prefix, list[tuple[str, int]]] = {}
    for message in victim.messages:
        for button in message.all_buttons:
            if button.value and ":" in button.value:
                prefix = Prefix(button.value.split(":", 1)[0])
                found.setdefault(prefix, []).append((button.value, message.message_id))
    return found


async def test_forged_presses_and_messages_change_nothing_and_send_nothing(harness):
    server = harness.server
    victim = server.user(9101, "Vera")
    await onboard(harness, victim)
    forger = server.user(9102, "Fred")
    await onboard(harness, forger, "Paris")
    stranger = server.user(9103, "Sam")  # never used the bot
    shown = await show_every_kind_of_button(harness, victim)
    # The welcome's buttons are gone once setup is done: forge onboarding presses by hand.
    welcome = victim.messages[0]
    shown.setdefault(Prefix.ONBOARDING, []).extend(
        (f"ob:0:{action}", welcome.message_id) for action in ("consent", "decline")
    )
    shown[Prefix.CONFIRM] = [("rf:0:yes", welcome.message_id)]
    assert set(shown) == set(Prefix), set(Prefix) - set(shown)
    delete_ask = shown[Prefix.DELETE][0][1]
    shown[Prefix.DELETE] += [("del:0:yes", delete_ask), ("del:0:no", delete_ask)]

    before = await database_rows(harness)
    calls_before = len(bot_calls(server))
    victim_messages = [(m.message_id, m.text, m.revision) for m in victim.messages]
    for impostor in (forger, stranger):
        for presses in shown.values():
            for data, message_id in presses:
                forge_press(server, impostor, victim, data, message_id)
        for content in FORGED_MESSAGES:
            forge_message(server, impostor, victim, content)
        # ... and the victim's own presses forged into the impostor's chat.
        for data, message_id in shown[Prefix.CHECKIN]:
            forge_press(server, victim, impostor, data, message_id)
    await server.wait_idle(timeout=30)

    assert bot_calls(server)[calls_before:] == []
    assert await database_rows(harness) == before
    assert [(m.message_id, m.text, m.revision) for m in victim.messages] == victim_messages

    # The same buttons still work for their own person.
    answer = await say(victim, "/water 500")
    assert answer is not None and "500" in (answer.text or "")
