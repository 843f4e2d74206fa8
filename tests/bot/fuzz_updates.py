"""Random updates shaped by the Bot API schema the local server loads: every object has its
required fields, a few of its optional ones, and values of the right types, so the server's own
schema check passes them. They arrive in the chats of a few people (or a group) from the right
person, except the forged ones (`forged=True`): a press or a message from someone else.

Texts and button data come from pools that reach the bot's flows (commands, amounts, symptoms,
every button prefix), mixed with noise; nested optional fields are rarer the deeper they are.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from fakegram.schema import SCHEMA_FILE

JsonDict = dict[str, Any]

KINDS = ("message", "message", "message", "callback_query", "callback_query", "edited_message",
         "my_chat_member")  # fmt: skip
COMMANDS = ("/start", "/help", "/assess", "/stretch", "/water", "/water 300", "/undo", "/settings",
            "/settings goal 2500", "/settings quiet 22:00-07:00", "/pause", "/pause 3",
            "/pause ²", "/pause 999", "/resume", "/cancel", "/history", "/export", "/delete",
            "/privacy", "/stats", "/nonsense", "/start@checkin_test_bot")  # fmt: skip
WORDS = ("yes", "no", "Berlin", "14:30", "2000", "500 ml", "I drank 9 litres", "drank 2 glasses",
         "cramps in my calf", "back spasm 7/10", "blood in my pee", "fever and chills",
         "can't pee", "all good", "Done", "0", "-5", "1e9", "٣", "²", "🙂", "\x00", " ", "",
         "a" * 4096, "<b>bold</b>", "&amp;", "  spaces  ")  # fmt: skip
PREFIXES = ("ob", "ci", "cp", "rf", "w", "st", "fu", "del", "xx")
ACTIONS = ("consent", "decline", "yes", "no", "good", "bad", "done", "later", "skip", "add",
           "other", "set", "toggle", "cancel", "better", "same", "worse", "tz", "goal", "keep",
           "none", "back")  # fmt: skip
ENTITY_FIELDS = ("entities", "caption_entities", "quote", "text_quote")
# Optional Message fields that stay out: they describe chats, topics and businesses a private
# chat with this bot never has, or they carry entities whose offsets must match a text.
SKIPPED_MESSAGE_FIELDS = frozenset({
    *ENTITY_FIELDS, "sender_chat", "sender_business_bot", "business_connection_id",
    "message_thread_id", "is_topic_message", "is_automatic_forward", "chat_background_set",
    "forum_topic_created", "forum_topic_edited", "forum_topic_closed", "forum_topic_reopened",
    "general_forum_topic_hidden", "general_forum_topic_unhidden", "migrate_to_chat_id",
    "migrate_from_chat_id", "pinned_message", "reply_to_message", "external_reply",
    "direct_messages_topic", "suggested_post_info", "reply_to_checklist_task_id",
})  # fmt: skip


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@dataclass
class Chat:
    """Where an update happens and who may act there."""

    chat: JsonDict
    people: list[JsonDict]  # the private chat's person, or a group's members


class UpdateFuzzer:
    """Schema-shaped random updates (see the module docstring)."""

    def __init__(
        self, rng: random.Random, chats: list[Chat], strangers: list[JsonDict], bot: JsonDict
    ) -> None:
        data = json.loads(
            resources.files("fakegram").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
        )
        self.types: dict[str, JsonDict] = data["types"]
        self.rng = rng
        self.chats = chats
        self.strangers = strangers
        self.bot = bot
        self.button_data: list[str] = []  # real data seen in chats, added by the test
        self.message_ids: dict[int, list[int]] = {}  # per chat: ids of real messages
        self._query = 0

    # -- updates -------------------------------------------------------------------------

    def update(self, update_id: int) -> tuple[str, JsonDict, bool]:
        """(kind, payload, forged) of one random update."""
        kind = self.rng.choice(KINDS)
        place = self.rng.choice(self.chats)
        private = place.chat["type"] == "private"
        forged = private and self.rng.random() < 0.1
        actor = (
            self.rng.choice(self.strangers + [p for c in self.chats for p in c.people])
            if forged
            else self.rng.choice(place.people)
        )
        if forged and actor["id"] == place.chat["id"]:
            forged = False
        if kind == "callback_query":
            return kind, self.callback_query(place, actor), forged
        if kind == "my_chat_member":
            return kind, self.my_chat_member(place, actor), forged
        return kind, self.message(place, actor, edited=kind == "edited_message"), forged

    def message(self, place: Chat, sender: JsonDict, *, edited: bool = False) -> JsonDict:
        """A message in `place` from `sender`: text most of the time, else schema-random."""
        message = self.object("Message", depth=1, skip=SKIPPED_MESSAGE_FIELDS)
        message.update(
            message_id=self._message_id(place), date=1_763_000_000 + self.rng.randrange(10**6),
            chat=place.chat, **{"from": sender},
        )  # fmt: skip
        if edited:
            message["edit_date"] = message["date"] + 5
        if self.rng.random() < 0.7:
            for field in ("caption", "photo", "sticker", "document", "voice", "location"):
                message.pop(field, None)
            text = self.text()
            message["text"] = text
            if text.startswith("/"):
                length = len(text.split(" ", 1)[0].encode("utf-16-le")) // 2
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return message

    def callback_query(self, place: Chat, presser: JsonDict) -> JsonDict:
        """A press on a message in `place` (inaccessible now and then, as for old messages)."""
        self._query += 1
        shown: JsonDict
        if self.rng.random() < 0.1:
            shown = {"chat": place.chat, "message_id": self._message_id(place), "date": 0}
        else:
            shown = self.message(place, self.bot)
            shown.pop("entities", None)
        return {
            "id": str(10**12 + self._query),
            "from": presser,
            "message": shown,
            "chat_instance": str(abs(place.chat["id"]) * 31),
            "data": self.data(),
        }

    def my_chat_member(self, place: Chat, actor: JsonDict) -> JsonDict:
        """The bot blocked or unblocked in a private chat, or added to or removed from a group."""
        statuses = ("member", "kicked") if place.chat["type"] == "private" else ("member", "left")
        old, new = self.rng.sample(statuses, 2)
        return {
            "chat": place.chat,
            "from": actor,
            "date": 1_763_000_000,
            "old_chat_member": self._member(old),
            "new_chat_member": self._member(new),
        }

    def _member(self, status: str) -> JsonDict:
        member: JsonDict = {"status": status, "user": self.bot}
        if status == "kicked":
            member["until_date"] = 0
        return member

    def _message_id(self, place: Chat) -> int:
        known = self.message_ids.get(place.chat["id"])
        if known and self.rng.random() < 0.7:
            return self.rng.choice(known)
        return self.rng.randrange(1, 10**6)

    # -- values --------------------------------------------------------------------------

    def text(self) -> str:
        """A message text: a command, words the flows know, or noise."""
        roll = self.rng.random()
        if roll < 0.35:
            return self.rng.choice(COMMANDS)
        if roll < 0.85:
            return self.rng.choice(WORDS)
        return "".join(self.rng.choice("ab 7/.,!?é🙂\n") for _ in range(self.rng.randrange(1, 40)))

    def data(self) -> str:
        """Callback data: a button really shown, a plausible one, or garbage (max 64 bytes)."""
        roll = self.rng.random()
        if roll < 0.4 and self.button_data:
            return self.rng.choice(self.button_data)
        if roll < 0.9:
            parts = [
                self.rng.choice(PREFIXES),
                self.rng.choice(("0", "20261118", "1", "abcdef0101", "zz")),
                self.rng.choice(ACTIONS),
            ]
            if self.rng.random() < 0.5:
                parts.append(self.rng.choice(("250", "500", "7", "2000", "-1", "x", "99999")))
            return ":".join(parts)
        return "".join(self.rng.choice("abc:019_-") for _ in range(self.rng.randrange(1, 64)))

    def object(self, type_name: str, depth: int, skip: frozenset[str] = frozenset()) -> JsonDict:
        """An object of `type_name`: required fields, and optional ones, rarer with depth."""
        spec = self.types[type_name]
        if spec.get("subtypes"):
            options = spec["subtypes"]
            plain = [o for o in options if o in ("String", "Integer")]
            choice = plain[0] if plain and depth > 3 else self.rng.choice(options)
            return self.value([choice], depth + 1, "")  # type: ignore[return-value]
        family = spec.get("subtype_of")
        value: JsonDict = {}
        for field in spec.get("fields", ()):
            name = field["name"]
            if name in skip:
                continue
            if field["required"] or (depth < 3 and self.rng.random() < 0.04 / depth):
                value[name] = self.value(field["types"], depth + 1, name)
        parents = family if isinstance(family, list) else [family] if family else []
        for parent in parents:
            if type_name.startswith(parent) and "type" in value and parent not in (
                "RichBlock", "RichText", "PassportElementError",
            ):  # fmt: skip
                value["type"] = _snake(type_name.removeprefix(parent).replace("Cached", ""))
        return value

    def value(self, types: list[str], depth: int, name: str) -> object:
        """A value of one of `types`."""
        chosen = self.rng.choice(types)
        if chosen.startswith("Array of "):
            inner = chosen.removeprefix("Array of ")
            count = self.rng.randrange(0, 3) if depth < 4 else 0
            return [self.value([inner], depth + 1, name) for _ in range(count)]
        if chosen == "Integer":
            return self.rng.choice((0, 1, 7, 42, 2**31 - 1, -1, self.rng.randrange(10**9)))
        if chosen == "Float":
            return self.rng.choice((0.0, 1.5, -3.25, 52.52))
        if chosen == "Boolean":
            return True if name.startswith(("is_", "has_", "can_")) else self.rng.random() < 0.5
        if chosen == "String":
            if name == "type":
                return "private"
            return self.rng.choice(("x", "", "file", "🙂", "abc" * 5))
        if chosen == "User":
            return self.rng.choice(self.strangers)
        if chosen == "Chat":
            return self.rng.choice(self.chats).chat
        return self.object(chosen, depth)
