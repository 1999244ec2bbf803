"""/applications (paginated, filtered), /search, and 'Similar jobs'."""

from __future__ import annotations

from html import escape
from uuid import UUID

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode

from bot.services.conversation import Pending, Waiting
from bot.services.problems import InputProblem
from handlers.buttons import NO_LONGER_VALID, SILENT, Answer, Stale, show
from handlers.callbacks import Callback, Verb, encode
from handlers.context import JobForgeContext, Services, current_user_id
from handlers.i18n import N_, _
from handlers.views import render
from handlers.views.render import STAGE_ICONS, stage_name, status_name
from storage.models import STAGES, STATUSES

# Where a search hit matched (storage.search's sources), as the reader says it.
MATCHED_IN = {
    "posting": N_("posting"),
    "meaning": N_("meaning"),
    "research_report": N_("research report"),
    "optimized_resume": N_("optimized resume"),
    "cover_letter": N_("cover letter"),
}


def _filter_code(stage: str | None, status: str | None) -> str:
    return stage or status or "all"


async def _page_view(
    svc: Services, user_id: UUID, page: int, flt: str
) -> tuple[str, InlineKeyboardMarkup]:
    stage = flt if flt in STAGES else None
    status = flt if flt in STATUSES else None
    result = await svc.applications.page(user_id, page, stage=stage, status=status)
    shown = stage_name(flt) if stage else status_name(flt)
    if result.total == 0:
        text = (
            _("No applications yet. Paste a job posting to add one.")
            if flt == "all"
            else _("No applications ({filter}) yet. Paste a job posting to add one.").format(
                filter=shown
            )
        )
        return text, InlineKeyboardMarkup([])
    numbers = {"page": result.page, "pages": result.pages}
    lines = [
        _("<b>Your applications</b> — page {page}/{pages}").format(**numbers)
        if flt == "all"
        else _("<b>Your applications ({filter})</b> — page {page}/{pages}").format(
            filter=escape(shown), **numbers
        )
    ]
    rows: list[list[InlineKeyboardButton]] = []
    for index, app in enumerate(result.items, 1 + (result.page - 1) * 5):
        match = f" · {app.match_after or app.match_before}%" if app.match_before is not None else ""
        lines.append(
            f"{index}. {STAGE_ICONS[app.stage]} <b>{escape(app.role_title)}</b> — "
            f"{escape(app.company_name)} · {status_name(app.status)}{match}"
        )
        rows.append(
            [
                InlineKeyboardButton(
                    f"{index}. {app.company_name[:40]}", callback_data=encode(Verb.OPEN, app.id)
                )
            ]
        )
    nav = []
    if result.page > 1:
        nav.append(
            InlineKeyboardButton(
                "◀️", callback_data=encode(Verb.PAGE, None, f"{result.page - 1}.{flt}")
            )
        )
    if result.page < result.pages:
        nav.append(
            InlineKeyboardButton(
                "▶️", callback_data=encode(Verb.PAGE, None, f"{result.page + 1}.{flt}")
            )
        )
    if nav:
        rows.append(nav)
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def applications_command(update: Update, context: JobForgeContext) -> None:
    message = update.effective_message
    if message is None:
        return
    user_id = await current_user_id(update, context)
    flt = (context.args[0].lower() if context.args else "all").strip()
    if flt not in (*STAGES, *STATUSES, "all"):
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
    number, _sep, flt = (cb.arg or "1.all").partition(".")
    if not number.isdigit() or flt not in (*STAGES, *STATUSES, "all"):
        return Answer(_(NO_LONGER_VALID))
    text, markup = await _page_view(svc, user_id, int(number), flt)
    await show(query, text, markup)  # pressing the current page again changes nothing
    return SILENT


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
        await message.reply_text(problem.message)
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
    target = cb.target
    if target is None or await svc.applications.card(user_id, target) is None:
        raise Stale
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
