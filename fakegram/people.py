"""Simulated people and groups: a test plays a person writing to the bot in a private chat,
or members of a group the bot is in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakegram.chats import ChatSimulator, ChatView
from fakegram.state import ChatState, JsonDict

if TYPE_CHECKING:
    from fakegram.server import LocalBotApi


class SimulatedUser(ChatSimulator):
    """A person in their private chat with the bot (chat id = user id)."""

    @property
    def user_id(self) -> int:
        """The person's Telegram user id."""
        return int(self.person["id"])

    @property
    def first_name(self) -> str:
        """The person's first name."""
        return str(self.person["first_name"])

    def block_bot(self) -> None:
        """Block the bot: its sends here now get 403, and it receives a my_chat_member update."""
        self._chat.blocked = True
        self.report_bot_status("member", "kicked")

    def unblock_bot(self) -> None:
        """Unblock (restart) the bot; it receives a my_chat_member update."""
        self._chat.blocked = False
        self.report_bot_status("kicked", "member")

    def in_group(self, group: SimulatedGroup) -> ChatSimulator:
        """This person acting in ``group`` (joined to it if needed)."""
        return group.as_member(self)


class SimulatedGroup(ChatView):
    """A group chat with the bot in it; members act through ``as_member``."""

    def __init__(self, server: LocalBotApi, chat: ChatState) -> None:
        super().__init__(server, chat)
        self._members: dict[int, ChatSimulator] = {}

    @property
    def title(self) -> str:
        """The group's title."""
        return str(self._chat.chat["title"])

    def as_member(self, user: SimulatedUser) -> ChatSimulator:
        """``user`` acting in this group (joined silently if not yet a member)."""
        if user.user_id not in self._members:
            self._chat.members[user.user_id] = user.person
            self._members[user.user_id] = ChatSimulator(self._server, self._chat, user.person)
        return self._members[user.user_id]

    def remove_bot(self, by: SimulatedUser) -> None:
        """``by`` removes the bot: sends now get 403; the bot gets a my_chat_member update."""
        self._chat.bot_removed = True
        status = "left" if self._chat.chat["type"] == "group" else "kicked"
        self.as_member(by).report_bot_status("member", status)

    def add_bot(self, by: SimulatedUser) -> None:
        """``by`` adds the bot back; the bot gets a my_chat_member update."""
        self._chat.bot_removed = False
        self.as_member(by).report_bot_status("left", "member")


def user_json(
    user_id: int,
    first_name: str,
    *,
    last_name: str | None,
    username: str | None,
    language_code: str | None,
) -> JsonDict:
    """A Bot API ``User`` for a person."""
    user: JsonDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name:
        user["last_name"] = last_name
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def private_chat_json(user: JsonDict) -> JsonDict:
    """The ``Chat`` of a private chat with ``user``."""
    chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    chat.update({k: user[k] for k in ("last_name", "username") if k in user})
    return chat
