"""A chat as a person sees it (ChatView) and one person acting in it (ChatSimulator).

Actions (send_text, press, ...) queue the update Telegram would send and return at once;
``wait_for`` and ``settle`` wait on conditions, never for a fixed time.
"""

# Waiting helpers take a timeout by design, like asyncio.wait_for.
# ruff: noqa: ASYNC109

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fakegram.markup import command_entities
from fakegram.samples import SAMPLE_OGG, SAMPLE_PNG, SAMPLE_WEBP
from fakegram.state import BotApiState, CallbackAnswer, ChatState, JsonDict, PendingQuery
from fakegram.views import ChatMessage, describe, message_view

if TYPE_CHECKING:
    from fakegram.server import LocalBotApi


class ChatView:
    """What people see in one chat, and waiting for the bot to change it."""

    def __init__(self, server: LocalBotApi, chat: ChatState) -> None:
        self._server = server
        self._state: BotApiState = server.state
        self._chat = chat
        self._seen_version = chat.version

    @property
    def chat_id(self) -> int:
        """The chat's id."""
        return self._chat.chat_id

    @property
    def history(self) -> list[ChatMessage]:
        """Every message still in the chat, from people and the bot, oldest first."""
        stored = sorted(self._chat.messages.values(), key=lambda m: m.message_id)
        return [message_view(m, self._state.files) for m in stored]

    @property
    def messages(self) -> list[ChatMessage]:
        """The bot's messages in order, edits applied, deleted ones gone."""
        return [m for m in self.history if m.from_bot]

    @property
    def last_message(self) -> ChatMessage | None:
        """The bot's newest message, if any."""
        messages = self.messages
        return messages[-1] if messages else None

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        """The bot's answers to button presses in this chat, in the order it answered."""
        return list(self._state.answers.get(self.chat_id, []))

    @property
    def chat_actions(self) -> list[str]:
        """Chat actions ('typing', ...) the bot has shown here."""
        return list(self._chat.actions)

    def transcript(self) -> str:
        """The chat as readable lines, for failure messages."""
        lines = []
        for message in self.history:
            who = "bot" if message.from_bot else message.raw["from"].get("first_name", "user")
            buttons = "  ".join(f"[{b.text}]" for b in message.all_buttons)
            lines.append(f"{who}: {describe(message)}" + (f"  {buttons}" if buttons else ""))
        return "\n".join(lines) or "(no messages)"

    def _mark_seen(self) -> None:
        self._seen_version = self._chat.version

    async def wait_for(
        self, predicate: Callable[[Any], bool] | None = None, timeout: float = 5.0
    ) -> ChatMessage | None:
        """Wait until the bot sends or edits something new here since this person's last action
        (or until ``predicate(self)`` holds); return the message that changed last."""
        deadline = time.monotonic() + timeout
        while True:
            done = predicate(self) if predicate else self._chat.version > self._seen_version
            if done:
                self._mark_seen()
                return self._last_changed()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(self._timeout_report(timeout))
            await self._state.changed.wait(min(remaining, 0.1))

    async def settle(self, timeout: float = 5.0) -> None:
        """Wait until the bot has fetched every update and gone quiet (LocalBotApi.wait_idle)."""
        await self._server.wait_idle(timeout=timeout)
        self._mark_seen()

    def _last_changed(self) -> ChatMessage | None:
        changed = self._chat.messages.get(self._chat.last_changed or -1)
        return message_view(changed, self._state.files) if changed else self.last_message

    def _timeout_report(self, timeout: float) -> str:
        calls = ", ".join(c.method for c in self._server.calls[-8:]) or "none"
        return (
            f"the bot did not answer in chat {self.chat_id} within {timeout} s.\n"
            f"Chat so far:\n{self.transcript()}\n"
            f"Pending updates: {len(self._state.updates.pending)}; last calls: {calls}; "
            f"schema violations: {len(self._server.schema_violations)}"
        )


