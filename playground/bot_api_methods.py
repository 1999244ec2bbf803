"""Bot API method implementations: validate like Telegram, mutate EmulatorState, return result."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from playground.bot_api_format import format_text
from playground.bot_api_models import (
    JSON,
    NOT_MODIFIED,
    ApiError,
    CallbackAnswer,
    Document,
    Draft,
    Revision,
    SentMessage,
    bad_request,
)
from playground.bot_api_state import EmulatorState, now

Handler = Callable[[EmulatorState, JSON], Awaitable[Any]]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_DOWNLOAD = 20 * 1024 * 1024

# Parameters that arrive JSON-encoded inside form/multipart bodies.
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "reply_parameters",
        "commands",
        "scope",
        "allowed_updates",
        "link_preview_options",
        "menu_button",
    }
)
# Methods that count against flood control.
SENDING_METHODS = frozenset(
    {
        "sendmessage",
        "senddocument",
        "editmessagetext",
        "editmessagereplymarkup",
        "editmessagecaption",
    }
)


def _int(params: JSON, name: str, default: int | None = None) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        if default is None:
            raise bad_request(f"{name} is empty")
        return default
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


def _bool(params: JSON, name: str) -> bool:
    raw = params.get(name)
    return raw is True or (isinstance(raw, str) and raw.lower() in ("true", "1"))


def _str(params: JSON, name: str) -> str | None:
    raw = params.get(name)
    return None if raw is None else str(raw)


def validate_markup(markup: Any) -> JSON | None:
    """Check inline keyboards the way Telegram does (callback_data ≤ 64 bytes, etc.)."""
    if markup is None or markup == "":
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup  # reply keyboards / remove / force_reply: stored as-is
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request("can't parse inline keyboard button: Text must be non-empty")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")
            actions = {
                "callback_data",
                "url",
                "switch_inline_query",
                "web_app",
                "login_url",
                "switch_inline_query_current_chat",
                "switch_inline_query_chosen_chat",
                "callback_game",
                "pay",
                "copy_text",
            }
            if not actions & button.keys():
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                )
    return {"inline_keyboard": rows}


def _format(
    state: EmulatorState, params: JSON, text_key: str, ent_key: str
) -> tuple[str, list[JSON]]:
    raw = _str(params, text_key) or ""
    entities = params.get(ent_key)
    return format_text(
        raw,
        _str(params, "parse_mode"),
        entities if isinstance(entities, list) else None,
        strict_ampersand=state.strict_html_ampersand,
    )


def _reply_to(state: EmulatorState, chat_id: int, params: JSON) -> int | None:
    reply = params.get("reply_parameters")
    if isinstance(reply, dict):
        mid, allow = reply.get("message_id") or 0, bool(reply.get("allow_sending_without_reply"))
    elif params.get("reply_to_message_id") not in (None, ""):
        mid, allow = params["reply_to_message_id"], _bool(params, "allow_sending_without_reply")
    else:
        return None
    if state.find_any_message(chat_id, int(mid)) is None:
        if allow:
            return None
        raise bad_request("message to be replied not found")
    return int(mid)


async def send_message(state: EmulatorState, params: JSON) -> JSON:
    """sendMessage with Telegram's text, markup and reply validation."""
    chat_id = state.target_chat(params)
    text, entities = _format(state, params, "text", "entities")
    if not text:
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    markup = validate_markup(params.get("reply_markup"))
    reply_to = _reply_to(state, chat_id, params)
    msg = SentMessage(
        chat_id=chat_id,
        message_id=state.next_message_id(chat_id),
        date=now(),
        text=text,
        entities=entities,
        parse_mode=_str(params, "parse_mode"),
        raw_text=_str(params, "text"),
        reply_markup=markup,
        reply_to_message_id=reply_to,
    )
    state.add_bot_message(msg)
    return state.message_json(msg)


