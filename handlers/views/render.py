"""Texts and keyboards the bot writes itself (HTML, every user value escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from html import escape
from uuid import UUID

from babel.numbers import format_decimal
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.documents.searchability import Check
from bot.generation.resume_profile import ResumeProfile
from bot.services.gaps import GapQuestion
from bot.services.resumes import Rescored
from handlers.callbacks import Verb, encode
from handlers.i18n import N_, _, current_locale, day, moment, ngettext
from handlers.views.reminder_views import card_reminder_line
from storage.models import STAGES, Application, Job, Resume, SimilarApplication

STEP_NAMES = {
    "research_report": N_("Research"),
    "optimized_resume": N_("Optimize resume"),
    "cover_letter": N_("Cover letter"),
}
STEP_CODES = {"research_report": "r", "optimized_resume": "o", "cover_letter": "c"}
CODE_STEPS = {v: k for k, v in STEP_CODES.items()}
STAGE_ICONS = {
    "saved": "🗂",
    "applied": "📨",
    "interviewing": "🗣",
    "offer": "🎉",
    "rejected": "✖️",
    "withdrawn": "↩️",
}
STAGE_NAMES = {
    "saved": N_("saved"),
    "applied": N_("applied"),
    "interviewing": N_("interviewing"),
    "offer": N_("offer"),
    "rejected": N_("rejected"),
    "withdrawn": N_("withdrawn"),
}
STATUS_NAMES = {
    "draft": N_("draft"),
    "research_complete": N_("research complete"),
    "resume_ready": N_("resume ready"),
    "cover_letter_ready": N_("cover letter ready"),
}
PRIORITY_NAMES = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}
# A document as a heading ("Cover letter ready") and inside a sentence ("the cover letter").
DOCUMENT_LABELS = {
    "research_report": N_("Research report"),
    "optimized_resume": N_("Optimized resume"),
    "cover_letter": N_("Cover letter"),
}
_DOCUMENT_NAMES = {
    "research_report": N_("research report"),
    "optimized_resume": N_("optimized resume"),
    "cover_letter": N_("cover letter"),
}


def stage_name(stage: str) -> str:
    return _(STAGE_NAMES[stage]) if stage in STAGE_NAMES else stage


def status_name(status: str) -> str:
    return _(STATUS_NAMES[status]) if status in STATUS_NAMES else status.replace("_", " ")


def priority_name(priority: str) -> str:
    return _(PRIORITY_NAMES[priority]) if priority in PRIORITY_NAMES else priority


def step_label(kind: str) -> str:
    """ "Cover letter" as a heading, in the reader's language."""
    return _(DOCUMENT_LABELS[kind]) if kind in DOCUMENT_LABELS else kind


def document_name(kind: str) -> str:
    """ "cover letter" inside a sentence, in the reader's language."""
    return _(_DOCUMENT_NAMES.get(kind, N_("document")))


def _step_mark(app: Application, kind: str, active: list[Job]) -> str:
    if any(j.kind == kind for j in active):
        return "⏳"
    return "✅" if app.has_step(kind) else "▫️"


def card_text(
    app: Application,
    active: list[Job] | None = None,
    reminder_due: datetime | None = None,
    resume_name: str | None = None,
) -> str:
    """`reminder_due`: the soonest pending reminder, in the user's zone (Card.reminder_due);
    `resume_name`: the resume it uses, when the user has several (Card.resume_name)."""
    active = active or []
    place = " · ".join(p for p in (app.location, app.remote) if p)
    lines = [
        _("<b>{role}</b> at <b>{company}</b>").format(
            role=escape(app.role_title), company=escape(app.company_name)
        ),
    ]
    if place:
        lines.append(f"📍 {escape(place)}")
    lines.append(
        _("Priority: {priority} · Stage: {icon} {stage}").format(
            priority=priority_name(app.priority_level),
            icon=STAGE_ICONS[app.stage],
            stage=stage_name(app.stage),
        )
    )
    if (reminder := card_reminder_line(reminder_due)) is not None:
        lines.append(reminder)
    if resume_name:
        lines.append(_("📄 Resume: {name}").format(name=escape(resume_name)))
    steps = " · ".join(
        f"{_step_mark(app, kind, active)} {_(name)}" for kind, name in STEP_NAMES.items()
    )
    lines.append(_("Steps: {steps}").format(steps=steps))
    if app.match_before is not None and app.match_after is not None:
        lines.append(
            _("Match rate: {before}% → <b>{after}%</b>").format(
                before=app.match_before, after=app.match_after
            )
        )
    elif app.match_before is not None:
        lines.append(_("Match rate: <b>{rate}%</b>").format(rate=app.match_before))
    else:
        lines.append(_("Match rate: add a resume with /resume to see it"))
    details = app.match_details.get("after") or app.match_details.get("before") or {}
    explanation = details.get("explanation") or []
    if explanation:  # "8 of 10 essentials shown · 2 in other words … · missing: …"
        lines += [escape(line) for line in explanation[:3]]
    elif details.get("missing"):
        lines.append(
            _("Missing: {skills}").format(skills=escape(", ".join(details["missing"][:8])))
        )
    if (interview := interview_line(app.job_fields.get("interview"))) is not None:
        lines.append(interview)
    lines += job_field_lines(app.job_fields)
    if app.job_url:
        posting = _("Job posting")
        lines.append(f'<a href="{escape(app.job_url, quote=True)}">{posting}</a>')
    return "\n".join(lines)


