"""Texts and keyboards the bot writes itself (HTML, every user value escaped)."""

from __future__ import annotations

from html import escape
from uuid import UUID

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.documents.searchability import Check
from bot.generation.resume_profile import ResumeProfile
from bot.services.gaps import GapQuestion
from handlers.callbacks import Verb, encode
from storage.models import STAGES, Application, Job, Resume, SimilarApplication

STEP_NAMES = {
    "research_report": "Research",
    "optimized_resume": "Optimize resume",
    "cover_letter": "Cover letter",
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


def _step_mark(app: Application, kind: str, active: list[Job]) -> str:
    if any(j.kind == kind for j in active):
        return "⏳"
    return "✅" if app.has_step(kind) else "▫️"


def card_text(app: Application, active: list[Job] | None = None) -> str:
    active = active or []
    place = " · ".join(p for p in (app.location, app.remote) if p)
    lines = [
        f"<b>{escape(app.role_title)}</b> at <b>{escape(app.company_name)}</b>",
    ]
    if place:
        lines.append(f"📍 {escape(place)}")
    lines.append(f"Priority: {app.priority_level} · Stage: {STAGE_ICONS[app.stage]} {app.stage}")
    steps = " · ".join(
        f"{_step_mark(app, kind, active)} {name}" for kind, name in STEP_NAMES.items()
    )
    lines.append(f"Steps: {steps}")
    if app.match_before is not None and app.match_after is not None:
        lines.append(f"Match rate: {app.match_before}% → <b>{app.match_after}%</b>")
    elif app.match_before is not None:
        lines.append(f"Match rate: <b>{app.match_before}%</b>")
    else:
        lines.append("Match rate: add a resume with /resume to see it")
    details = app.match_details.get("after") or app.match_details.get("before") or {}
    explanation = details.get("explanation") or []
    if explanation:  # "8 of 10 essentials shown · 2 in other words … · missing: …"
        lines += [escape(line) for line in explanation[:3]]
    elif details.get("missing"):
        lines.append("Missing: " + escape(", ".join(details["missing"][:8])))
    if app.job_url:
        lines.append(f'<a href="{escape(app.job_url, quote=True)}">Job posting</a>')
    return "\n".join(lines)


def card_keyboard(app: Application, active: list[Job] | None = None) -> InlineKeyboardMarkup:
    active_kinds = {j.kind for j in (active or [])}
    rows: list[list[InlineKeyboardButton]] = []
    step_row: list[InlineKeyboardButton] = []
    next_step = app.next_step()
    for kind, name in STEP_NAMES.items():
        code = STEP_CODES[kind]
        if app.has_step(kind):
            step_row.append(
                InlineKeyboardButton(f"📄 {name}", callback_data=encode(Verb.DOC, app.id, code))
            )
        elif kind == next_step and kind not in active_kinds:
            step_row.append(
                InlineKeyboardButton(f"▶️ {name}", callback_data=encode(Verb.STEP, app.id, code))
            )
    if step_row:
        rows.append(step_row)
    if next_step is not None and not active_kinds - {"embed"}:
        rows.append(
            [InlineKeyboardButton("⚡ Generate all", callback_data=encode(Verb.ALL, app.id))]
        )
    rows.append(
        [
            InlineKeyboardButton("❓ Check my gaps", callback_data=encode(Verb.GAPS, app.id)),
            InlineKeyboardButton("🔗 Similar jobs", callback_data=encode(Verb.SIMILAR, app.id)),
            InlineKeyboardButton("🏷 Stage", callback_data=encode(Verb.STAGE, app.id)),
            InlineKeyboardButton("⏰ Remind me", callback_data=encode(Verb.REMIND, app.id)),
        ]
    )
    rows.append(
        [
            InlineKeyboardButton("📦 Export", callback_data=encode(Verb.EXPORT, app.id)),
            InlineKeyboardButton("✏️ Edit", callback_data=encode(Verb.EDIT, app.id)),
            InlineKeyboardButton("🗑 Delete", callback_data=encode(Verb.DELETE, app.id)),
        ]
    )
    return InlineKeyboardMarkup(rows)


def document_keyboard(
    app: Application, kind: str, active: list[Job] | None = None
) -> InlineKeyboardMarkup:
    code = STEP_CODES[kind]
    rows = [
        [
            InlineKeyboardButton("🔁 Regenerate", callback_data=encode(Verb.REGEN, app.id, code)),
            InlineKeyboardButton(
                "💬 With feedback", callback_data=encode(Verb.FEEDBACK, app.id, code)
            ),
        ],
        [
            InlineKeyboardButton(
                "📄 DOCX", callback_data=encode(Verb.FILE, app.id, code + ".docx")
            ),
            InlineKeyboardButton("📄 PDF", callback_data=encode(Verb.FILE, app.id, code + ".pdf")),
            InlineKeyboardButton("↩️ Card", callback_data=encode(Verb.OPEN, app.id)),
        ],
    ]
    next_step = app.next_step()
    if next_step is not None and not any(j.kind == next_step for j in active or []):
        rows.insert(
            0,
            [
                InlineKeyboardButton(
                    f"▶️ Next: {STEP_NAMES[next_step]}",
                    callback_data=encode(Verb.STEP, app.id, STEP_CODES[next_step]),
                )
            ],
        )
    return InlineKeyboardMarkup(rows)


def stage_keyboard(app: Application) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            ("• " if stage == app.stage else "") + f"{STAGE_ICONS[stage]} {stage}",
            callback_data=encode(Verb.SET_STAGE, app.id, stage),
        )
        for stage in STAGES
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([InlineKeyboardButton("↩️ Back", callback_data=encode(Verb.OPEN, app.id))])
    return InlineKeyboardMarkup(rows)


