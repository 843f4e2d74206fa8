"""Bot API methods that change or remove messages already in a chat."""

from __future__ import annotations

from fakegram.calls import Call, implements
from fakegram.content import formatted_text, reply_markup
from fakegram.errors import NOT_MODIFIED, bad_request
from fakegram.state import ChatState, JsonDict, StoredMessage

_TEXT_KEYS = ("text", "entities")
_CAPTION_KEYS = ("caption", "caption_entities")
_MEDIA_KEYS = ("photo", "document", "voice", "audio", "video", "animation")


def _target(call: Call) -> tuple[ChatState, StoredMessage]:
    if "inline_message_id" in call.params:
        raise bad_request("message to edit not found")
    if "chat_id" not in call.params or "message_id" not in call.params:
        raise bad_request("message identifier is not specified")
    chat = call.state.resolve_chat(call.params["chat_id"])
    stored = call.state.message(
        chat, call.params["message_id"], missing="message to edit not found"
    )
    if not stored.from_bot:
        raise bad_request("message can't be edited")
    return chat, stored


def _apply(
    call: Call, chat: ChatState, stored: StoredMessage, keys: tuple[str, ...], new: JsonDict
) -> JsonDict:
    """Replace ``keys`` and the inline keyboard, or refuse an edit that changes nothing."""
    inline, _ = reply_markup(call)
    before = {k: stored.data.get(k) for k in (*keys, "reply_markup")}
    after = {k: new.get(k) for k in keys} | {"reply_markup": inline}
    if before == after:
        raise bad_request(NOT_MODIFIED)
    data = {k: v for k, v in stored.data.items() if k not in (*keys, "reply_markup")}
    data.update({k: v for k, v in after.items() if v is not None})
    data["edit_date"] = call.state.now()
    stored.data = data
    stored.revision += 1
    call.state.touch(chat, stored.message_id)
    return data


@implements("editMessageText")
async def edit_message_text(call: Call) -> JsonDict:
    """editMessageText; as in Telegram, an edit without reply_markup drops the keyboard."""
    chat, stored = _target(call)
    if "text" not in stored.data:
        raise bad_request("there is no text in the message to edit")
    new = formatted_text(call)
    stored.source_text = call.text("text")
    return _apply(call, chat, stored, _TEXT_KEYS, new)


@implements("editMessageCaption")
async def edit_message_caption(call: Call) -> JsonDict:
    """editMessageCaption."""
    chat, stored = _target(call)
    if not any(key in stored.data for key in _MEDIA_KEYS):
        raise bad_request("there is no caption in the message to edit")
    new = formatted_text(call, caption=True)
    return _apply(call, chat, stored, _CAPTION_KEYS, new)


@implements("editMessageReplyMarkup")
async def edit_message_reply_markup(call: Call) -> JsonDict:
    """editMessageReplyMarkup (no reply_markup removes the keyboard)."""
    chat, stored = _target(call)
    return _apply(call, chat, stored, (), {})


@implements("deleteMessage")
async def delete_message(call: Call) -> bool:
    """deleteMessage."""
    chat = call.state.resolve_chat(call.params["chat_id"])
    call.state.message(chat, call.params["message_id"], missing="message to delete not found")
    del chat.messages[int(str(call.params["message_id"]))]
    call.state.touch(chat)
    return True


@implements("deleteMessages")
async def delete_messages(call: Call) -> bool:
    """deleteMessages: removes those that exist, as Telegram does."""
    chat = call.state.resolve_chat(call.params["chat_id"])
    ids = call.params["message_ids"]
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message identifiers are not specified")
    for message_id in ids:
        chat.messages.pop(message_id, None)
    call.state.touch(chat)
    return True