def interview_line(stored: str | None) -> str | None:
    """ "🗣 Interview: 15.01.2027, 14:00" — stored as a moment in the user's own zone."""
    if not stored:
        return None
    try:
        at = datetime.fromisoformat(stored)
    except ValueError:
        return None
    return _("🗣 Interview: {when}").format(when=moment(at))


def job_field_lines(fields: dict[str, str]) -> list[str]:
    """Pay, closing date, contact and reference on one line; the process and notes below."""
    facts: list[str] = []
    if fields.get("salary"):
        facts.append(f"💷 {escape(fields['salary'])}")
    if fields.get("closing_date"):
        try:
            closes = day(date.fromisoformat(fields["closing_date"]))
        except ValueError:
            closes = escape(fields["closing_date"])
        facts.append(_("⏳ closes {date}").format(date=closes))
    if fields.get("contact"):
        facts.append(f"👤 {escape(fields['contact'])}")
    if fields.get("reference"):
        facts.append(_("Ref. {reference}").format(reference=escape(fields["reference"])))
    lines = [" · ".join(facts)] if facts else []
    if fields.get("process"):
        lines.append(_("🧭 Process: {steps}").format(steps=escape(fields["process"])))
    if fields.get("notes"):
        lines.append(_("📝 {notes}").format(notes=escape(fields["notes"][:300])))
    return lines


def document_keyboard(
    app: Application, kind: str, active: list[Job] | None = None
) -> InlineKeyboardMarkup:
    code = STEP_CODES[kind]
    rows = [
        [
            InlineKeyboardButton(
                _("🔁 Regenerate"), callback_data=encode(Verb.REGEN, app.id, code)
            ),
            InlineKeyboardButton(
                _("💬 With feedback"), callback_data=encode(Verb.FEEDBACK, app.id, code)
            ),
        ],
        [
            InlineKeyboardButton(
                "📄 DOCX", callback_data=encode(Verb.FILE, app.id, code + ".docx")
            ),
            InlineKeyboardButton("📄 PDF", callback_data=encode(Verb.FILE, app.id, code + ".pdf")),
            InlineKeyboardButton(_("↩️ Card"), callback_data=encode(Verb.OPEN, app.id)),
        ],
    ]
    next_step = app.next_step()
    if next_step is not None and not any(j.kind == next_step for j in active or []):
        rows.insert(
            0,
            [
                InlineKeyboardButton(
                    _("▶️ Next: {step}").format(step=_(STEP_NAMES[next_step])),
                    callback_data=encode(Verb.STEP, app.id, STEP_CODES[next_step]),
                )
            ],
        )
    return InlineKeyboardMarkup(rows)


def prep_keyboard(app: Application) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("📅 Interview date"), callback_data=encode(Verb.INTERVIEW, app.id)
                ),
                InlineKeyboardButton(_("↩️ Card"), callback_data=encode(Verb.OPEN, app.id)),
            ]
        ]
    )


def stage_keyboard(app: Application) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            ("• " if stage == app.stage else "") + f"{STAGE_ICONS[stage]} {stage_name(stage)}",
            callback_data=encode(Verb.SET_STAGE, app.id, stage),
        )
        for stage in STAGES
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([InlineKeyboardButton(_("↩️ Back"), callback_data=encode(Verb.OPEN, app.id))])
    return InlineKeyboardMarkup(rows)


def remind_keyboard(app: Application) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    ngettext("In {n} day", "In {n} days", days).format(n=days),
                    callback_data=encode(Verb.REMIND_IN, app.id, str(days)),
                )
                for days in (1, 3, 7)
            ],
            [
                InlineKeyboardButton(
                    _("📅 Pick a date"), callback_data=encode(Verb.REMIND_DATE, app.id)
                ),
                InlineKeyboardButton(_("↩️ Back"), callback_data=encode(Verb.OPEN, app.id)),
            ],
        ]
    )


