"""What the fake Telegram knows: the bot, people, chats, their messages, files and callbacks."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fakegram.errors import bad_request, chat_not_found, forbidden
from fakegram.update_queue import Signal, UpdateQueue

JsonDict = dict[str, Any]
CALLBACK_QUERY_TTL = 15.0  # seconds Telegram waits for answerCallbackQuery


@dataclass
class WebhookConfig:
    """The webhook set with setWebhook, and how delivering to it has gone."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    has_custom_certificate: bool = False
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class StoredFile:
    """A file the bot uploaded or a person sent, kept with its bytes."""

    file_id: str
    file_unique_id: str
    data: bytes
    kind: str
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None


@dataclass
class StoredMessage:
    """One message in a chat: its Bot API JSON plus what only the server knows."""

    data: JsonDict
    from_bot: bool
    revision: int = 0
    sequence: int = 0  # when the bot last changed it, on the server-wide event clock
    source_text: str | None = None
    reply_keyboard: JsonDict | None = None
    file_ids: tuple[str, ...] = ()

    @property
    def message_id(self) -> int:
        """The message's id within its chat."""
        return int(self.data["message_id"])


@dataclass
class ChatState:
    """A private chat or group as the server sees it."""

    chat: JsonDict
    members: dict[int, JsonDict] = field(default_factory=dict)
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    blocked: bool = False
    bot_removed: bool = False
    started: bool = False
    version: int = 0
    last_changed: int | None = None
    actions: list[str] = field(default_factory=list)

    @property
    def chat_id(self) -> int:
        """The chat's id (a person's id for a private chat)."""
        return int(self.chat["id"])

    @property
    def is_private(self) -> bool:
        """Whether this is a one-to-one chat with a person."""
        return bool(self.chat["type"] == "private")


@dataclass(frozen=True)
class CallbackAnswer:
    """How the bot answered one button press (answerCallbackQuery)."""

    query_id: str
    callback_data: str | None
    message_id: int | None
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None
    sequence: int = 0  # when it was answered, on the server-wide event clock


@dataclass
class PendingQuery:
    """A callback query the bot has not answered yet (or has, once)."""

    query_id: str
    chat_id: int
    message_id: int | None
    data: str | None
    created: float
    answer: CallbackAnswer | None = None


class BotApiState:
    """The whole simulated Telegram for one bot."""

    def __init__(self, bot_user: JsonDict, clock: Callable[[], float]) -> None:
        self.bot_user = bot_user
        self.clock = clock
        self.chats: dict[int, ChatState] = {}
        self.users: dict[int, JsonDict] = {}
        self.files: dict[str, StoredFile] = {}
        self.updates = UpdateQueue()
        self.queries: dict[str, PendingQuery] = {}
        self.answers: dict[int, list[CallbackAnswer]] = {}
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}
        self.changed = Signal()
        self.webhook: WebhookConfig | None = None
        self.callback_ttl = CALLBACK_QUERY_TTL
        self._file_counter = itertools.count(1)
        self._query_counter = itertools.count(1)
        self._events = itertools.count(1)

    def next_sequence(self) -> int:
        """The next tick of the event clock that orders messages and answers."""
        return next(self._events)

    def now(self) -> int:
        """Unix time for message dates."""
        return int(self.clock())

    def touch(self, chat: ChatState, message_id: int | None = None) -> None:
        """Record that the bot changed what people see in ``chat`` (sent, edited, deleted)."""
        chat.version += 1
        chat.last_changed = message_id
        if message_id is not None and message_id in chat.messages:
            chat.messages[message_id].sequence = self.next_sequence()
        self.changed.notify()

    def resolve_chat(self, chat_id: object) -> ChatState:
        """The chat a ``chat_id`` parameter names, or Telegram's 'chat not found'."""
        if isinstance(chat_id, str):
            wanted = chat_id.removeprefix("@").lower()
            for chat in self.chats.values():
                if str(chat.chat.get("username", "")).lower() == wanted:
                    return chat
            raise chat_not_found()
        if isinstance(chat_id, int) and chat_id in self.chats:
            return self.chats[chat_id]
        raise chat_not_found()

    def writable_chat(self, chat_id: object) -> ChatState:
        """The chat to send to, or the 403 Telegram gives when the bot may not write there."""
        chat = self.resolve_chat(chat_id)
        if chat.is_private and chat.blocked:
            raise forbidden("bot was blocked by the user")
        if chat.is_private and not chat.started:
            raise forbidden("bot can't initiate conversation with a user")
        if not chat.is_private and chat.bot_removed:
            kind = "group" if chat.chat["type"] == "group" else "supergroup"
            raise forbidden(f"bot was kicked from the {kind} chat")
        return chat

    def message(self, chat: ChatState, message_id: object, *, missing: str) -> StoredMessage:
        """A message of ``chat`` or a 400 with Telegram's ``missing`` wording."""
        stored = chat.messages.get(message_id) if isinstance(message_id, int) else None
        if stored is None:
            raise bad_request(missing)
        return stored

    def add_message(
        self, chat: ChatState, sender: JsonDict, content: JsonDict, *, from_bot: bool
    ) -> StoredMessage:
        """Append a message to ``chat`` with the next message_id."""
        data: JsonDict = {
            "message_id": chat.next_message_id,
            "from": sender,
            "chat": chat.chat,
            "date": self.now(),
            **content,
        }
        chat.next_message_id += 1
        stored = StoredMessage(data=data, from_bot=from_bot)
        chat.messages[stored.message_id] = stored
        if from_bot:
            self.touch(chat, stored.message_id)
        else:
            self.changed.notify()
        return stored

    def store_file(
        self,
        data: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        extension: str = "",
    ) -> StoredFile:
        """Keep ``data`` under a new file_id, as Telegram does with every upload."""
        number = next(self._file_counter)
        digest = hashlib.sha256(f"{kind}:{number}".encode()).hexdigest()
        folder = {"photo": "photos", "document": "documents", "sticker": "stickers"}.get(kind, kind)
        stored = StoredFile(
            file_id=f"{kind[:2].upper()}ACAgIAAxkBAAI{number:06d}{digest[:24]}",
            file_unique_id=f"AgAD{digest[24:36]}",
            data=data,
            kind=kind,
            file_path=f"{folder}/file_{number}{extension}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def new_query_id(self, user_id: int) -> str:
        """A fresh callback query id (a 64-bit number, as Telegram uses)."""
        return str((user_id % 2**31) * 2**32 + next(self._query_counter))
