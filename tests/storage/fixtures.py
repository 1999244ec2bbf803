"""Small builders for storage tests."""

from __future__ import annotations

from uuid import UUID

from storage.database import Database
from storage.models import Application, Resume

RESUME = (
    "Jane Doe — Backend Engineer\n\nExperience\n- Built Python services on PostgreSQL at "
    "Initech (2019–2024)\n- Led a team of 4 engineers\n\nSkills: Python, SQL, Docker"
)
POSTING = (
    "Acme Corp is hiring a Senior Backend Engineer (Berlin, hybrid). You will build Python "
    "services on PostgreSQL and Kubernetes. Must have: Python, SQL. Nice to have: Go."
)


async def add_resume(db: Database, user_id: UUID, text: str = RESUME) -> Resume:
    async with db.as_user(user_id) as uow:
        return await uow.resumes.add("Main", text, "paste")


async def add_application(db: Database, user_id: UUID, posting: str = POSTING) -> Application:
    async with db.as_user(user_id) as uow:
        return await uow.applications.create(
            company="Acme Corp",
            role="Senior Backend Engineer",
            posting=posting,
            job_url=None,
            location="Berlin",
            remote="hybrid",
            resume_id=None,
        )
