"""One vocabulary: the Python enums and the values PostgreSQL accepts are the same sets,
so a stage, status or step that one side knows is never refused by the other."""

from __future__ import annotations

import re
from enum import StrEnum

import pytest
from sqlalchemy import text

from bot.services.settings import INTERFACE_LANGUAGES
from storage.database import Database
from storage.models import (
    DigestFrequency,
    DocumentKind,
    JobStatus,
    Priority,
    ReminderKind,
    Stage,
    Status,
    Step,
)

ENUM_TYPES: list[tuple[str, type[StrEnum]]] = [
    ("application_stage_type", Stage),
    ("application_status_type", Status),
    ("document_type_enum", DocumentKind),
    ("priority_level_type", Priority),
]
CHECKS: list[tuple[str, str, set[str]]] = [
    ("generation_jobs", "status", set(JobStatus)),
    ("generation_jobs", "kind", {*Step, "embed"}),
    ("users", "digest_frequency", set(DigestFrequency)),
    ("reminders", "kind", set(ReminderKind)),
    ("users", "interface_language", set(INTERFACE_LANGUAGES)),
]


@pytest.mark.parametrize(("type_name", "enum"), ENUM_TYPES)
async def test_postgres_enum_types_match(db: Database, type_name: str, enum: type[StrEnum]) -> None:
    async with db.engine.begin() as conn:
        labels = (
            (
                await conn.execute(
                    text(
                        "SELECT enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid"
                        " WHERE t.typname = :name ORDER BY e.enumsortorder"
                    ),
                    {"name": type_name},
                )
            )
            .scalars()
            .all()
        )
    assert list(labels) == [member.value for member in enum]


@pytest.mark.parametrize(("table", "column", "values"), CHECKS)
async def test_check_constraints_match(
    db: Database, table: str, column: str, values: set[str]
) -> None:
    async with db.engine.begin() as conn:
        definitions = (
            (
                await conn.execute(
                    text(
                        "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c"
                        " JOIN pg_class r ON r.oid = c.conrelid"
                        " WHERE r.relname = :table AND c.contype = 'c'"
                    ),
                    {"table": table},
                )
            )
            .scalars()
            .all()
        )
    mine = [d for d in definitions if re.search(rf"\(\(?{column}\)?\s*(?:::text\s*)?=\s*ANY", d)]
    assert len(mine) == 1, definitions
    assert set(re.findall(r"'([^']+)'", mine[0])) == values
