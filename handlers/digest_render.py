"""Digest and reminder messages."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.notifier import Digest
from handlers.callbacks import encode
from handlers.render import STAGE_ICONS
from storage.models import STAGES, Application, Reminder


def digest_message(digest: Digest) -> tuple[str, InlineKeyboardMarkup]:
    lines = ["<b>📬 Your JobForge digest</b>"]
    counts = [
        f"{STAGE_ICONS[s]} {s}: {digest.counts_by_stage[s]}"
        for s in STAGES
        if digest.counts_by_stage.get(s)
    ]
    lines.append(" · ".join(counts) if counts else "No applications yet.")
    rows: list[list[InlineKeyboardButton]] = []
    if digest.stalled:
        lines.append("\n<b>Stalled</b> (no progress lately):")
        for app in digest.stalled:
            lines.append(f"• {escape(app.role_title)} — {escape(app.company_name)} ({app.stage})")
            rows.append(
                [
                    InlineKeyboardButton(
                        f"Continue: {app.company_name[:40]}", callback_data=encode("open", app.id)
                    )
                ]
            )
    if digest.reminders_due:
        lines.append("\n<b>Reminders due</b>:")
        for reminder in digest.reminders_due:
            lines.append(f"• {reminder.due_at:%Y-%m-%d} {escape(reminder.note or 'Reminder')}")
    if digest.similar_pairs:
        lines.append("\n<b>Similar jobs</b> among your applications:")
        for first, second, similarity in digest.similar_pairs:
            lines.append(
                f"• {escape(first.company_name)} ↔ {escape(second.company_name)} "
                f"({similarity * 100:.0f}% similar)"
            )
    lines.append("\nChange or stop digests in /settings.")
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def reminder_message(
    reminder: Reminder, application: Application | None
) -> tuple[str, InlineKeyboardMarkup]:
    title = (
        f"{escape(application.role_title)} — {escape(application.company_name)}"
        if application
        else "your job search"
    )
    kind = "Follow up" if reminder.kind == "follow_up" else "Reminder"
    text = f"⏰ <b>{kind}</b>: {title}\n{escape(reminder.note)}"
    rows = []
    if application is not None:
        rows.append([InlineKeyboardButton("Open", callback_data=encode("open", application.id))])
    rows.append(
        [
            InlineKeyboardButton("Snooze 1 day", callback_data=encode("rem", reminder.id, "s1")),
            InlineKeyboardButton("Snooze 3 days", callback_data=encode("rem", reminder.id, "s3")),
            InlineKeyboardButton("Done", callback_data=encode("rem", reminder.id, "done")),
        ]
    )
    return text, InlineKeyboardMarkup(rows)