def remind_keyboard(app: Application) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("In 1 day", callback_data=encode(Verb.REMIND_IN, app.id, "1")),
                InlineKeyboardButton(
                    "In 3 days", callback_data=encode(Verb.REMIND_IN, app.id, "3")
                ),
                InlineKeyboardButton(
                    "In 7 days", callback_data=encode(Verb.REMIND_IN, app.id, "7")
                ),
            ],
            [
                InlineKeyboardButton(
                    "📅 Pick a date", callback_data=encode(Verb.REMIND_DATE, app.id)
                ),
                InlineKeyboardButton("↩️ Back", callback_data=encode(Verb.OPEN, app.id)),
            ],
        ]
    )


def confirm_delete_keyboard(app: Application) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "Yes, delete it", callback_data=encode(Verb.DELETE_YES, app.id)
                ),
                InlineKeyboardButton("No, keep it", callback_data=encode(Verb.OPEN, app.id)),
            ]
        ]
    )


def edit_keyboard(app: Application) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "Company", callback_data=encode(Verb.EDIT_FIELD, app.id, "company")
                ),
                InlineKeyboardButton("Role", callback_data=encode(Verb.EDIT_FIELD, app.id, "role")),
                InlineKeyboardButton(
                    "Location", callback_data=encode(Verb.EDIT_FIELD, app.id, "location")
                ),
            ],
            [
                InlineKeyboardButton(
                    f"Priority: {p}", callback_data=encode(Verb.PRIORITY, app.id, p)
                )
                for p in ("low", "medium", "high")
            ],
            [InlineKeyboardButton("↩️ Back", callback_data=encode(Verb.OPEN, app.id))],
        ]
    )


RESUMES_PER_PAGE = 8


