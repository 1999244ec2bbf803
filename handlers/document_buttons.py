"""Buttons under a generated document: show, regenerate (with feedback), DOCX/PDF."""

from __future__ import annotations

from uuid import UUID

from telegram import CallbackQuery, InputFile

from bot.documents.files import FileFormat
from bot.services.conversation import Pending, Waiting
from handlers import render
from handlers.buttons import Ctx, Stale, answer, card_for
from handlers.callbacks import Callback
from handlers.cards import run_step
from handlers.context import Services
from handlers.i18n import _


async def show_document(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    from handlers.sending import send_markdown

    kind = render.CODE_STEPS.get(cb.arg or "")
    card = await card_for(svc, user_id, cb)
    if kind is None:
        raise Stale
    doc = await svc.applications.document(user_id, card.application.id, kind)
    if doc is None or query.message is None:
        await answer(query, _("Not generated yet."), alert=True)
        return
    label = render.step_label(kind)
    await answer(
        query, _("{document} (version {version})").format(document=label, version=doc.version)
    )
    await send_markdown(
        query.get_bot(),
        query.message.chat.id,
        doc.content,
        filename=f"{kind}_v{doc.version}.md",
        reply_markup=render.document_keyboard(card.application, kind),
    )


async def regenerate(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    await run_step(query, svc, user_id, cb, context, feedback=None)


async def ask_feedback(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    kind = render.CODE_STEPS.get(cb.arg or "")
    if cb.target is None or kind is None or await svc.applications.card(user_id, cb.target) is None:
        raise Stale
    await svc.applications.set_pending(
        user_id, Pending(Waiting.FEEDBACK, application=cb.target, kind=kind)
    )
    await answer(query, _("Send your feedback"))
    if query.message:
        await query.get_bot().send_message(
            query.message.chat.id,
            _(
                "What should change in the {document}? For example “shorter”, “stress "
                "leadership”, “in German”. (/cancel to stop)"
            ).format(document=render.document_name(kind)),
        )


async def send_file(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: Ctx
) -> None:
    code, _sep, ext = (cb.arg or "").partition(".")
    kind = render.CODE_STEPS.get(code)
    if cb.target is None or kind is None or ext not in ("docx", "pdf") or query.message is None:
        raise Stale
    fmt: FileFormat = "docx" if ext == "docx" else "pdf"
    file = await svc.applications.outgoing_file(user_id, cb.target, kind, fmt)
    if file is None:
        raise Stale
    await answer(query, _("Sending {format}…").format(format=ext.upper()))
    await query.get_bot().send_document(
        query.message.chat.id, InputFile(file.data, filename=file.filename)
    )
