"""The files a user forwards to an employer, fetched through the real bot as a user would:
named after the person and the company, signed with the resume's name (not the Telegram
display name), and with the searchability check in the chat, never in the file."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
from pypdf import PdfReader

from playground.bot_api_models import SentMessage
from tests.e2e.conftest import POSTING, RESUME, onboard
from tests.e2e.helpers import ChatUser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


async def _file(user: ChatUser, message: SentMessage, label: str, ext: str) -> SentMessage:
    """Tap DOCX/PDF under a document and wait for the file the bot sends back."""
    after = user.mark()
    user.press(message, label)

    def arrived() -> SentMessage | None:
        for m in user.emulator.messages(user.telegram_id):
            if m.message_id > after and m.document and m.document.filename.endswith(ext):
                return m
        return None

    return await user.emulator.wait_for(arrived, 15)


async def test_resume_and_letter_files_as_an_employer_receives_them(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user("You")  # the Telegram display name must never sign a letter
    await onboard(user, RESUME)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    user.press(card, "Generate all")
    done = await user.wait_edit(card.message_id, "Cover letter ready", timeout=30)
    assert "Optimized resume ready" in done.content
    searchability = done.content.split("Searchability")[1]  # on the card, under the resume
    assert "✅" in searchability and "contact details" in searchability

    def three_documents() -> list[SentMessage] | None:
        found = [
            m
            for m in user.emulator.messages(user.telegram_id)
            if m.message_id > after and any("PDF" in b.text for b in m.buttons)
        ]
        return found if len(found) == 3 else None  # research report, resume, letter

    documents = await user.emulator.wait_for(three_documents, 15)
    resume_doc, letter_doc = documents[1], documents[2]

    pdf_msg = await _file(user, resume_doc, "PDF", ".pdf")
    assert pdf_msg.document is not None
    assert pdf_msg.document.filename == "Alex_Rivera_Resume_Acme_Analytics.pdf"
    reader = PdfReader(io.BytesIO(pdf_msg.document.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert text.splitlines()[0].strip() == "Alex Rivera"
    assert "Searchability" not in text and "similar past application" not in text

    letter_msg = await _file(user, letter_doc, "DOCX", ".docx")
    assert letter_msg.document is not None
    assert letter_msg.document.filename == "Alex_Rivera_Cover_Letter_Acme_Analytics.docx"
    paragraphs = [
        p.text
        for p in docx.Document(io.BytesIO(letter_msg.document.data)).paragraphs
        if p.text.strip()
    ]
    assert paragraphs[0] == "Alex Rivera" and paragraphs[-1] == "Alex Rivera"
    assert "You" not in paragraphs
    assert any(p.startswith("Application: ") for p in paragraphs)


async def test_what_was_read_is_shown_and_can_be_replaced_by_pasting(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    after = user.send("/start")
    await user.wait("send me your resume", after=after)
    after = user.send(RESUME)
    saved = await user.wait("I read:", after=after)
    assert "Alex Rivera" in saved.content and "2 roles, 7 bullets" in saved.content
    assert "Senior Software Engineer" in saved.content

    user.press(saved, "Not right")
    await user.wait("replace what I read", after=saved.message_id)
    fixed = RESUME.replace("Mentored 3 junior engineers", "Mentored 4 junior engineers")
    after = user.send(fixed)
    again = await user.wait("I read:", after=after)
    assert "primary resume" in again.content
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        resumes = await uow.resumes.all()
    assert len(resumes) == 1 and "Mentored 4 junior engineers" in resumes[0].content


async def test_many_resumes_are_paged_and_capped(new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    after = user.send("/start")
    await user.wait("send me your resume", after=after)
    after = user.send(RESUME)
    await user.wait("I read:", after=after)
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:  # 19 more, stored as the bot would store them
        for i in range(1, 20):
            await uow.resumes.add(f"Version {i}", f"{RESUME}\nVersion {i}\n", "paste")
    after = user.send("/resume")
    listing = await user.wait("Your resumes", after=after)
    assert "(page 1/3)" in listing.content and len(listing.content) < 4096
    user.press(listing, "More")
    await user.wait_edit(listing.message_id, "(page 2/3)")
    user.press(listing, "Add a resume")
    await user.wait("Paste the resume", after=listing.message_id)
    after = user.send(RESUME.replace("Alex Rivera", "Alex Rivera 21"))
    refused = await user.wait("the most I store", after=after)
    assert "nothing was saved" in refused.content


async def test_a_stored_resume_can_be_viewed(new_user: Callable[..., ChatUser]) -> None:
    user = new_user()
    await onboard(user, RESUME)
    after = user.send("/resume")
    listing = await user.wait("Your resumes", after=after)
    user.press(listing, "View 1")
    shown = await user.wait("Contoso Retail", after=listing.message_id)
    assert "Alex Rivera" in shown.content
    await user.wait("I read:", after=listing.message_id)


async def test_a_resume_is_renamed_and_the_list_tells_copies_apart(
    new_user: Callable[..., ChatUser],
) -> None:
    user = new_user()
    await onboard(user, RESUME)
    after = user.send("/resume")
    listing = await user.wait("Your resumes", after=after)
    assert "added" in listing.content
    user.press(listing, "View 1")
    read = await user.wait("I read:", after=listing.message_id)
    after = user.mark()
    user.press(read, "Rename")
    await user.wait("new name", after=after)
    after = user.send("CV – data roles <b>")
    renamed = await user.wait("Your resumes", after=after)
    assert "1. CV – data roles &lt;b&gt;" in renamed.content or "CV – data roles <b>" in (
        renamed.content
    )
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        assert [r.name for r in await uow.resumes.all()] == ["CV – data roles <b>"]
    # A name of 200 characters is refused in words and the old one stays.
    after = user.mark()
    user.press(read, "Rename")
    await user.wait("new name", after=after)
    after = user.send("x" * 200)
    refusal = await user.wait("", after=after)
    assert "80" in refusal.content
    async with user.db.as_user(uid) as uow:
        assert [r.name for r in await uow.resumes.all()] == ["CV – data roles <b>"]


async def test_a_new_primary_is_offered_to_open_applications_and_scores_them_again(
    new_user: Callable[..., ChatUser],
) -> None:
    """The card names the resume it uses once there are two; "Make primary" says how many
    open applications still use the other one, and moving them scores them again."""
    user = new_user()
    await onboard(user, RESUME)
    after = user.send(POSTING)
    card = await user.wait("Match rate", after=after)
    assert "📄 Resume:" not in card.content  # one resume: nothing to tell apart
    after = user.send("/resume")
    listing = await user.wait("Your resumes", after=after)
    user.press(listing, "Add a resume")
    await user.wait("Paste the resume", after=listing.message_id)
    data_resume = (FIXTURES / "resumes" / "02_data_analyst.md").read_text(encoding="utf-8")
    after = user.send(data_resume)
    await user.wait("extra resume", after=after)

    after = user.send("/resume")
    listing = await user.wait("Your resumes", after=after)
    user.press(listing, "Make 2 primary")
    offer = await user.wait("still uses another resume", after=listing.message_id)
    uid = await user.user_uuid()
    assert uid is not None
    async with user.db.as_user(uid) as uow:
        (before,) = await uow.applications.all_for_export()
    user.press(offer, "score again")
    scored = await user.wait_edit(offer.message_id, "Scored against your primary resume")
    async with user.db.as_user(uid) as uow:
        (now,) = await uow.applications.all_for_export()
        primary = await uow.resumes.primary()
    assert primary is not None and now.resume_id == primary.id != before.resume_id
    assert now.match_before is not None
    assert f"{before.match_before}% → <b>{now.match_before}%</b>" in scored.content or (
        f"{before.match_before}% → {now.match_before}%" in scored.content
    )
    user.press(card, "Stage")  # the card now names the resume it uses
    shown = await user.wait_edit(card.message_id, "📄 Resume:")
    assert primary.name in shown.content
    assert not [t for t in user.texts() if "went wrong" in t]
