"""Resume uploads: readable files are stored, everything else gets a clear answer and no row."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.documents.conftest import RESUME_TEXT, make_docx, make_pdf, make_png
from tests.e2e.helpers import ChatUser

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LONG_RESUME = RESUME_TEXT + "Skills: Python, asyncio, PostgreSQL, Docker, Kubernetes, Redis\n"


async def stored_resumes(user: ChatUser) -> list[str]:
    uid = await user.user_uuid()
    if uid is None:
        return []
    async with user.db.as_user(uid) as uow:
        return [r.content for r in await uow.resumes.all()]


@pytest.mark.parametrize(
    ("filename", "data", "mime"),
    [
        ("cv.pdf", make_pdf(LONG_RESUME.splitlines()), PDF),
        ("cv.docx", make_docx(), DOCX),
        ("cv.txt", LONG_RESUME.encode(), "text/plain"),
    ],
    ids=["pdf", "docx", "txt"],
)
async def test_readable_resume_is_stored(
    new_user: Callable[..., ChatUser], filename: str, data: bytes, mime: str
) -> None:
    user = new_user()
    after = user.upload(filename, data, mime)
    reply = await user.wait("Saved", after=after)
    assert "primary resume" in reply.content
    [content] = await stored_resumes(user)
    assert "Python" in content


@pytest.mark.parametrize(
    ("filename", "data", "mime", "size", "says"),
    [
        ("scan.pdf", make_pdf([], image=make_png(), pages=2), PDF, None, "scan"),
        ("empty.pdf", make_pdf([]), PDF, None, "find any text"),
        ("broken.pdf", b"%PDF-1.7\n\x00\xff garbage \x00" * 20, PDF, None, "damaged"),
        ("photo.png", make_png(), "image/png", None, "PDF, DOCX"),
        ("huge.pdf", b"%PDF-1.4 small", PDF, 25 * 1024 * 1024, "20 MB"),
    ],
    ids=["scanned", "empty", "corrupt", "png", "over-20mb"],
)
async def test_unusable_file_is_explained_and_not_stored(
    new_user: Callable[..., ChatUser],
    filename: str,
    data: bytes,
    mime: str,
    size: int | None,
    says: str,
) -> None:
    user = new_user()
    after = user.upload(filename, data, mime, file_size=size)
    reply = await user.wait("", after=after)
    assert says.lower() in reply.content.lower(), reply.content
    assert "Saved" not in reply.content and "went wrong" not in reply.content
    assert await stored_resumes(user) == []
