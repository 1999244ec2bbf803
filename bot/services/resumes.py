"""Storing a user's resumes from pasted text or an uploaded file."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from uuid import UUID

from bot.documents.reading import UnreadableDocument, extract_resume_text_isolated
from bot.generation.intent import Intent, read_intent
from bot.generation.match import compute_match
from bot.generation.resume_profile import ResumeProfile, analyze_resume
from bot.services.gaps import user_facts
from bot.services.problems import InputProblem, PasteWording, checked_text, clean_text
from bot.wording import N_
from storage.database import Database
from storage.models import Application, Resume
from storage.resumes import DuplicateResume

MAX_RESUMES = 20  # a person has a few versions, not hundreds; the list stays usable
MIN_RESUME_CHARS = 100
MAX_RESUME_CHARS = 50_000
MAX_NAME_CHARS = 80


def looks_like_posting(text: str) -> bool:
    """A pasted job ad where a resume was expected (a common first-time mistake)."""
    return read_intent(text).intent == Intent.POSTING


_PASTED_RESUME = PasteWording(
    empty=N_("That message is empty. Paste the resume, or see /help."),
    binary=N_("That does not look like a resume (it is not plain text)."),
    too_short=N_(
        "That is only {length} characters; a resume needs at least {minimum}. "
        "Paste the whole resume (experience, skills, education)."
    ),
    too_long=N_(
        "That is {length} characters; the limit is {maximum}. Trim it to the parts that matter."
    ),
)


def _default_name(content: str) -> str:
    first = next((line.strip("#*-_ ") for line in content.split("\n") if line.strip()), "")
    return (first[:60] or "Resume").strip() or "Resume"


@dataclass(frozen=True)
class Rescored:
    application: Application
    before: int | None  # the match against the resume it used until now
    now: int


class ResumeService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add_text(
        self,
        user_id: UUID,
        text: str,
        *,
        source: str = "paste",
        name: str | None = None,
        replace: UUID | None = None,
    ) -> Resume:
        """Store a resume; with `replace`, the text takes the place of that resume (the user
        said what was read from their file was wrong) and keeps its primary flag."""
        content = checked_text(
            text, min_chars=MIN_RESUME_CHARS, max_chars=MAX_RESUME_CHARS, wording=_PASTED_RESUME
        )
        if looks_like_posting(content):
            raise InputProblem(
                "This looks like a job posting, not a resume. Send your resume first "
                "(paste it or upload a file); then paste the posting.",
                code="posting_not_resume",
            )
        try:
            async with self._db.as_user(user_id) as uow:
                title = name or _default_name(content)
                if replace is not None:
                    replaced = await uow.resumes.replace(replace, title, content, source)
                    if replaced is not None:
                        return replaced
                if len(await uow.resumes.all()) >= MAX_RESUMES:
                    raise InputProblem(
                        "You already keep {count} resumes, the most I store. Delete one "
                        "in /resume first; nothing was saved.",
                        code="too_many_resumes",
                        count=MAX_RESUMES,
                    )
                return await uow.resumes.add(title, content, source)
        except DuplicateResume:
            raise InputProblem("You already stored this resume.", code="duplicate") from None

    async def add_file(
        self, user_id: UUID, filename: str, data: bytes, mime_type: str | None
    ) -> Resume:
        try:  # in a worker process with time and memory limits: never on the event loop
            content = await extract_resume_text_isolated(filename, data, mime_type)
        except UnreadableDocument as exc:
            raise InputProblem.of(exc, code=exc.reason) from None
        kind = filename.rsplit(".", 1)[-1].lower() if "." in filename else "txt"
        source = kind if kind in ("pdf", "docx") else "txt"
        return await self.add_text(user_id, content, source=source)

    async def stored_copy(self, user_id: UUID, text: str) -> Resume | None:
        """The stored resume with the same text (whitespace and case aside), if any."""
        async with self._db.as_user(user_id) as uow:
            return await uow.resumes.with_content(clean_text(text))

    async def reading(self, resume: Resume) -> ResumeProfile:
        """What was understood from a stored resume, to show the user right after saving."""
        return analyze_resume(resume.content)

    async def list(self, user_id: UUID) -> list[Resume]:
        async with self._db.as_user(user_id) as uow:
            return await uow.resumes.all()

    async def set_primary(self, user_id: UUID, resume_id: UUID) -> int | None:
        """Make it the default for new postings. Returns how many open applications still
        use another resume (the user is offered to move them), None if it is gone."""
        async with self._db.as_user(user_id) as uow:
            if not await uow.resumes.set_primary(resume_id):
                return None
            return len(await uow.applications.open_on_other_resume(resume_id))

    async def move_open_applications(self, user_id: UUID, resume_id: UUID) -> tuple[Rescored, ...]:
        """Point the open applications at this resume and score them again against it (the
        documents already written stay as they are; the next step uses the new resume)."""
        async with self._db.as_user(user_id) as uow:
            resume = await uow.resumes.get(resume_id)
            if resume is None:
                return ()
            facts = await user_facts(uow)
            moved = []
            for app in await uow.applications.open_on_other_resume(resume_id):
                report = compute_match(resume.content, app.job_description, facts)
                await uow.applications.update(app.id, resume_id=resume_id)
                await uow.applications.set_match(
                    app.id, before=report.score, details={"before": asdict(report)}
                )
                moved.append(Rescored(app, app.match_before, report.score))
        return tuple(moved)

    async def rename(self, user_id: UUID, resume_id: UUID, name: str) -> bool:
        """A name the user chose ("CV – data roles"), so copies are told apart by meaning."""
        name = " ".join(name.split())
        if not name or len(name) > MAX_NAME_CHARS:
            raise InputProblem(
                "Send a name of 1 to {limit} characters.", code="too_long", limit=MAX_NAME_CHARS
            )
        async with self._db.as_user(user_id) as uow:
            return await uow.resumes.rename(resume_id, name)

    async def delete(self, user_id: UUID, resume_id: UUID) -> bool:
        async with self._db.as_user(user_id) as uow:
            return await uow.resumes.delete(resume_id)
