"""Bot API methods that put something new into a chat: messages, media, locations, actions."""

from __future__ import annotations

from fakegram.calls import Call, implements
from fakegram.content import (
    formatted_text,
    image_size,
    intake_file,
    reply_markup,
    reply_to,
)
from fakegram.errors import bad_request
from fakegram.state import ChatState, JsonDict, StoredFile, StoredMessage

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_THUMB_SIDE = 320


def deliver(
    call: Call,
    chat: ChatState,
    content: JsonDict,
    *,
    source_text: str | None = None,
    file_ids: tuple[str, ...] = (),
) -> StoredMessage:
    """Store a bot message with its reply markup and reply target; return it."""
    inline, keyboard = reply_markup(call)
    content = {**reply_to(call, chat), **content}
    if call.flag("protect_content"):
        content["has_protected_content"] = True
    if inline is not None:
        content["reply_markup"] = inline
    stored = call.state.add_message(chat, call.state.bot_user, content, from_bot=True)
    stored.source_text = source_text
    stored.reply_keyboard = keyboard
    stored.file_ids = file_ids
    return stored


@implements("sendMessage")
async def send_message(call: Call) -> JsonDict:
    """sendMessage."""
    chat = call.state.writable_chat(call.params["chat_id"])
    content = formatted_text(call)
    return deliver(call, chat, content, source_text=call.text("text")).data


def photo_sizes(stored: StoredFile, call: Call) -> list[JsonDict]:
    """PhotoSize list for an uploaded photo: a thumbnail (when large) and the original."""
    width, height = image_size(stored.data)
    original = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "width": width,
        "height": height,
    }
    if max(width, height) <= _THUMB_SIDE:
        return [original]
    scale = _THUMB_SIDE / max(width, height)
    thumb = call.state.store_file(stored.data, "photo", extension=".jpg")
    return [
        {
            "file_id": thumb.file_id,
            "file_unique_id": thumb.file_unique_id,
            "file_size": len(stored.data),
            "width": max(int(width * scale), 1),
            "height": max(int(height * scale), 1),
        },
        original,
    ]


def _file_fields(stored: StoredFile) -> JsonDict:
    fields: JsonDict = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }
    if stored.file_name:
        fields["file_name"] = stored.file_name
    if stored.mime_type:
        fields["mime_type"] = stored.mime_type
    return fields


@implements("sendPhoto", "sendDocument", "sendVoice", "sendSticker")
async def send_media(call: Call) -> JsonDict:
    """sendPhoto, sendDocument, sendVoice and sendSticker."""
    chat = call.state.writable_chat(call.params["chat_id"])
    kind = call.method.removeprefix("send").lower()
    stored = intake_file(call, kind, kind)
    caption = formatted_text(call, caption=True) if kind != "sticker" else {}
    media: object
    if kind == "photo":
        media = photo_sizes(stored, call)
    elif kind == "voice":
        media = {**_file_fields(stored), "duration": call.number("duration") or 1}
        media.pop("file_name", None)
    elif kind == "sticker":
        media = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "file_size": len(stored.data),
        }
        if emoji := call.text("emoji"):
            media["emoji"] = emoji
    else:
        media = _file_fields(stored)
    content = {kind: media, **caption}
    return deliver(
        call, chat, content, source_text=call.text("caption"), file_ids=(stored.file_id,)
    ).data


@implements("sendLocation")
async def send_location(call: Call) -> JsonDict:
    """sendLocation."""
    chat = call.state.writable_chat(call.params["chat_id"])
    latitude = float(str(call.params["latitude"]))
    longitude = float(str(call.params["longitude"]))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise bad_request("wrong latitude or longitude specified")
    location: JsonDict = {"latitude": latitude, "longitude": longitude}
    for optional in ("horizontal_accuracy", "live_period", "heading", "proximity_alert_radius"):
        if optional in call.params:
            location[optional] = call.params[optional]
    return deliver(call, chat, {"location": location}).data


@implements("sendChatAction")
async def send_chat_action(call: Call) -> bool:
    """sendChatAction: remembered per chat so tests can see 'typing…'."""
    chat = call.state.writable_chat(call.params["chat_id"])
    action = call.text("action") or ""
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.actions.append(action)
    return True


def _copyable(call: Call) -> StoredMessage:
    source_chat = call.state.resolve_chat(call.params["from_chat_id"])
    source = source_chat.messages.get(int(str(call.params["message_id"])))
    if source is None:
        raise bad_request("message to copy not found")
    return source


_CONTENT_KEYS = ("text", "entities", "photo", "document", "voice", "sticker", "location")


@implements("copyMessage")
async def copy_message(call: Call) -> JsonDict:
    """copyMessage: the content again, as a new bot message, without a link to the original."""
    chat = call.state.writable_chat(call.params["chat_id"])
    source = _copyable(call)
    content = {k: v for k, v in source.data.items() if k in _CONTENT_KEYS}
    if "caption" in call.params:
        content.update(formatted_text(call, caption=True))
    else:
        content.update({k: v for k, v in source.data.items() if k.startswith("caption")})
    copied = deliver(call, chat, content, file_ids=source.file_ids)
    return {"message_id": copied.message_id}


@implements("forwardMessage")
async def forward_message(call: Call) -> JsonDict:
    """forwardMessage: the content again, marked with where it came from."""
    chat = call.state.writable_chat(call.params["chat_id"])
    source = _copyable(call)
    content = {
        k: v for k, v in source.data.items() if k in _CONTENT_KEYS or k.startswith("caption")
    }
    content["forward_origin"] = {
        "type": "user",
        "date": source.data["date"],
        "sender_user": source.data["from"],
    }
    return deliver(call, chat, content, file_ids=source.file_ids).data
