"""What the buttons on an application card say back: the toast or pop-up of a press, the
question above a card menu, and the prompt when the bot waits for typed text."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from handlers.i18n import N_, _, day, moment
from handlers.views.render import document_name, priority_name, stage_name, step_label

# Stale(msgid) is translated by the router.
CARD_OUT_OF_DATE = N_("This card is out of date: use the newer one further down.")
CHOOSE_STAGE = N_("Choose the new stage:")
WHEN_TO_REMIND = N_("When should I remind you?")
WHAT_TO_CHANGE = N_("What do you want to change?")
# What the bot waits for after ✏️ Edit → field (the toast is the prompt without its period).
EDIT_PROMPTS = {
    "company": N_("Send the new company."),
    "role": N_("Send the new role."),
    "location": N_("Send the new location."),
    "salary": N_("Send the pay as the posting gives it, or - to clear it."),
    "closing_date": N_("Send the closing date (15.01.2027, 15 Jan …), or - to clear it."),
    "contact": N_("Send the contact person (name, email or phone), or - to clear it."),
    "reference": N_("Send the job reference number, or - to clear it."),
    "process": N_("Send the hiring process (e.g. call → task → interview), or - to clear it."),
    "notes": N_("Send your notes on this application, or - to clear them."),
}


def already_writing(kind: str) -> str:
    return _("Already writing the {document}…").format(document=document_name(kind))


def step_started(kind: str) -> str:
    return _("{document}: started. I will post it here when ready.").format(
        document=step_label(kind)
    )


def all_ready() -> str:
    return _("All three documents are ready.")


def generating_remaining() -> str:
    return _("Generating the remaining steps, one after another.")


def stage_set(stage: str, follow_up: datetime | None = None, zone: tzinfo = UTC) -> str:
    if follow_up is None:
        return _("Stage: {stage}").format(stage=stage_name(stage))
    return _("Stage: {stage}. I will remind you to follow up on {date}.").format(
        stage=stage_name(stage), date=day(follow_up.astimezone(zone).date())
    )


def priority_set(priority: str) -> str:
    return _("Priority: {priority}").format(priority=priority_name(priority))


def reminder_set(due_at: datetime, zone: ZoneInfo) -> str:
    """The moment in the user's own time zone, which is named so nobody converts."""
    return _("⏰ Reminder set for {when} ({zone}).").format(
        when=moment(due_at, zone), zone=zone.key
    )


def reminder_on(due_at: datetime, zone: ZoneInfo) -> str:
    return _("⏰ I will remind you on {when} ({zone}).").format(
        when=moment(due_at, zone), zone=zone.key
    )


def ask_interview_date() -> str:
    return _(
        "🗣 When is the interview? Send the date and time as you would write them "
        "(15.01.2027 14:00, next Tuesday 10:30). I will remind you the evening before. "
        "(/cancel to skip)"
    )


def interview_booked(at: datetime, reminder_at: datetime | None, zone: ZoneInfo) -> str:
    booked = _("🗣 Interview on {when} ({zone}).").format(when=moment(at, zone), zone=zone.key)
    if reminder_at is None:
        return booked + " " + _("It is less than a day away, so there is no reminder. Good luck!")
    return (
        booked
        + " "
        + _("I will remind you on {when}. Tap 🎤 Interview prep on the card to prepare.").format(
            when=moment(reminder_at, zone)
        )
    )


def prep_ready(version: int, stored: bool) -> str:
    if stored:
        return _("Interview prep (version {version})").format(version=version)
    return _("Interview prep (version {version}, unchanged)").format(version=version)


def send_a_date() -> str:
    return _("Send a date")


def ask_date() -> str:
    return _(
        "Send a date as you would write it: 15.01.2027, 15 Jan, tomorrow or next Friday, "
        "with a time if you like (9:30). Without a time I remind you at 09:00."
    )


def ask_field(field: str) -> str:
    return _(EDIT_PROMPTS[field])


def preparing_export() -> str:
    return _("Preparing the export…")


def confirm_delete() -> str:
    return _("<b>Delete this application and all its documents?</b>")


def deleted() -> str:
    return _("Deleted.")


def application_deleted() -> str:
    return _("🗑 Application deleted.")
