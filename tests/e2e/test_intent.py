"""The bot decides what a message is before it stores anything: the mistakes new users make
(a posting before the resume, the resume pasted twice, a request typed as text, a one-line
note) no longer become bogus job applications."""

from __future__ import annotations

from collections.abc import Callable

from tests.e2e.conftest import POSTING, RESUME, onboard
from tests.e2e.helpers import ChatUser

OTHER_RESUME = """Priya Natarajan
priya.natarajan@example.com · +44 7700 900123 · Leeds, UK

## Experience
Ward Sister (Band 7) — St James's University Hospital, Leeds (2019 – present)
- Lead a team of 28 nurses on a 30-bed acute medical ward
- Cut falls by 35% in 12 months with a new risk assessment routine

Staff Nurse (Band 5) — Leeds General Infirmary (2015 – 2019)
- Cared for up to 8 patients per shift on a respiratory ward

## Education
BSc (Hons) Adult Nursing, University of Salford, 2015
"""


async def _applications(user: ChatUser) -> int:
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        return len(await uow.applications.all_for_export())


async def test_posting_before_resume_is_kept_and_added_after_the_resume(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    after = user.send("/start")
    await user.wait("send me your resume", after=after)
    after = user.send(POSTING)
    await user.wait("I kept it", after=after)
    after = user.send(RESUME)
    await user.wait("I read:", after=after)
    card = await user.wait("Match rate", after=after)
    assert "Acme Analytics" in card.content
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        resumes = await uow.resumes.all()
    assert [r.content.splitlines()[0] for r in resumes] == ["Alex Rivera"]


async def test_the_same_resume_again_is_recognised_not_filed_as_a_job(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user, RESUME)
    after = user.send(RESUME)
    await user.wait("This is your stored resume", after=after)
    assert await _applications(user) == 0


async def test_another_resume_is_asked_about_and_saved_on_the_button(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user, RESUME)
    after = user.send(OTHER_RESUME)
    question = await user.wait("This looks like a resume", after=after)
    user.press(question, "My resume")
    await user.wait("I read:", after=question.message_id)
    assert await _applications(user) == 0


async def test_a_short_line_is_not_a_job(new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    await onboard(user, RESUME)
    after = user.send("Data Analyst at Nordlicht, Munich - looks interesting, thoughts?")
    await user.wait("too short for a job posting", after=after)
    assert await _applications(user) == 0


async def test_a_typed_request_changes_the_latest_letter(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user, RESUME)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    user.press(card, "Generate all")
    await user.wait("Cover letter ready", after=after, timeout=30)
    after = user.send("Can you make the cover letter for Acme shorter please?")
    await user.wait("Changing the cover letter for Senior Backend Engineer", after=after)
    await user.wait("Cover letter ready (version 2)", after=after, timeout=30)
    assert await _applications(user) == 1


async def test_feedback_the_offline_engine_cannot_apply_is_declined_out_loud(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user, RESUME)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    user.press(card, "Generate all")
    await user.wait("Cover letter ready", after=after, timeout=30)
    after = user.send("please write the cover letter in French")
    note = await user.wait("needs a language model", after=after, timeout=30)
    assert "French" in note.content
    assert "same text as version 1" in note.content  # and it says the text did not change
    # German it can do: the next version is a German letter.
    after = user.send("please write the cover letter in German")
    await user.wait("Cover letter ready (version 3)", after=after, timeout=30)
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        letters = [d for d in await uow.documents.all() if d.document_type == "cover_letter"]
    newest = max(letters, key=lambda d: d.version)
    assert newest.content.startswith("Sehr geehrte Damen und Herren,")
