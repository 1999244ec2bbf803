"""Digest and reminder messages."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.notifier import Digest
from bot.services.schedule import zone_of
from handlers.callbacks import Verb, encode
from handlers.i18n import _, day, ngettext
from handlers.views.reminder_views import reminder_kind_name
from handlers.views.render import STAGE_ICONS, interview_line, stage_name
from storage.models import STAGES, Application, Reminder, ReminderKind, WeekInNumbers

# Every section is bounded, so the whole digest stays far below Telegram's 4096 characters.
MAX_LISTED = 5
MAX_REMINDERS_SHOWN = 5
NAME_CHARS = 60
NOTE_CHARS = 120


def _short(text: str, limit: int) -> str:
    """Cut before escaping, so an entity such as &amp; is never split."""
    text = " ".join(text.split())
    return escape(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


def week_line(week: WeekInNumbers) -> str | None:
    """The last seven days in three numbers; nothing when nothing happened."""
    if not (week.applied or week.responses or week.interviews):
        return None
    parts = [
        ngettext("{count} application sent", "{count} applications sent", week.applied),
        ngettext(
            "{count} answer from an employer", "{count} answers from employers", week.responses
        ),
        ngettext("{count} interview", "{count} interviews", week.interviews),
    ]
    counts = (week.applied, week.responses, week.interviews)
    shown = " · ".join(p.format(count=n) for p, n in zip(parts, counts, strict=True))
    return _("<b>Last 7 days</b>: {numbers}").format(numbers=shown)


def digest_message(digest: Digest) -> tuple[str, InlineKeyboardMarkup]:
    """One Telegram message (≤ 4096 characters whatever the user stored), because a digest
    refused as too long would be retried and refused forever."""
    lines = [_("<b>📬 Your JobForge digest</b>")]
    counts = [
        f"{STAGE_ICONS[s]} {stage_name(s)}: {digest.counts_by_stage[s]}"
        for s in STAGES
        if digest.counts_by_stage.get(s)
    ]
    lines.append(" · ".join(counts) if counts else _("No applications yet."))
    if (week := week_line(digest.week)) is not None:
        lines.append(week)
    rows: list[list[InlineKeyboardButton]] = []
    if digest.stalled:
        lines.append("\n" + _("<b>Stalled</b> (no progress lately):"))
        for app in digest.stalled[:MAX_LISTED]:
            lines.append(
                f"• {_short(app.role_title, NAME_CHARS)} — "
                f"{_short(app.company_name, NAME_CHARS)} ({stage_name(app.stage)})"
            )
            rows.append(
                [
                    InlineKeyboardButton(
                        _("Continue: {company}").format(company=app.company_name[:40]),
                        callback_data=encode(Verb.OPEN, app.id),
                    )
                ]
            )
    if digest.reminders_due:
        zone = zone_of(digest.user.timezone)
        lines.append("\n" + _("<b>Reminders due</b>:"))
        for reminder in digest.reminders_due[:MAX_REMINDERS_SHOWN]:
            when = day(reminder.due_at.astimezone(zone).date())
            note = reminder.note or reminder_kind_name(reminder.kind)
            lines.append(f"• {when} {_short(note, NOTE_CHARS)}")
        hidden = len(digest.reminders_due) - MAX_REMINDERS_SHOWN
        if hidden > 0:
            lines.append(_("• … and {count} more").format(count=hidden))
    if digest.similar_pairs:
        lines.append("\n" + _("<b>Similar jobs</b> among your applications:"))
        for first, second, similarity in digest.similar_pairs[:MAX_LISTED]:
            similar = _("{percent}% similar").format(percent=f"{similarity * 100:.0f}")
            lines.append(
                f"• {_short(first.company_name, NAME_CHARS)} ↔ "
                f"{_short(second.company_name, NAME_CHARS)} ({similar})"
            )
    lines.append("\n" + _("Change or stop digests in /settings."))
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def reminder_message(
    reminder: Reminder, application: Application | None
) -> tuple[str, InlineKeyboardMarkup]:
    title = (
        f"{escape(application.role_title)} — {escape(application.company_name)}"
        if application
        else _("your job search")
    )
    text = f"⏰ <b>{reminder_kind_name(reminder.kind)}</b>: {title}"
    if reminder.kind == ReminderKind.INTERVIEW and application is not None:
        text += "\n" + (interview_line(application.job_fields.get("interview")) or "")
    elif reminder.note:
        text += "\n" + escape(reminder.note)
    rows = []
    if application is not None:
        opened = InlineKeyboardButton(_("Open"), callback_data=encode(Verb.OPEN, application.id))
        if reminder.kind == ReminderKind.INTERVIEW:
            prep = InlineKeyboardButton(
                _("🎤 Interview prep"), callback_data=encode(Verb.PREP, application.id)
            )
            rows.append([opened, prep])
        else:
            rows.append([opened])
    rows.append(
        [
            *(
                InlineKeyboardButton(
                    ngettext("Snooze {n} day", "Snooze {n} days", days).format(n=days),
                    callback_data=encode(Verb.REMINDER, reminder.id, f"s{days}"),
                )
                for days in (1, 3)
            ),
            InlineKeyboardButton(
                _("Done"), callback_data=encode(Verb.REMINDER, reminder.id, "done")
            ),
        ]
    )
    return text, InlineKeyboardMarkup(rows)
