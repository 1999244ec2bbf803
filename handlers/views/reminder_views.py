"""/reminders, the reminder line on a card, and what a reminder's buttons say back."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from html import escape

from babel.dates import format_skeleton, format_time
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.reminders import REMINDERS_PAGE_SIZE, ReminderChange, ReminderPage
from handlers.callbacks import Verb, encode
from handlers.i18n import N_, _, current_locale, ngettext
from storage.models import ReminderKind

NAME_CHARS = 60


REMINDER_KIND_NAMES = {
    ReminderKind.CUSTOM: N_("Reminder"),
    ReminderKind.FOLLOW_UP: N_("Follow up"),
    ReminderKind.INTERVIEW: N_("Interview tomorrow"),
}


def reminder_kind_name(kind: str) -> str:
    return _(REMINDER_KIND_NAMES.get(ReminderKind(kind), N_("Reminder")))


def when_short(due: datetime, zone: tzinfo | None = None) -> str:
    """ "Fri, Jan 15, 9:00 AM" / "Fr., 15. Jan., 09:00" in the given zone (else the moment's
    own); the year only when it is not this year's."""
    shown = due.astimezone(zone) if zone is not None else due
    locale = current_locale()
    skeleton = "MMMEd" if shown.year == datetime.now(shown.tzinfo or UTC).year else "yMMMEd"
    return "{date}, {time}".format(
        date=format_skeleton(skeleton, shown, locale=locale),
        time=format_time(shown, "short", locale=locale),
    )


def card_reminder_line(due: datetime | None) -> str | None:
    """The card's line for its soonest pending reminder (`due` is already in the user's zone)."""
    if due is None:
        return None
    return _("⏰ Reminder: {when}").format(when=when_short(due))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return escape(text if len(text) <= NAME_CHARS else text[: NAME_CHARS - 1].rstrip() + "…")


def reminders_page(result: ReminderPage) -> tuple[str, InlineKeyboardMarkup]:
    """Each pending reminder (what, when in the user's zone) with Snooze / Done / Cancel."""
    if result.total == 0:
        return (
            _("No pending reminders. Set one with ⏰ Remind me on an application's card."),
            InlineKeyboardMarkup([]),
        )
    lines = [
        _("<b>⏰ Your reminders</b> — page {page}/{pages}").format(
            page=result.page, pages=result.pages
        ),
        _("Times in {zone}.").format(zone=escape(result.zone.key)),
    ]
    rows: list[list[InlineKeyboardButton]] = []
    first = 1 + (result.page - 1) * REMINDERS_PAGE_SIZE
    for index, item in enumerate(result.items, first):
        reminder = item.reminder
        if item.company_name is not None:
            about = f"{_short(item.company_name)} — {_short(item.role_title or '')}"
        else:
            about = _("your job search")
        kind = reminder_kind_name(reminder.kind)
        lines.append(
            f"{index}. <b>{about}</b>\n   {kind} · {when_short(reminder.due_at, result.zone)}"
        )
        labels = {
            "s1": ngettext("Snooze {n} day", "Snooze {n} days", 1).format(n=1),
            "done": _("Done"),
            "x": _("Cancel"),
        }
        rows.append(
            [
                InlineKeyboardButton(
                    f"{index}. {label}",
                    callback_data=encode(Verb.REMINDER_ITEM, reminder.id, f"{op}.{result.page}"),
                )
                for op, label in labels.items()
            ]
        )
    nav = []
    if result.page > 1:
        nav.append(
            InlineKeyboardButton(
                "◀️", callback_data=encode(Verb.REMINDERS_PAGE, None, str(result.page - 1))
            )
        )
    if result.page < result.pages:
        nav.append(
            InlineKeyboardButton(
                "▶️", callback_data=encode(Verb.REMINDERS_PAGE, None, str(result.page + 1))
            )
        )
    if nav:
        rows.append(nav)
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def reminder_gone() -> str:
    return _("This reminder no longer exists.")


def reminder_changed(op: str, change: ReminderChange, days: int = 1) -> str:
    """The toast after Done / Cancel / Snooze, on a reminder message or in /reminders."""
    status = change.reminder.status
    if op == "done" and status == "done":
        return _("Marked done.")
    if op == "cancel" and status == "cancelled":
        return _("Reminder cancelled.")
    if op == "snooze" and change.changed:
        return ngettext("Snoozed for {n} day.", "Snoozed for {n} days.", days).format(n=days)
    if status == "done":
        return _("This reminder is already done.")
    return _("This reminder was cancelled.")
