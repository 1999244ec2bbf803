"""What a digest says: counts by stage, stalled applications with Continue, similar pairs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from bot.generation.offline import OfflineEngine
from bot.services.scheduler import Scheduler
from handlers.callbacks import Verb, encode
from playground.bot_api import BotApiEmulator
from storage.applications import posting_hash
from storage.database import Database
from storage.models import Application
from storage.urls import libpq_dsn
from tests.scheduling.conftest import DatabaseUrls, TgUser, digests, due_user

BACKEND = (
    "{company} is hiring a Senior Backend Engineer in Berlin. You will build Python services "
    "on PostgreSQL and Kubernetes, design REST APIs and mentor engineers. Must have: Python, "
    "SQL, Docker. Nice to have: Go."
)
DESIGN = (
    "Pixel Studio is looking for a Product Designer to shape mobile app experiences in Figma, "
    "run user research interviews and build a design system with illustrators."
)


async def add_app(
    db: Database, user: TgUser, company: str, role: str, posting: str, stage: str = "saved"
) -> Application:
    engine = OfflineEngine()
    async with db.as_user(user.id) as uow:
        app = await uow.applications.create(
            company=company,
            role=role,
            posting=posting,
            job_url=None,
            location=None,
            remote=None,
            resume_id=None,
        )
        if stage != "saved":
            await uow.applications.set_stage(app.id, stage)
        embedded = await engine.embed([f"{role}\n{posting}"])
        await uow.embeddings.save_for_application(
            app.id, embedded.model, embedded.vectors[0], posting_hash(posting)
        )
    return app


def age(fresh_db: DatabaseUrls, app: Application, days: int) -> None:
    """Time passes for one application (the owner may write last_activity_at directly)."""
    with psycopg.connect(libpq_dsn(fresh_db.owner_url), autocommit=True) as conn:
        conn.execute(
            "UPDATE applications SET last_activity_at = now() - make_interval(days => %s)"
            " WHERE id = %s",
            (days, app.id),
        )


async def test_the_digest_shows_counts_stalled_with_continue_reminders_and_similar_pairs(
    sdb: Database, fresh_db: DatabaseUrls, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    user = await due_user(sdb, emulator, datetime.now(UTC) - timedelta(minutes=1))
    acme = await add_app(
        sdb, user, "Acme", "Senior Backend Engineer", BACKEND.format(company="Acme")
    )
    globex = await add_app(
        sdb, user, "Globex", "Senior Backend Engineer", BACKEND.format(company="Globex"), "applied"
    )
    pixel = await add_app(sdb, user, "Pixel Studio", "Product Designer", DESIGN, "rejected")
    age(fresh_db, acme, 10)  # stalled: saved and untouched for 10 days (default is 7)
    age(fresh_db, pixel, 30)  # rejected: closed, so never "stalled"
    async with sdb.as_user(user.id) as uow:
        await uow.reminders.add(
            globex.id, datetime.now(UTC) + timedelta(days=2), note="Ping Globex"
        )

    scheduler: Scheduler = make_scheduler()
    assert (await scheduler.tick()).digests_sent == 1
    [text] = digests(emulator, user.telegram_id)
    [message] = [m for m in emulator.messages(user.telegram_id) if m.content == text]

    assert "saved: 1" in text and "applied: 1" in text and "rejected: 1" in text
    assert "interviewing" not in text  # empty stages are left out
    stalled = text.split("Stalled")[1].split("Reminders due")[0]
    assert "Senior Backend Engineer — Acme (saved)" in stalled
    assert "Globex" not in stalled and "Pixel" not in stalled
    assert [(b.text, b.callback_data) for b in message.buttons] == [
        ("Continue: Acme", encode(Verb.OPEN, acme.id))
    ]
    assert "Ping Globex" in text
    similar = text.split("Similar jobs")[1]
    assert "Globex ↔ Acme" in similar or "Acme ↔ Globex" in similar
    assert similar.count("↔") == 1  # a pair is listed once; the designer job is unlike both
    assert "Pixel" not in similar


async def test_a_user_without_applications_gets_a_short_digest(
    sdb: Database, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    user = await due_user(sdb, emulator, datetime.now(UTC) - timedelta(minutes=1))
    await make_scheduler().tick()
    [text] = digests(emulator, user.telegram_id)
    assert "No applications yet." in text
    assert "Stalled" not in text and "Similar" not in text


async def test_a_digest_with_many_long_items_still_fits_one_message(
    sdb: Database, fresh_db: DatabaseUrls, emulator: BotApiEmulator, make_scheduler: Any
) -> None:
    user = await due_user(sdb, emulator, datetime.now(UTC) - timedelta(minutes=1))
    long_name = "Very Long Company Name & Partners " * 7
    for i in range(6):
        app = await add_app(
            sdb, user, f"{long_name}{i}", "Principal " * 25, BACKEND.format(company=f"Co {i}")
        )
        age(fresh_db, app, 20)
    async with sdb.as_user(user.id) as uow:
        for i in range(15):
            await uow.reminders.add(
                None, datetime.now(UTC) + timedelta(days=1), note=f"Note {i} <b>" + "x" * 480
            )
    report = await make_scheduler().tick()
    assert report.digests_sent == 1, report.errors
    [text] = digests(emulator, user.telegram_id)
    assert len(text) <= 4096
    assert "more" in text  # the rest of the reminders is summarised, not dropped silently