def confirm_delete_keyboard(app: Application) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("Yes, delete it"), callback_data=encode(Verb.DELETE_YES, app.id)
                ),
                InlineKeyboardButton(_("No, keep it"), callback_data=encode(Verb.OPEN, app.id)),
            ]
        ]
    )


JOB_FIELD_BUTTONS = (
    ("salary", N_("💷 Pay")),
    ("closing_date", N_("⏳ Closing date")),
    ("contact", N_("👤 Contact")),
    ("reference", N_("🔖 Reference")),
    ("process", N_("🧭 Process")),
    ("notes", N_("📝 Notes")),
)


def edit_keyboard(app: Application) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("Company"), callback_data=encode(Verb.EDIT_FIELD, app.id, "company")
                ),
                InlineKeyboardButton(
                    _("Role"), callback_data=encode(Verb.EDIT_FIELD, app.id, "role")
                ),
                InlineKeyboardButton(
                    _("Location"), callback_data=encode(Verb.EDIT_FIELD, app.id, "location")
                ),
            ],
            [
                InlineKeyboardButton(_(label), callback_data=encode(Verb.EDIT_FIELD, app.id, key))
                for key, label in JOB_FIELD_BUTTONS[:3]
            ],
            [
                InlineKeyboardButton(_(label), callback_data=encode(Verb.EDIT_FIELD, app.id, key))
                for key, label in JOB_FIELD_BUTTONS[3:]
            ],
            [
                InlineKeyboardButton(
                    _("Priority: {priority}").format(priority=priority_name(p)),
                    callback_data=encode(Verb.PRIORITY, app.id, p),
                )
                for p in ("low", "medium", "high")
            ],
            [InlineKeyboardButton(_("↩️ Back"), callback_data=encode(Verb.OPEN, app.id))],
        ]
    )


RESUMES_PER_PAGE = 8


