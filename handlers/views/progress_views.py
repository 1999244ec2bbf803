"""The living card: the application card with the progress of its running steps, and a
keyboard whose buttons keep their places while steps run (a button that moved once turned
a second tap on ⚡ into the Stage menu).

New texts live here (not in render.py) so the card's progress reads in one place.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.documents.telegram_format import stream_preview
from bot.services.notifier import StepOutcome
from handlers.callbacks import Verb, encode
from handlers.i18n import N_, _, ngettext, said
from handlers.views import render
from storage.models import Application, Job, Stage

# Telegram refuses texts over 4096 characters; HTML tags count for nothing, so this is safe.
CARD_LIMIT = 4000
STREAM_TAIL = 1500


def running_kinds(active: list[Job] | None) -> list[str]:
    """The steps queued or running now (embedding the posting is not a step)."""
    return [j.kind for j in active or [] if j.kind != "embed"]


def card_keyboard(app: Application, active: list[Job] | None = None) -> InlineKeyboardMarkup:
    """Always the same rows and columns: one button per step, ⚡, then the card's tools.

    Only labels change (▶️ → ⏳ → 📄); a button that cannot act while a step runs answers
    with a pop-up instead of disappearing and letting the next one slide under the finger.
    """
    running = set(running_kinds(active))
    next_step = app.next_step()
    steps: list[InlineKeyboardButton] = []
    for kind, msgid in render.STEP_NAMES.items():
        code = render.STEP_CODES[kind]
        name = _(msgid)
        if kind in running:
            steps.append(
                InlineKeyboardButton(f"⏳ {name}", callback_data=encode(Verb.STEP, app.id, code))
            )
        elif app.has_step(kind):
            steps.append(
                InlineKeyboardButton(f"📄 {name}", callback_data=encode(Verb.DOC, app.id, code))
            )
        else:
            mark = "▶️" if kind == next_step else "▫️"
            steps.append(
                InlineKeyboardButton(
                    f"{mark} {name}", callback_data=encode(Verb.STEP, app.id, code)
                )
            )
    if running:
        everything = _("⏳ Writing…")
    elif next_step is None:
        everything = _("✅ All ready")
    else:
        everything = _("⚡ Generate all")
    return InlineKeyboardMarkup(
        [
            steps,
            [InlineKeyboardButton(everything, callback_data=encode(Verb.ALL, app.id))],
            [
                InlineKeyboardButton(
                    _("❓ Check my gaps"), callback_data=encode(Verb.GAPS, app.id)
                ),
                InlineKeyboardButton(
                    _("🔗 Similar jobs"), callback_data=encode(Verb.SIMILAR, app.id)
                ),
                InlineKeyboardButton(_("🏷 Stage"), callback_data=encode(Verb.STAGE, app.id)),
                InlineKeyboardButton(_("⏰ Remind me"), callback_data=encode(Verb.REMIND, app.id)),
            ],
            *_interview_row(app),
            [
                InlineKeyboardButton(_("📦 Export"), callback_data=encode(Verb.EXPORT, app.id)),
                InlineKeyboardButton(_("✏️ Edit"), callback_data=encode(Verb.EDIT, app.id)),
                InlineKeyboardButton(_("🗑 Delete"), callback_data=encode(Verb.DELETE, app.id)),
            ],
        ]
    )


def _interview_row(app: Application) -> list[list[InlineKeyboardButton]]:
    """At "interviewing" (a stage change, never a running step, so buttons do not move
    under the finger while a step runs): the date and the prep."""
    if app.stage != Stage.INTERVIEWING:
        return []
    return [
        [
            InlineKeyboardButton(
                _("📅 Interview date"), callback_data=encode(Verb.INTERVIEW, app.id)
            ),
            InlineKeyboardButton(_("🎤 Interview prep"), callback_data=encode(Verb.PREP, app.id)),
        ]
    ]


def progress_card(
    app: Application,
    active: list[Job] | None,
    lines: list[str],
    reminder_due: datetime | None = None,
    resume_name: str | None = None,
) -> str:
    """The card, then what the running or last run did; later lines give way to the limit."""
    text = render.card_text(app, active, reminder_due, resume_name)
    kept: list[str] = []
    size = len(text) + 2
    for line in lines:
        if size + len(line) + 1 > CARD_LIMIT:
            break
        kept.append(line)
        size += len(line) + 1
    return text + ("\n\n" + "\n".join(kept) if kept else "")


def streaming_card(card: str, label: str, written: str) -> str:
    """The card with the tail of the text being written (edited in place, throttled)."""
    budget = max(200, min(STREAM_TAIL, CARD_LIMIT - len(card) - 40))
    title = _("{document} (writing…)").format(document=label)
    preview = stream_preview(f"{title}\n\n{written}", budget)
    return f"{card}\n\n<i>{escape(preview)}</i>"


def draft_text(label: str, written: str) -> str:
    """The private-chat draft bubble while a step is written."""
    title = _("{document} (writing…)").format(document=label)
    return stream_preview(f"{title}\n\n{written}", 4000)


def writing(kind: str, company: str, *, resumed: bool) -> str:
    values = {"document": render.document_name(kind), "company": escape(company)}
    if resumed:
        return _("♻️ Resuming {document} for {company} after a restart…").format(**values)
    return _("⏳ Writing the {document} for {company}…").format(**values)


def ready(kind: str, version: int) -> str:
    return _("✅ {document} ready (version {version}).").format(
        document=render.step_label(kind), version=version
    )


def failed(kind: str, message: str, *, will_retry: bool, existed: bool) -> str:
    label, reason = render.step_label(kind), escape(message)
    if will_retry:
        return _("⚠️ {document}: {reason}\nI will retry automatically shortly.").format(
            document=label, reason=reason
        )
    if existed:
        return _(
            "⚠️ {document} failed: {reason}\nNothing was lost; tap 🔁 Regenerate under it to "
            "try again."
        ).format(document=label, reason=reason)
    return _("⚠️ {document} failed: {reason}\nNothing was lost; tap ▶️ {step} to try again.").format(
        document=label, reason=reason, step=escape(_(render.STEP_NAMES.get(kind, kind)))
    )


# Translated where shown: _(progress_views.STOPPED).
STOPPED = N_("⏹ Stopped: your data was deleted.")


def outcome_notes(outcome: StepOutcome) -> list[str]:
    """What the user should know about a finished step, shown on the card under its line."""
    notes: list[str] = []
    if outcome.removed_claims:
        listed = escape(", ".join(outcome.removed_claims[:10]))
        count = len(outcome.removed_claims)
        notes.append(
            ngettext(
                "🛡 {count} unsupported claim removed: {claims}",
                "🛡 {count} unsupported claims removed: {claims}",
                count,
            ).format(count=count, claims=listed)
        )
    if outcome.match_after is not None:
        notes.append(
            _("🎯 Match rate {before}% → <b>{after}%</b>").format(
                before=outcome.match_before, after=outcome.match_after
            )
        )
        if outcome.missing_keywords:
            notes.append(
                _("Still missing (only add what is true): {skills}").format(
                    skills=escape(", ".join(outcome.missing_keywords[:8]))
                )
            )
    notes += [f"ℹ️ {escape(note)}" for note in outcome.notes]
    if outcome.searchability:
        notes.append(render.searchability_text(outcome.searchability))
    if outcome.chain_stopped:
        reason = escape(said(outcome.chain_stopped))
        notes.append(_("⏸ Stopped here: {reason}").format(reason=reason))
    if outcome.used_related:
        notes.append(_("📎 Used your most similar past application as context."))
    return notes