def resume_list(resumes: list[Resume], page: int = 1) -> tuple[str, InlineKeyboardMarkup]:
    """One page of the user's resumes (a long list once broke Telegram's message limit)."""
    if not resumes:
        return (
            "You have no resume yet. Paste it here as text, or upload a PDF, DOCX or TXT file.",
            InlineKeyboardMarkup([]),
        )
    pages = max(1, -(-len(resumes) // RESUMES_PER_PAGE))
    page = min(max(page, 1), pages)
    first = (page - 1) * RESUMES_PER_PAGE
    title = "<b>Your resumes</b>" + (f" (page {page}/{pages})" if pages > 1 else "")
    lines = [title]
    rows: list[list[InlineKeyboardButton]] = []
    for index, resume in enumerate(resumes[first : first + RESUMES_PER_PAGE], first + 1):
        star = " ⭐ primary" if resume.is_primary else ""
        lines.append(f"{index}. {escape(resume.name)} ({len(resume.content):,} chars){star}")
        row = []
        if not resume.is_primary:
            row.append(
                InlineKeyboardButton(
                    f"⭐ Make {index} primary", callback_data=encode(Verb.RESUME_PRIMARY, resume.id)
                )
            )
        row.append(
            InlineKeyboardButton(
                f"👁 View {index}", callback_data=encode(Verb.RESUME_VIEW, resume.id)
            )
        )
        row.append(
            InlineKeyboardButton(
                f"🗑 Delete {index}", callback_data=encode(Verb.RESUME_DELETE, resume.id)
            )
        )
        rows.append(row)
    nav = []
    if page > 1:
        nav.append(
            InlineKeyboardButton(
                "◀️ Back", callback_data=encode(Verb.RESUME_PAGE, None, str(page - 1))
            )
        )
    if page < pages:
        nav.append(
            InlineKeyboardButton(
                "More ▶️", callback_data=encode(Verb.RESUME_PAGE, None, str(page + 1))
            )
        )
    if nav:
        rows.append(nav)
    rows.append([InlineKeyboardButton("➕ Add a resume", callback_data=encode(Verb.RESUME_ADD))])
    lines.append("\nTo add another, tap ➕ or just upload a file.")
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def searchability_text(checks: list[Check]) -> str:
    """The ATS check under the optimized resume: passes on one line, each failure with its fix."""
    passed = [c.name.value for c in checks if c.ok]
    failed = [c for c in checks if not c.ok]
    lines = ["🔎 <b>Searchability</b> (what an applicant tracking system reads):"]
    if passed:
        lines.append("✅ " + escape(", ".join(passed)))
    lines += [f"⚠️ {escape(c.name.value)}: {escape(c.detail)}" for c in failed]
    return "\n".join(lines)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def resume_saved(resume: Resume, profile: ResumeProfile) -> tuple[str, InlineKeyboardMarkup]:
    """What was read from the resume, so a user sees at once if a file was misread."""
    role = "your primary resume" if resume.is_primary else "an extra resume (see /resume to switch)"
    bullets = sum(len(r.bullets) for r in profile.roles)
    counts = [
        _plural(len(profile.roles), "role"),
        _plural(bullets, "bullet"),
        _plural(len(profile.education), "degree"),
    ]
    if profile.certifications:
        counts.append(_plural(len(profile.certifications), "certification"))
    lines = [f"✅ Saved “{escape(resume.name)}” as {role}."]
    who = f"<b>{escape(profile.name)}</b> · " if profile.name else ""
    lines.append(f"I read: {who}{', '.join(counts)}.")
    for r in profile.roles[:5]:
        dates = f" ({escape(r.start or '')} – {escape(r.end or '')})" if r.start else ""
        employer = f" — {escape(r.employer)}" if r.employer else ""
        lines.append(f"• {escape(r.title)}{employer}{dates}: {_plural(len(r.bullets), 'bullet')}")
    if len(profile.roles) > 5:
        lines.append(f"• … and {len(profile.roles) - 5} more")
    lines.append("Looks right? Then paste a job description or a job link.")
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "✏️ Not right: paste it as text",
                    callback_data=encode(Verb.RESUME_FIX, resume.id),
                )
            ]
        ]
    )
    return "\n".join(lines), keyboard