async def send_document(state: EmulatorState, params: JSON) -> JSON:
    """sendDocument: multipart upload or a known file_id; bytes are kept for tests."""
    chat_id = state.target_chat(params)
    doc = params.get("document")
    if isinstance(doc, str) and doc.startswith("attach://"):
        doc = params.get(doc[len("attach://") :])
    if doc is None or doc == "":
        raise bad_request("there is no document in the request")
    if isinstance(doc, str):
        stored = state.files.get(doc)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
    else:
        data = doc.file.read()
        if not data:
            raise bad_request("file must be non-empty")
        stored = state.store_file(data, doc.filename or "file", doc.content_type)
    caption: str | None = None
    entities: list[JSON] = []
    if _str(params, "caption"):
        caption, entities = _format(state, params, "caption", "caption_entities")
        if len(caption) > MAX_CAPTION:
            raise bad_request("message caption is too long")
    msg = SentMessage(
        chat_id=chat_id,
        message_id=state.next_message_id(chat_id),
        date=now(),
        entities=entities,
        parse_mode=_str(params, "parse_mode"),
        caption=caption,
        raw_text=_str(params, "caption"),
        reply_markup=validate_markup(params.get("reply_markup")),
        reply_to_message_id=_reply_to(state, chat_id, params),
        document=Document(stored.file_id, stored.filename, stored.data, stored.mime_type),
    )
    state.add_bot_message(msg)
    return state.message_json(msg)


def _editable(state: EmulatorState, params: JSON) -> SentMessage:
    if params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat_id = state.target_chat(params)
    msg = state.bot_index.get((chat_id, _int(params, "message_id")))
    if msg is None or msg.deleted:
        raise bad_request("message to edit not found")
    return msg


def _apply_edit(
    state: EmulatorState,
    msg: SentMessage,
    text: str | None,
    entities: list[JSON],
    markup: JSON | None,
    raw: str | None,
    parse_mode: str | None,
) -> JSON:
    old_text = msg.text if msg.text is not None else msg.caption
    if (old_text, msg.entities, msg.reply_markup) == (text, entities, markup):
        raise bad_request(NOT_MODIFIED)
    msg.edits.append(Revision(old_text, msg.entities, msg.reply_markup, time.time()))
    if msg.text is not None:
        msg.text = text
    else:
        msg.caption = text
    msg.entities, msg.reply_markup, msg.raw_text, msg.parse_mode = entities, markup, raw, parse_mode
    state.changed()
    return state.message_json(msg)


async def edit_message_text(state: EmulatorState, params: JSON) -> JSON:
    """editMessageText; omitting reply_markup removes the keyboard, exactly like Telegram."""
    msg = _editable(state, params)
    if msg.text is None:
        raise bad_request("there is no text in the message to edit")
    text, entities = _format(state, params, "text", "entities")
    if not text:
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    markup = validate_markup(params.get("reply_markup"))
    return _apply_edit(
        state, msg, text, entities, markup, _str(params, "text"), _str(params, "parse_mode")
    )


