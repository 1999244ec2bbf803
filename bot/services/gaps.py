"""Asking the user about the real gaps between a posting and their resume.

The match lists what the resume does not show. Some of it the person has done and simply
did not write down; asking ("The posting asks for Kubernetes. Have you used it?") lets
tailoring say it honestly, and a "no" is remembered so it is neither asked again nor ever
claimed. Answers are user facts (`user_facts`, under RLS); the evidence map counts a "yes"
as confirmed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from uuid import UUID

from bot.generation.evidence import Evidence, Fact
from bot.generation.match import compute_match
from bot.generation.requirements import RequirementKind
from storage.database import Database, UnitOfWork

_ASKABLE = (
    RequirementKind.SKILL,
    RequirementKind.CERTIFICATION,
    RequirementKind.LANGUAGE,
    RequirementKind.OTHER,
)
ANSWERS = {"w": (True, "at work"), "c": (True, "in a course or project"), "n": (False, "")}


@dataclass(frozen=True)
class GapQuestion:
    index: int  # position in the evidence map: stable for one posting and resume
    name: str
    essential: bool
    remaining: int


@dataclass(frozen=True)
class GapProgress:
    question: GapQuestion | None  # the next one, or None when all are answered
    score_before: int | None
    score_now: int


async def user_facts(uow: UnitOfWork) -> list[Fact]:
    """What the user confirmed or denied in ❓ Check my gaps, as the evidence map reads it."""
    return [Fact(f.skill, f.has, f.detail) for f in await uow.facts.all()]


def _open_gaps(evidence: list[Evidence], facts: list[Fact]) -> list[tuple[int, Evidence]]:
    answered = {f.skill.lower() for f in facts}
    gaps = [
        (i, e)
        for i, e in enumerate(evidence)
        if not e.met
        and e.requirement.kind in _ASKABLE
        and e.requirement.name.lower() not in answered
    ]
    return sorted(gaps, key=lambda pair: not pair[1].requirement.essential)


class GapService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def facts(self, user_id: UUID) -> list[Fact]:
        async with self._db.as_user(user_id) as uow:
            return await user_facts(uow)

    async def next_question(self, user_id: UUID, application_id: UUID) -> GapQuestion | None:
        async with self._db.as_user(user_id) as uow:
            app = await uow.applications.get(application_id)
            resume = await uow.resumes.for_application(app.resume_id) if app else None
            facts = await user_facts(uow)
        if app is None or resume is None:
            return None
        report = compute_match(resume.content, app.job_description, facts)
        return _first(_open_gaps(report.evidence, facts))

    async def answer(
        self, user_id: UUID, application_id: UUID, index: int, choice: str
    ) -> GapProgress | None:
        """Record the answer ("w" at work, "c" course, "n" no, "s" skip) and re-score."""
        async with self._db.as_user(user_id) as uow:
            app = await uow.applications.get(application_id)
            resume = await uow.resumes.for_application(app.resume_id) if app else None
            if app is None or resume is None:
                return None
            facts = await user_facts(uow)
            evidence = compute_match(resume.content, app.job_description, facts).evidence
            if not 0 <= index < len(evidence):
                return None
            order = [i for i, _ in _open_gaps(evidence, facts)]
            if choice in ANSWERS:
                has, detail = ANSWERS[choice]
                await uow.facts.record(evidence[index].requirement.name, has, detail)
                facts = await user_facts(uow)
            report = compute_match(resume.content, app.job_description, facts)
            await uow.applications.set_match(
                app.id, before=report.score, details={"before": asdict(report)}
            )
        later = set(order[order.index(index) + 1 :]) if index in order else set()
        rest = [(i, e) for i, e in _open_gaps(report.evidence, facts) if i in later]
        return GapProgress(_first(rest), app.match_before, report.score)


def _first(gaps: list[tuple[int, Evidence]]) -> GapQuestion | None:
    if not gaps:
        return None
    index, e = gaps[0]
    return GapQuestion(index, e.requirement.name, e.requirement.essential, len(gaps))