SHORT_TEXT_HINT = (
    "That is too short for a job posting. Paste the whole job description (title, tasks, "
    "requirements) or send a link to it. To change a document, say which one, e.g. “make "
    "the cover letter shorter”. /help lists everything."
)
_DOCUMENT_NAMES = {
    "research_report": "research report",
    "optimized_resume": "optimized resume",
    "cover_letter": "cover letter",
}


def ask_intent(looks_like_resume: bool) -> tuple[str, InlineKeyboardMarkup]:
    question = (
        "This looks like a resume. Save it as a new resume?"
        if looks_like_resume
        else "Is this your resume or a job posting?"
    )
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "📄 My resume", callback_data=encode(Verb.INTENT, None, "resume")
                ),
                InlineKeyboardButton(
                    "📌 A job posting", callback_data=encode(Verb.INTENT, None, "posting")
                ),
            ]
        ]
    )
    return question, keyboard


def resume_already_stored(resume: Resume) -> str:
    return (
        f"This is your stored resume “{escape(resume.name)}”; nothing new to save. "
        "Paste a job posting (or a link) to compare it with a job."
    )


def no_document_for_request(kind: str) -> str:
    name = _DOCUMENT_NAMES.get(kind, "document")
    return (
        f"You have no {name} yet. Open a job in /applications and create it first; then "
        "tell me what to change."
    )


def request_accepted(app: Application, kind: str, created: bool) -> str:
    name = _DOCUMENT_NAMES.get(kind, "document")
    where = f"{app.role_title} at {app.company_name}"
    if not created:
        return f"The {name} for {where} is being written right now; I will send it when ready."
    return f"👍 Changing the {name} for {where} as you asked…"


POSTING_KEPT = (
    "This looks like a job posting, not a resume. I kept it: send your resume now (paste it "
    "or upload a PDF, DOCX or TXT) and I will add this job right after."
)


def similar_jobs(
    items: list[SimilarApplication], back_to: UUID
) -> tuple[str, InlineKeyboardMarkup]:
    """The user's own applications most like this one, each a button to its card."""
    lines = ["<b>Jobs like this one</b> (among your applications)"]
    rows = []
    for index, item in enumerate(items, 1):
        lines.append(
            f"{index}. {escape(item.role_title)} — {escape(item.company_name)}: "
            f"{item.similarity * 100:.0f}% similar"
        )
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
    weight = "an essential" if question.essential else "a desirable"
    text = (
        f"❓ <b>{escape(app.role_title)}</b> at {escape(app.company_name)} lists "
        f"<b>{escape(question.name)}</b> as {weight} requirement, and your resume does not "
        "show it. Have you done it?\n"
        f"<i>A “yes” lets the tailored resume and letter say so; a “no” is never claimed. "
        f"{question.remaining} gap(s) to go.</i>"
    )

    def button(label: str, choice: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            label, callback_data=encode(Verb.GAP, app.id, f"{choice}{question.index}")
        )

    keyboard = InlineKeyboardMarkup(
        [
            [button("✅ Yes, at work", "w"), button("📚 Yes, course/project", "c")],
            [button("❌ No", "n"), button("⏭ Skip", "s")],
            [InlineKeyboardButton("↩️ Card", callback_data=encode(Verb.OPEN, app.id))],
        ]
    )
    return text, keyboard


def gaps_done(app: Application, before: int | None, now: int) -> tuple[str, InlineKeyboardMarkup]:
    change = f"{before}% → <b>{now}%</b>" if before is not None and before != now else f"{now}%"
    text = (
        f"✅ No more gaps to ask about for {escape(app.role_title)} at "
        f"{escape(app.company_name)}. Match rate: {change}.\n"
        "Your answers are used the next time the resume or letter is written."
    )
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("↩️ Card", callback_data=encode(Verb.OPEN, app.id))]]
    )
    return text, keyboard