async def edit_message_caption(state: EmulatorState, params: JSON) -> JSON:
    """editMessageCaption for document messages."""
    msg = _editable(state, params)
    if msg.text is not None:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = _format(state, params, "caption", "caption_entities")
    if len(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    markup = validate_markup(params.get("reply_markup"))
    return _apply_edit(
        state,
        msg,
        caption or None,
        entities,
        markup,
        _str(params, "caption"),
        _str(params, "parse_mode"),
    )


async def edit_message_reply_markup(state: EmulatorState, params: JSON) -> JSON:
    """editMessageReplyMarkup; identical markup is 'message is not modified'."""
    msg = _editable(state, params)
    markup = validate_markup(params.get("reply_markup"))
    content = msg.text if msg.text is not None else msg.caption
    return _apply_edit(state, msg, content, msg.entities, markup, msg.raw_text, msg.parse_mode)


async def delete_message(state: EmulatorState, params: JSON) -> bool:
    """deleteMessage: bot messages get a deleted flag; user messages disappear."""
    chat_id = state.target_chat(params, sending=False)
    key = (chat_id, _int(params, "message_id"))
    msg = state.bot_index.get(key)
    if msg is not None and not msg.deleted:
        msg.deleted = True
    elif state.user_messages.pop(key, None) is None:
        raise bad_request("message to delete not found")
    state.changed()
    return True


async def answer_callback_query(state: EmulatorState, params: JSON) -> bool:
    """answerCallbackQuery: each query can be answered once, as on Telegram."""
    query_id = _str(params, "callback_query_id") or ""
    if state.open_queries.pop(query_id, None) is None:
        state.answers_refused += 1  # tests assert none: each query is answered exactly once
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    state.callback_answers.append(
        CallbackAnswer(
            query_id, _str(params, "text"), _bool(params, "show_alert"), _str(params, "url")
        )
    )
    state.changed()
    return True


async def send_message_draft(state: EmulatorState, params: JSON) -> bool:
    """sendMessageDraft (Bot API 9.5): streamed previews are only recorded."""
    chat_id = state.target_chat(params)
    draft_id = _int(params, "draft_id")
    if draft_id == 0:
        raise bad_request("draft_id must be non-zero")
    text, entities = _format(state, params, "text", "entities")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    state.drafts.setdefault(chat_id, []).append(Draft(chat_id, draft_id, text, entities))
    state.changed()
    return True


async def send_chat_action(state: EmulatorState, params: JSON) -> bool:
    """sendChatAction: recorded, no visible effect."""
    chat_id = state.target_chat(params)
    state.chat_actions.append((chat_id, _str(params, "action") or ""))
    return True


async def get_file(state: EmulatorState, params: JSON) -> JSON:
    """getFile: Bot API refuses files above 20 MB."""
    stored = state.files.get(_str(params, "file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.file_size > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.file_size,
        "file_path": stored.file_path,
    }


def _commands_key(params: JSON) -> str:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps([scope, _str(params, "language_code") or ""], sort_keys=True)


async def set_my_commands(state: EmulatorState, params: JSON) -> bool:
    """setMyCommands: stored per scope + language."""
    commands = params.get("commands") or []
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    state.commands[_commands_key(params)] = commands
    return True


async def get_my_commands(state: EmulatorState, params: JSON) -> list[JSON]:
    """getMyCommands for the same scope + language."""
    return state.commands.get(_commands_key(params), [])


async def delete_my_commands(state: EmulatorState, params: JSON) -> bool:
    """deleteMyCommands."""
    state.commands.pop(_commands_key(params), None)
    return True


async def get_me(state: EmulatorState, params: JSON) -> JSON:
    """getMe."""
    return state.bot_user


async def get_updates(state: EmulatorState, params: JSON) -> list[JSON]:
    """getUpdates long polling."""
    if state.webhook["url"]:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use "
            "deleteWebhook to delete the webhook first",
        )
    timeout = float(params.get("timeout") or 0)
    return await state.get_updates(_int(params, "offset", 0), _int(params, "limit", 100), timeout)


async def set_webhook(state: EmulatorState, params: JSON) -> bool:
    """setWebhook: recorded only; updates are still served to getUpdates callers."""
    state.webhook["url"] = _str(params, "url") or ""
    return True


async def delete_webhook(state: EmulatorState, params: JSON) -> bool:
    """deleteWebhook, optionally dropping pending updates."""
    state.webhook["url"] = ""
    if _bool(params, "drop_pending_updates"):
        state.updates.clear()
    return True


async def get_webhook_info(state: EmulatorState, params: JSON) -> JSON:
    """getWebhookInfo."""
    return {**state.webhook, "pending_update_count": len(state.updates)}


async def no_op(state: EmulatorState, params: JSON) -> bool:
    """close/logOut and cosmetic setters: accepted, nothing to do."""
    return True


METHODS: dict[str, Handler] = {
    "getme": get_me,
    "getupdates": get_updates,
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": get_webhook_info,
    "sendmessage": send_message,
    "senddocument": send_document,
    "editmessagetext": edit_message_text,
    "editmessagecaption": edit_message_caption,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
    "answercallbackquery": answer_callback_query,
    "sendmessagedraft": send_message_draft,
    "sendchataction": send_chat_action,
    "getfile": get_file,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "close": no_op,
    "logout": no_op,
    "setmydescription": no_op,
    "setmyshortdescription": no_op,
    "setchatmenubutton": no_op,
}


async def dispatch(state: EmulatorState, method: str, params: JSON) -> Any:
    """Run one API call: count it, apply injected faults and flood control, then the handler."""
    name = method.lower()
    handler = METHODS.get(name)
    if handler is None:
        raise ApiError(404, "Not Found")
    state.request_counts[method] += 1
    for key, value in list(params.items()):
        if key in JSON_FIELDS and isinstance(value, str):
            try:
                params[key] = json.loads(value) if value else None
            except ValueError:
                raise bad_request(f"can't parse {key} JSON object") from None
    injected = state.faults.take(name)
    if injected is not None:
        if injected.error_code == 429:
            state.rate_limited_count += 1
        raise injected
    if name in SENDING_METHODS:
        try:
            chat = int(params["chat_id"]) if params.get("chat_id") not in (None, "") else None
        except (TypeError, ValueError):
            chat = None
        try:
            state.limiter.check(chat)
        except ApiError:
            state.rate_limited_count += 1
            raise
    return await handler(state, params)