def resume_list(resumes: list[Resume], page: int = 1) -> tuple[str, InlineKeyboardMarkup]:
    """One page of the user's resumes (a long list once broke Telegram's message limit)."""
    if not resumes:
        return (
            _("You have no resume yet. Paste it here as text, or upload a PDF, DOCX or TXT file."),
            InlineKeyboardMarkup([]),
        )
    pages = max(1, -(-len(resumes) // RESUMES_PER_PAGE))
    page = min(max(page, 1), pages)
    first = (page - 1) * RESUMES_PER_PAGE
    title = (
        _("<b>Your resumes</b> (page {page}/{pages})").format(page=page, pages=pages)
        if pages > 1
        else _("<b>Your resumes</b>")
    )
    lines = [title]
    rows: list[list[InlineKeyboardButton]] = []
    for index, resume in enumerate(resumes[first : first + RESUMES_PER_PAGE], first + 1):
        star = " " + _("⭐ primary") if resume.is_primary else ""
        chars = len(resume.content)
        size = ngettext("{count} char", "{count} chars", chars).format(
            count=format_decimal(chars, locale=current_locale())
        )
        added = _("added {date}").format(date=day(resume.created_at.date()))
        lines.append(f"{index}. {escape(resume.name)} ({added}, {size}){star}")
        row = []
        if not resume.is_primary:
            row.append(
                InlineKeyboardButton(
                    _("⭐ Make {index} primary").format(index=index),
                    callback_data=encode(Verb.RESUME_PRIMARY, resume.id),
                )
            )
        row.append(
            InlineKeyboardButton(
                _("👁 View {index}").format(index=index),
                callback_data=encode(Verb.RESUME_VIEW, resume.id),
            )
        )
        row.append(
            InlineKeyboardButton(
                _("🗑 Delete {index}").format(index=index),
                callback_data=encode(Verb.RESUME_DELETE, resume.id),
            )
        )
        rows.append(row)
    nav = []
    if page > 1:
        nav.append(
            InlineKeyboardButton(
                _("◀️ Back"), callback_data=encode(Verb.RESUME_PAGE, None, str(page - 1))
            )
        )
    if page < pages:
        nav.append(
            InlineKeyboardButton(
                _("More ▶️"), callback_data=encode(Verb.RESUME_PAGE, None, str(page + 1))
            )
        )
    if nav:
        rows.append(nav)
    rows.append([InlineKeyboardButton(_("➕ Add a resume"), callback_data=encode(Verb.RESUME_ADD))])
    lines.append("\n" + _("To add another, tap ➕ or just upload a file."))
    return "\n".join(lines), InlineKeyboardMarkup(rows)


CHECK_NAMES = {
    "contact details": N_("contact details"),
    "standard headings": N_("standard headings"),
    "dates": N_("dates"),
    "file type and name": N_("file type and name"),
    "length": N_("length"),
}


def searchability_text(checks: list[Check]) -> str:
    """The ATS check under the optimized resume: passes on one line, each failure with its fix."""
    passed = [_(CHECK_NAMES.get(c.name.value, c.name.value)) for c in checks if c.ok]
    failed = [c for c in checks if not c.ok]
    lines = [_("🔎 <b>Searchability</b> (what an applicant tracking system reads):")]
    if passed:
        lines.append("✅ " + escape(", ".join(passed)))
    lines += [
        f"⚠️ {escape(_(CHECK_NAMES.get(c.name.value, c.name.value)))}: {escape(c.detail)}"
        for c in failed
    ]
    return "\n".join(lines)


def move_offer(resume_id: UUID, count: int) -> tuple[str, InlineKeyboardMarkup]:
    text = ngettext(
        "{count} open application still uses another resume. Use the new primary for it "
        "and score it again? (Documents already written stay as they are.)",
        "{count} open applications still use another resume. Use the new primary for them "
        "and score them again? (Documents already written stay as they are.)",
        count,
    ).format(count=count)
    button = InlineKeyboardButton(
        _("🔁 Use it and score again"), callback_data=encode(Verb.RESUME_MOVE, resume_id)
    )
    return text, InlineKeyboardMarkup([[button]])


def moved(rescored: Sequence[Rescored]) -> str:
    lines = [_("<b>Scored against your primary resume</b>")]
    for item in rescored[:MAX_MOVED_SHOWN]:
        app = item.application
        was = f"{item.before}% → " if item.before is not None else ""
        lines.append(
            f"• {escape(app.role_title)} — {escape(app.company_name)}: {was}<b>{item.now}%</b>"
        )
    if len(rescored) > MAX_MOVED_SHOWN:
        lines.append(_("• … and {count} more").format(count=len(rescored) - MAX_MOVED_SHOWN))
    return "\n".join(lines)


MAX_MOVED_SHOWN = 10


def resume_saved(resume: Resume, profile: ResumeProfile) -> tuple[str, InlineKeyboardMarkup]:
    """What was read from the resume, so a user sees at once if a file was misread."""
    name = escape(resume.name)
    saved = (
        _("✅ Saved “{name}” as your primary resume.").format(name=name)
        if resume.is_primary
        else _("✅ Saved “{name}” as an extra resume (see /resume to switch).").format(name=name)
    )
    bullets = sum(len(r.bullets) for r in profile.roles)
    counts = [
        ngettext("{n} role", "{n} roles", len(profile.roles)).format(n=len(profile.roles)),
        ngettext("{n} bullet", "{n} bullets", bullets).format(n=bullets),
        ngettext("{n} degree", "{n} degrees", len(profile.education)).format(
            n=len(profile.education)
        ),
    ]
    if profile.certifications:
        certificates = len(profile.certifications)
        counts.append(
            ngettext("{n} certification", "{n} certifications", certificates).format(n=certificates)
        )
    lines = [saved]
    who = f"<b>{escape(profile.name)}</b> · " if profile.name else ""
    lines.append(_("I read: {who}{counts}.").format(who=who, counts=", ".join(counts)))
    for r in profile.roles[:5]:
        dates = f" ({escape(r.start or '')} – {escape(r.end or '')})" if r.start else ""
        employer = f" — {escape(r.employer)}" if r.employer else ""
        count = ngettext("{n} bullet", "{n} bullets", len(r.bullets)).format(n=len(r.bullets))
        lines.append(f"• {escape(r.title)}{employer}{dates}: {count}")
    if len(profile.roles) > 5:
        lines.append(_("• … and {count} more").format(count=len(profile.roles) - 5))
    lines.append(_("Looks right? Then paste a job description or a job link."))
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("✏️ Not right: paste it as text"),
                    callback_data=encode(Verb.RESUME_FIX, resume.id),
                )
            ],
            [
                InlineKeyboardButton(
                    _("🏷 Rename"), callback_data=encode(Verb.RESUME_RENAME, resume.id)
                ),
                InlineKeyboardButton(_("📄 All resumes"), callback_data=encode(Verb.RESUME_PAGE)),
            ],
        ]
    )
    return "\n".join(lines), keyboard


def short_text_hint() -> str:
    return _(
        "That is too short for a job posting. Paste the whole job description (title, tasks, "
        "requirements) or send a link to it. To change a document, say which one, e.g. “make "
        "the cover letter shorter”. /help lists everything."
    )


