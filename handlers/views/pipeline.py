"""/applications: the pipeline (a count and a button per stage), the sort switch, one page of
the list. Filters and sorts travel in the page buttons as short codes (callback data is
limited to 64 bytes, an argument to 16 characters)."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.applications import PAGE_SIZE, SORTS, Page
from handlers.callbacks import Verb, encode
from handlers.i18n import _
from handlers.views.render import STAGE_ICONS, priority_name, stage_name, status_name
from storage.models import STAGES, STATUSES

ALL = "all"
# Shown in the pipeline even at 0 (withdrawn only when some are).
MAIN_STAGES = ("saved", "applied", "interviewing", "offer", "rejected")
_SORT_CODES = {"date": "d", "priority": "p"}


def filter_code(flt: str) -> str:
    """ "all" → "a", a stage → "s<index>", a status → "t<index>"."""
    if flt in STAGES:
        return f"s{STAGES.index(flt)}"
    if flt in STATUSES:
        return f"t{STATUSES.index(flt)}"
    return "a"


def page_arg(page: int, flt: str, sort: str) -> str:
    return f"{page}.{filter_code(flt)}.{_SORT_CODES[sort]}"


def read_page_arg(arg: str | None) -> tuple[int, str, str] | None:
    """(page, filter, sort) from a page button; also the older "<page>.<filter>" form."""
    parts = (arg or f"1.a.{_SORT_CODES['date']}").split(".")
    if not parts[0].isdigit() or len(parts) not in (2, 3):
        return None
    page, code = int(parts[0]), parts[1]
    sort = "date"
    if len(parts) == 3:
        found = [s for s, c in _SORT_CODES.items() if c == parts[2]]
        if not found:
            return None
        sort = found[0]
    if code in (ALL, *STAGES, *STATUSES):  # the older form names the filter
        return page, code, sort
    if code == "a":
        return page, ALL, sort
    kinds = {"s": STAGES, "t": STATUSES}
    names = kinds.get(code[:1])
    if names is None or not code[1:].isdigit() or int(code[1:]) >= len(names):
        return None
    return page, names[int(code[1:])], sort


def _stage_title(stage: str) -> str:
    name = stage_name(stage)
    return name[:1].upper() + name[1:]


def _filter_name(flt: str) -> str:
    return stage_name(flt) if flt in STAGES else status_name(flt)


def _shown_stages(counts: dict[str, int]) -> list[str]:
    return [s for s in STAGES if s in MAIN_STAGES or counts.get(s)]


def pipeline_line(counts: dict[str, int], flt: str) -> str:
    """ "🗂 Saved 4 · 📨 Applied 3 · 🗣 Interviewing 1 · 🎉 Offer 0 · ✖️ Rejected 2"."""
    parts = []
    for stage in _shown_stages(counts):
        part = f"{STAGE_ICONS[stage]} {escape(_stage_title(stage))} {counts.get(stage, 0)}"
        parts.append(f"<b>{part}</b>" if stage == flt else part)
    return " · ".join(parts)


def _pipeline_rows(result: Page, flt: str) -> list[list[InlineKeyboardButton]]:
    def button(label: str, target: str, sort: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            label, callback_data=encode(Verb.PAGE, None, page_arg(1, target, sort))
        )

    stages = [
        button(
            ("• " if stage == flt else "")
            + f"{STAGE_ICONS[stage]} {_stage_title(stage)} {result.counts.get(stage, 0)}",
            stage,
            result.sort,
        )
        for stage in _shown_stages(result.counts)
    ]
    everything = button(
        ("• " if flt == ALL else "") + _("All {count}").format(count=sum(result.counts.values())),
        ALL,
        result.sort,
    )
    stages.append(everything)
    middle = (len(stages) + 1) // 2
    labels = {"date": _("📅 By date"), "priority": _("⭐ By priority")}
    sorts = [
        button(("• " if sort == result.sort else "") + labels[sort], flt, sort) for sort in SORTS
    ]
    return [stages[:middle], stages[middle:], sorts]


def applications_page(result: Page, flt: str) -> tuple[str, InlineKeyboardMarkup]:
    has_any = sum(result.counts.values()) > 0
    if result.total == 0:
        if flt == ALL or not has_any:
            return _("No applications yet. Paste a job posting to add one."), InlineKeyboardMarkup(
                []
            )
        text = _("No applications ({filter}) yet. Paste a job posting to add one.").format(
            filter=escape(_filter_name(flt))
        )
        lines = [text, "", pipeline_line(result.counts, flt)]
        return "\n".join(lines), InlineKeyboardMarkup(_pipeline_rows(result, flt))
    numbers = {"page": result.page, "pages": result.pages}
    lines = [
        _("<b>Your applications</b> — page {page}/{pages}").format(**numbers)
        if flt == ALL
        else _("<b>Your applications ({filter})</b> — page {page}/{pages}").format(
            filter=escape(_filter_name(flt)), **numbers
        ),
        pipeline_line(result.counts, flt),
        _("Newest first") if result.sort == "date" else _("Highest priority first"),
        "",
    ]
    rows = _pipeline_rows(result, flt)
    for index, app in enumerate(result.items, 1 + (result.page - 1) * PAGE_SIZE):
        match = f" · {app.match_after or app.match_before}%" if app.match_before is not None else ""
        priority = _("{priority} priority").format(priority=priority_name(app.priority_level))
        lines.append(
            f"{index}. {STAGE_ICONS[app.stage]} <b>{escape(app.role_title)}</b> — "
            f"{escape(app.company_name)} · {status_name(app.status)}{match} · {priority}"
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
        arg = page_arg(result.page - 1, flt, result.sort)
        nav.append(InlineKeyboardButton("◀️", callback_data=encode(Verb.PAGE, None, arg)))
    if result.page < result.pages:
        arg = page_arg(result.page + 1, flt, result.sort)
        nav.append(InlineKeyboardButton("▶️", callback_data=encode(Verb.PAGE, None, arg)))
    if nav:
        rows.append(nav)
    return "\n".join(lines), InlineKeyboardMarkup(rows)