class ChatSimulator(ChatView):
    """One person acting in one chat."""

    def __init__(self, server: LocalBotApi, chat: ChatState, person: JsonDict) -> None:
        super().__init__(server, chat)
        self.person = person

    def _post(self, content: JsonDict, kind: str = "message") -> ChatMessage:
        self._chat.started = True
        stored = self._state.add_message(self._chat, self.person, content, from_bot=False)
        self._state.updates.push(kind, stored.data)
        self._mark_seen()
        return message_view(stored, self._state.files)

    def send_text(self, text: str, *, reply_to: ChatMessage | None = None) -> ChatMessage:
        """Write ``text`` (commands get their ``bot_command`` entity, as in Telegram)."""
        content: JsonDict = {"text": text}
        if entities := command_entities(text):
            content["entities"] = entities
        if reply_to is not None:
            content["reply_to_message"] = reply_to.raw
        return self._post(content)

    async def ask(self, text: str, timeout: float = 5.0) -> ChatMessage | None:
        """Write ``text`` and wait for the bot's answer."""
        self.send_text(text)
        return await self.wait_for(timeout=timeout)

    def _upload(self, data: bytes, kind: str, **details: Any) -> JsonDict:
        stored = self._state.store_file(data, kind, **details)
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(data),
        }

    def send_photo(self, data: bytes = SAMPLE_PNG, caption: str | None = None) -> ChatMessage:
        """Send a photo (a tiny PNG unless ``data`` is given)."""
        size = {"width": 1, "height": 1} if data is SAMPLE_PNG else {"width": 800, "height": 600}
        content: JsonDict = {"photo": [{**self._upload(data, "photo", extension=".jpg"), **size}]}
        return self._post(content | ({"caption": caption} if caption else {}))

    def send_document(
        self, data: bytes, file_name: str, mime_type: str = "application/octet-stream"
    ) -> ChatMessage:
        """Send a file."""
        details = self._upload(data, "document", file_name=file_name, mime_type=mime_type)
        return self._post({"document": {**details, "file_name": file_name, "mime_type": mime_type}})

    def send_voice(self, data: bytes = SAMPLE_OGG, duration: int = 2) -> ChatMessage:
        """Send a voice note."""
        details = self._upload(data, "voice", mime_type="audio/ogg", extension=".oga")
        return self._post({"voice": {**details, "duration": duration, "mime_type": "audio/ogg"}})

    def send_sticker(self, emoji: str = "👍") -> ChatMessage:
        """Send a sticker."""
        details = self._upload(SAMPLE_WEBP, "sticker", extension=".webp")
        sticker = {
            **details,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._post({"sticker": sticker})

    def send_location(self, latitude: float, longitude: float) -> ChatMessage:
        """Share a location."""
        return self._post({"location": {"latitude": latitude, "longitude": longitude}})

    def edit_text(self, message: ChatMessage | int, new_text: str) -> ChatMessage:
        """Edit one of this person's messages (an ``edited_message`` update)."""
        message_id = message if isinstance(message, int) else message.message_id
        stored = self._chat.messages[message_id]
        if stored.from_bot:
            raise ValueError("a person can only edit their own messages")
        data = {k: v for k, v in stored.data.items() if k != "entities"}
        data.update(text=new_text, edit_date=self._state.now())
        if entities := command_entities(new_text):
            data["entities"] = entities
        stored.data = data
        self._state.updates.push("edited_message", data)
        self._mark_seen()
        return message_view(stored, self._state.files)

    def press(self, button: str, *, message: ChatMessage | int | None = None) -> str:
        """Press an inline button by its text or callback_data; return the callback query id.

        Without ``message``, the newest bot message that has such a button is used.
        """
        candidates = self.messages if message is None else [self._find(message)]
        for shown in reversed(candidates):
            found = shown.find_button(button)
            if found is None:
                continue
            if shown.is_link_button(found):
                raise ValueError(f"[{found.text}] opens a link; it sends nothing to the bot")
            return self.press_raw(found.value or "", shown.message_id)
        labels = [b.text for m in candidates for b in m.all_buttons]
        raise LookupError(f"no button {button!r} in chat {self.chat_id}; buttons: {labels}")

    async def choose(self, button: str, timeout: float = 5.0) -> ChatMessage | None:
        """Press ``button`` and wait for the bot to change the chat."""
        self.press(button)
        return await self.wait_for(timeout=timeout)

    def press_raw(self, callback_data: str, message_id: int | None = None) -> str:
        """Send a callback query with any data, as a forged or stale client could."""
        if message_id is None:
            with_buttons = [m for m in self.messages if m.buttons]
            message_id = with_buttons[-1].message_id if with_buttons else 0
        stored = self._chat.messages.get(message_id)
        message = (
            stored.data
            if stored
            else {"chat": self._chat.chat, "message_id": message_id, "date": 0}
        )
        query_id = self._state.new_query_id(int(self.person["id"]))
        self._state.queries[query_id] = PendingQuery(
            query_id, self.chat_id, message_id, callback_data, time.monotonic()
        )
        query = {
            "id": query_id,
            "from": self.person,
            "message": message,
            "chat_instance": str(abs(self.chat_id) * 7919 % 10**18),
            "data": callback_data,
        }
        self._state.updates.push("callback_query", query)
        self._mark_seen()
        return query_id

    def _find(self, message: ChatMessage | int) -> ChatMessage:
        message_id = message if isinstance(message, int) else message.message_id
        for shown in self.messages:
            if shown.message_id == message_id:
                return shown
        raise LookupError(f"no bot message {message_id} in chat {self.chat_id}")

    def report_bot_status(self, old: str, new: str) -> None:
        """Queue the my_chat_member update for the bot's status here changing from old to new."""
        bot = self._state.bot_user

        def member(status: str) -> JsonDict:
            return {"status": status, "user": bot} | (
                {"until_date": 0} if status == "kicked" else {}
            )

        update = {
            "chat": self._chat.chat,
            "from": self.person,
            "date": self._state.now(),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        self._state.updates.push("my_chat_member", update)
