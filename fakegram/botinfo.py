"""Bot API methods about the bot itself, chats, files and callback answers."""

from __future__ import annotations

import json
import re
import time

from fakegram.calls import Call, implements
from fakegram.errors import QUERY_TOO_OLD, bad_request
from fakegram.state import CallbackAnswer, JsonDict

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_NO_GIFTS = {
    "unlimited_gifts": False,
    "limited_gifts": False,
    "unique_gifts": False,
    "premium_subscription": False,
    "gifts_from_channels": False,
}


@implements("getMe")
async def get_me(call: Call) -> JsonDict:
    """getMe."""
    return call.state.bot_user


@implements("logOut", "close")
async def log_out(call: Call) -> bool:
    """logOut and close: accepted; the local server keeps serving."""
    return True


def _scope_key(call: Call) -> tuple[str, str]:
    scope = call.params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), call.text("language_code") or ""


@implements("setMyCommands")
async def set_my_commands(call: Call) -> bool:
    """setMyCommands."""
    commands = call.params["commands"]
    assert isinstance(commands, list)
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        if not _COMMAND.fullmatch(str(command["command"])):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command["description"]).strip()) <= 256:
            raise bad_request("command description must be non-empty")
    call.state.commands[_scope_key(call)] = commands
    return True


@implements("getMyCommands")
async def get_my_commands(call: Call) -> list[JsonDict]:
    """getMyCommands for exactly the given scope and language."""
    return call.state.commands.get(_scope_key(call), [])


@implements("deleteMyCommands")
async def delete_my_commands(call: Call) -> bool:
    """deleteMyCommands."""
    call.state.commands.pop(_scope_key(call), None)
    return True


_DESCRIPTIONS = {
    "Description": ("description", 512),
    "ShortDescription": ("short_description", 120),
    "Name": ("name", 64),
}


@implements("setMyDescription", "setMyShortDescription", "setMyName")
async def set_my_description(call: Call) -> bool:
    """setMyDescription, setMyShortDescription and setMyName (per language)."""
    what = call.method.removeprefix("setMy")
    field, limit = _DESCRIPTIONS[what]
    value = call.text(field) or ""
    if len(value) > limit:
        raise bad_request(f"bot {field.replace('_', ' ')} is too long")
    call.state.descriptions[(what, call.text("language_code") or "")] = value
    return True


@implements("getMyDescription", "getMyShortDescription", "getMyName")
async def get_my_description(call: Call) -> JsonDict:
    """getMyDescription, getMyShortDescription and getMyName."""
    what = call.method.removeprefix("getMy")
    field, _ = _DESCRIPTIONS[what]
    value = call.state.descriptions.get((what, call.text("language_code") or ""), "")
    if what == "Name" and not value:
        value = str(call.state.bot_user["first_name"])
    return {field: value}


@implements("getChat")
async def get_chat(call: Call) -> JsonDict:
    """getChat: the ChatFullInfo the server has for a chat."""
    chat = call.state.resolve_chat(call.params["chat_id"])
    return {
        **chat.chat,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": _NO_GIFTS,
    }


@implements("getChatMember")
async def get_chat_member(call: Call) -> JsonDict:
    """getChatMember: the bot, the person of a private chat, or a group member."""
    chat = call.state.resolve_chat(call.params["chat_id"])
    user_id = call.params["user_id"]
    bot = call.state.bot_user
    if user_id == bot["id"]:
        status = "left" if chat.bot_removed or chat.blocked else "member"
        return {"status": status, "user": bot}
    if chat.is_private and user_id == chat.chat_id:
        return {"status": "member", "user": call.state.users[chat.chat_id]}
    member = chat.members.get(int(str(user_id)))
    if member is None:
        raise bad_request("user not found")
    return {"status": "member", "user": member}


@implements("getFile")
async def get_file(call: Call) -> JsonDict:
    """getFile: where the bot can download a file it sent or received."""
    stored = call.state.files.get(str(call.params["file_id"]))
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "file_path": stored.file_path,
    }


@implements("answerCallbackQuery")
async def answer_callback_query(call: Call) -> bool:
    """answerCallbackQuery: once per query, within Telegram's time limit."""
    state = call.state
    query = state.queries.get(str(call.params["callback_query_id"]))
    too_late = query is not None and time.monotonic() - query.created > state.callback_ttl
    if query is None or query.answer is not None or too_late:
        raise bad_request(QUERY_TOO_OLD)
    text = call.text("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answer = CallbackAnswer(
        query_id=query.query_id,
        callback_data=query.data,
        message_id=query.message_id,
        text=text,
        show_alert=call.flag("show_alert"),
        url=call.text("url"),
        cache_time=call.number("cache_time"),
        sequence=state.next_sequence(),
    )
    state.answers.setdefault(query.chat_id, []).append(query.answer)
    state.changed.notify()  # a toast is not a new message: wake waiters, keep chat.version
    return True
