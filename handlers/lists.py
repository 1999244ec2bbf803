"""/applications (the pipeline, paginated, filtered, sorted), /reminders, /search, and
'Similar jobs'."""

from __future__ import annotations

from html import escape
from uuid import UUID

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode

from bot.services.conversation import Pending, Waiting
from bot.services.problems import InputProblem
from handlers.buttons import NO_LONGER_VALID, SILENT, Answer, card_for, show
from handlers.callbacks import Callback, Verb, encode
from handlers.context import JobForgeContext, Services, current_user_id
from handlers.i18n import N_, _, said
from handlers.views import pipeline, reminder_views, render
from storage.models import STAGES, STATUSES

# Where a search hit matched (storage.search's sources), as the reader says it.
MATCHED_IN = {
    "posting": N_("posting"),
    "meaning": N_("meaning"),
    "research_report": N_("research report"),
    "optimized_resume": N_("optimized resume"),
    "cover_letter": N_("cover letter"),
}


async def _page_view(
    svc: Services, user_id: UUID, page: int, flt: str, sort: str = "date"
) -> tuple[str, InlineKeyboardMarkup]:
    stage = flt if flt in STAGES else None
    status = flt if flt in STATUSES else None
    result = await svc.applications.page(user_id, page, stage=stage, status=status, sort=sort)
    return pipeline.applications_page(result, flt)


async def applications_command(update: Update, context: JobForgeContext) -> None:
    message = update.effective_message
    if message is None:
        return
    user_id = await current_user_id(update, context)
    flt = (context.args[0].lower() if context.args else pipeline.ALL).strip()
    if flt not in (*STAGES, *STATUSES, pipeline.ALL):
        await message.reply_text(
            _(
                "Filter by stage ({stages}) or status ({statuses}), e.g. /applications applied"
            ).format(stages=", ".join(STAGES), statuses=", ".join(STATUSES))
        )
        return
    text, markup = await _page_view(context.services, user_id, 1, flt)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def show_page(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    """◀️ ▶️, a stage of the pipeline, or the sort switch: the list again, in place."""
    read = pipeline.read_page_arg(cb.arg)
    if read is None:
        return Answer(_(NO_LONGER_VALID))
    number, flt, sort = read
    text, markup = await _page_view(svc, user_id, number, flt, sort)
    await show(query, text, markup)  # pressing the current page again changes nothing
    return SILENT


async def reminders_command(update: Update, context: JobForgeContext) -> None:
    """/reminders: the pending reminders, each with Snooze 1 day / Done / Cancel."""
    message = update.effective_message
    if message is None:
        return
    user_id = await current_user_id(update, context)
    result = await context.services.applications.reminders.page(user_id, 1)
    text, markup = reminder_views.reminders_page(result)
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def show_reminders_page(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    if not (cb.arg or "").isdigit():
        return Answer(_(NO_LONGER_VALID))
    result = await svc.applications.reminders.page(user_id, int(cb.arg or "1"))
    text, markup = reminder_views.reminders_page(result)
    await show(query, text, markup)
    return SILENT


async def on_reminder_item(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    """Snooze 1 day / Done / Cancel in /reminders; the list is shown again in place."""
    op, _sep, page = (cb.arg or "").partition(".")
    if cb.target is None or not page.isdigit():
        return Answer(_(NO_LONGER_VALID))
    reminders = svc.applications.reminders
    if op == "s1":
        change, done = await reminders.snooze(user_id, cb.target, 1), "snooze"
    elif op == "done":
        change, done = await reminders.done(user_id, cb.target), "done"
    elif op == "x":
        change, done = await reminders.cancel(user_id, cb.target), "cancel"
    else:
        return Answer(_(NO_LONGER_VALID))
    said = (
        reminder_views.reminder_gone()
        if change is None
        else reminder_views.reminder_changed(done, change, 1)
    )
    result = await reminders.page(user_id, int(page))

    async def then() -> None:
        text, markup = reminder_views.reminders_page(result)
        await show(query, text, markup)

    return Answer(said, alert=change is None, then=then)


async def search_command(update: Update, context: JobForgeContext) -> None:
    message = update.effective_message
    if message is None:
        return
    user_id = await current_user_id(update, context)
    query = " ".join(context.args or [])
    if not query:
        await context.services.applications.set_pending(user_id, Pending(Waiting.SEARCH))
        await message.reply_text(_("What should I search for? Send a few words."))
        return
    await run_search(message, context, user_id, query)


async def run_search(message: Message, context: JobForgeContext, user_id: UUID, query: str) -> None:
    svc = context.services
    try:
        hits = await svc.search.search(user_id, query)
    except InputProblem as problem:
        await message.reply_text(said(problem))
        return
    if not hits:
        await message.reply_text(_("Nothing found for “{query}”.").format(query=query))
        return
    lines = [_("<b>Results for “{query}”</b>").format(query=escape(query))]
    rows = []
    for index, hit in enumerate(hits, 1):
        where = ", ".join(_(MATCHED_IN.get(s, s.replace("_", " "))) for s in hit.matched_in)
        lines.append(
            f"{index}. <b>{escape(hit.role_title)}</b> — {escape(hit.company_name)} "
            f"<i>({escape(where)})</i>\n   …{escape(hit.snippet[:200])}…"
        )
        rows.append(
            [
                InlineKeyboardButton(
                    f"{index}. {hit.company_name[:40]}",
                    callback_data=encode(Verb.OPEN, hit.application_id),
                )
            ]
        )
    await message.reply_text(
        "\n".join(lines), parse_mode=ParseMode.HTML, reply_markup=InlineKeyboardMarkup(rows)
    )


async def show_similar(
    query: CallbackQuery, svc: Services, user_id: UUID, cb: Callback, context: JobForgeContext
) -> Answer:
    target = (await card_for(svc, user_id, cb, context)).application.id
    result = await svc.search.similar(user_id, target)
    if not result.ready:
        return Answer(_("Still indexing this posting; try again in a moment."), alert=True)
    if not result.items:
        return Answer(_("No other applications to compare with yet."), alert=True)

    async def then() -> None:
        if query.message is not None:
            text, keyboard = render.similar_jobs(result.items, target)
            await query.get_bot().send_message(
                query.message.chat.id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard
            )

    return Answer(_("Jobs like this one"), then=then)