def ask_intent(looks_like_resume: bool) -> tuple[str, InlineKeyboardMarkup]:
    question = (
        _("This looks like a resume. Save it as a new resume?")
        if looks_like_resume
        else _("Is this your resume or a job posting?")
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("📄 My resume"), callback_data=encode(Verb.INTENT, None, "resume")
                ),
                InlineKeyboardButton(
                    _("📌 A job posting"), callback_data=encode(Verb.INTENT, None, "posting")
                ),
            ]
        ]
    )
    return question, keyboard


def resume_already_stored(resume: Resume) -> str:
    return _(
        "This is your stored resume “{name}”; nothing new to save. "
        "Paste a job posting (or a link) to compare it with a job."
    ).format(name=escape(resume.name))


def no_document_for_request(kind: str) -> str:
    return _(
        "You have no {document} yet. Open a job in /applications and create it first; then "
        "tell me what to change."
    ).format(document=document_name(kind))


def request_accepted(app: Application, kind: str, created: bool) -> str:
    values = {"document": document_name(kind), "role": app.role_title, "company": app.company_name}
    if not created:
        return _(
            "The {document} for {role} at {company} is being written right now; I will send it "
            "when ready."
        ).format(**values)
    return _("👍 Changing the {document} for {role} at {company} as you asked…").format(**values)


def posting_kept() -> str:
    return _(
        "This looks like a job posting, not a resume. I kept it: send your resume now (paste it "
        "or upload a PDF, DOCX or TXT) and I will add this job right after."
    )


def similar_jobs(
    items: list[SimilarApplication], back_to: UUID
) -> tuple[str, InlineKeyboardMarkup]:
    """The user's own applications most like this one, each a button to its card."""
    lines = [_("<b>Jobs like this one</b> (among your applications)")]
    rows = []
    for index, item in enumerate(items, 1):
        similar = _("{percent}% similar").format(percent=f"{item.similarity * 100:.0f}")
        lines.append(f"{index}. {escape(item.role_title)} — {escape(item.company_name)}: {similar}")
        rows.append(
            [
                InlineKeyboardButton(
                    f"{index}. {item.company_name[:40]}",
                    callback_data=encode(Verb.OPEN, item.application_id),
                )
            ]
        )
    rows.append([InlineKeyboardButton("↩️ Back", callback_data=encode(Verb.OPEN, back_to))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def gap_question(app: Application, question: GapQuestion) -> tuple[str, InlineKeyboardMarkup]:
    """One gap at a time, with the honest answers as buttons."""
    values = {
        "role": escape(app.role_title),
        "company": escape(app.company_name),
        "skill": escape(question.name),
    }
    asked = (
        _(
            "❓ <b>{role}</b> at {company} lists <b>{skill}</b> as an essential requirement, "
            "and your resume does not show it. Have you done it?"
        )
        if question.essential
        else _(
            "❓ <b>{role}</b> at {company} lists <b>{skill}</b> as a desirable requirement, "
            "and your resume does not show it. Have you done it?"
        )
    ).format(**values)
    remaining = ngettext("{n} gap to go.", "{n} gaps to go.", question.remaining).format(
        n=question.remaining
    )
    text = (
        f"{asked}\n<i>"
        + _("A “yes” lets the tailored resume and letter say so; a “no” is never claimed.")
        + f" {remaining}</i>"
    )

    def button(label: str, choice: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            label, callback_data=encode(Verb.GAP, app.id, f"{choice}{question.index}")
        )

    keyboard = InlineKeyboardMarkup(
        [
            [button(_("✅ Yes, at work"), "w"), button(_("📚 Yes, course/project"), "c")],
            [button(_("❌ No"), "n"), button(_("⏭ Skip"), "s")],
            [InlineKeyboardButton(_("↩️ Card"), callback_data=encode(Verb.OPEN, app.id))],
        ]
    )
    return text, keyboard


def gaps_done(app: Application, before: int | None, now: int) -> tuple[str, InlineKeyboardMarkup]:
    change = f"{before}% → <b>{now}%</b>" if before is not None and before != now else f"{now}%"
    text = (
        _("✅ No more gaps to ask about for {role} at {company}. Match rate: {change}.").format(
            role=escape(app.role_title), company=escape(app.company_name), change=change
        )
        + "\n"
        + _("Your answers are used the next time the resume or letter is written.")
    )
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(_("↩️ Card"), callback_data=encode(Verb.OPEN, app.id))]]
    )
    return text, keyboard
