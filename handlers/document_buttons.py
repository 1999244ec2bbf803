"""Buttons under a generated document: show it, write it again with feedback, DOCX/PDF
(🔁 Regenerate alone is handlers.cards.run_step, routed by handlers.callback_router)."""

from __future__ import annotations

from uuid import UUID

from telegram import CallbackQuery, InputFile

from bot.documents.files import FileFormat
from bot.services.conversation import Pending, Waiting
from handlers.buttons import Answer, Stale, card_for
from handlers.callbacks import Callback
from handlers.context import JobForgeContext, Services
from handlers.i18n import _
from handlers.outbound.sending import send_markdown
from handlers.views import render


async def show_document(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    kind = render.CODE_STEPS.get(cb.arg or "")
    card = await card_for(svc, user_id, cb, context)
    if kind is None:
        raise Stale
    doc = await svc.applications.document(user_id, card.application.id, kind)
    if doc is None or query.message is None:
        return Answer(_("Not generated yet."), alert=True)
    chat_id = query.message.chat.id

    async def then() -> None:
        await send_markdown(
            query.get_bot(),
            chat_id,
            doc.content,
            filename=f"{kind}_v{doc.version}.md",
            reply_markup=render.document_keyboard(card.application, kind),
        )

    label = render.step_label(kind)
    return Answer(
        _("{document} (version {version})").format(document=label, version=doc.version),
        then=then,
    )


async def ask_feedback(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    kind = render.CODE_STEPS.get(cb.arg or "")
    if cb.target is None or kind is None or await svc.applications.card(user_id, cb.target) is None:
        raise Stale
    await svc.applications.set_pending(
        user_id, Pending(Waiting.FEEDBACK, application=cb.target, kind=kind)
    )

    async def then() -> None:
        if query.message:
            await query.get_bot().send_message(
                query.message.chat.id,
                _(
                    "What should change in the {document}? For example “shorter”, “stress "
                    "leadership”, “in German”. (/cancel to stop)"
                ).format(document=render.document_name(kind)),
            )

    return Answer(_("Send your feedback"), then=then)


async def send_file(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    code, _sep, ext = (cb.arg or "").partition(".")
    kind = render.CODE_STEPS.get(code)
    if cb.target is None or kind is None or ext not in ("docx", "pdf") or query.message is None:
        raise Stale
    fmt: FileFormat = "docx" if ext == "docx" else "pdf"
    file = await svc.applications.outgoing_file(user_id, cb.target, kind, fmt)
    if file is None:
        raise Stale
    chat_id = query.message.chat.id

    async def then() -> None:
        await query.get_bot().send_document(chat_id, InputFile(file.data, filename=file.filename))

    return Answer(_("Sending {format}…").format(format=ext.upper()), then=then)
