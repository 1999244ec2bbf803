"""sql/schema/*.sql is exactly the schema that the migrations in sql/ produce.

Two empty databases on the test server: one gets every migration (storage.migrations.migrate,
as in production), the other gets the schema files, in file-name order, run by the same
owner. Their catalogs are then compared object by object; any difference fails with a
unified diff per kind of object ("-" what the migrations made, "+" what schema/ makes).

The role jobforge_bot is cluster-wide: whichever database is set up first creates it, and
both 0001 and schema/01-setup.sql create it only if missing (as for the session's test_db).
"""

from __future__ import annotations

import difflib
import os
import re
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from yoyo import read_migrations

from storage.migrations import SQL_DIR, create_database, drop_database, migrate
from storage.urls import libpq_dsn, with_database

SCHEMA_DIR = SQL_DIR / "schema"

# Everything below is about objects in schema `public` that were not created by an
# extension (pgvector's functions, types and operators are not ours) and are not yoyo's
# bookkeeping tables (_yoyo_log, _yoyo_migration, _yoyo_version, yoyo_lock).
_OURS = """
    n.nspname = 'public'
    AND NOT EXISTS (SELECT 1 FROM pg_depend dep
                     WHERE dep.classid = {catalog}::regclass AND dep.objid = {oid}
                       AND dep.deptype = 'e')
"""
_RELS = f"""
    SELECT c.oid, c.relname, c.relkind, c.relacl, c.relowner,
           c.relrowsecurity, c.relforcerowsecurity
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
       AND c.relname NOT LIKE '\\_yoyo%' AND c.relname <> 'yoyo_lock'
       AND {_OURS.format(catalog="'pg_class'", oid="c.oid")}
"""

# One query per kind of object; each row is (object name, description). Rows are sorted by
# name; the description is compared as text.
_QUERIES: dict[str, str] = {
    "extensions": """
        SELECT extname, 'version ' || extversion FROM pg_extension
    """,
    "schema grants": """
        SELECT n.nspname,
               coalesce(nullif(pg_get_userbyid(a.grantee), '-'), 'PUBLIC')
               || ' ' || a.privilege_type || CASE WHEN a.is_grantable THEN ' (grantable)' ELSE '' END
               || ' by ' || pg_get_userbyid(a.grantor)
          FROM pg_namespace n,
               aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
         WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
    """,
    "default privileges": """
        SELECT coalesce(defaclnamespace::regnamespace::text, '*') || ' ' || defaclobjtype::text,
               defaclacl::text
          FROM pg_default_acl
    """,
    "types": f"""
        SELECT t.typname,
               CASE t.typtype WHEN 'e' THEN 'enum ' || (
                        SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                          FROM pg_enum e WHERE e.enumtypid = t.oid)
                    ELSE 'typtype ' || t.typtype::text END
          FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE t.typtype IN ('e', 'd', 'r', 'm', 'b')
           AND NOT (t.typcategory = 'A' AND t.typelem <> 0)
           AND {_OURS.format(catalog="'pg_type'", oid="t.oid")}
    """,
    "relations": f"""
        SELECT r.relname,
               'relkind ' || r.relkind::text || ', owner ' || pg_get_userbyid(r.relowner)
               || ', row security ' || CASE WHEN r.relrowsecurity THEN 'ENABLED' ELSE 'off' END
               || ', ' || CASE WHEN r.relforcerowsecurity THEN 'FORCED' ELSE 'not forced' END
          FROM ({_RELS}) r
    """,
    # Position is the column's place among the live columns (a dropped column leaves a gap
    # in attnum that a fresh CREATE TABLE would not have).
    "columns": f"""
        SELECT r.relname || '.' || a.attname,
               '#' || row_number() OVER (PARTITION BY r.oid ORDER BY a.attnum)
               || ' ' || format_type(a.atttypid, a.atttypmod)
               || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
               || coalesce(CASE a.attgenerated WHEN '' THEN ' DEFAULT '
                                ELSE ' GENERATED (' || a.attgenerated::text || ') ' END
                           || pg_get_expr(d.adbin, d.adrelid), '')
               || CASE WHEN a.attidentity <> '' THEN ' IDENTITY ' || a.attidentity::text ELSE '' END
               || ' STORAGE ' || a.attstorage::text
               || CASE WHEN a.attcollation <> 0 THEN ' COLLATE ' || a.attcollation::regcollation
                       ELSE '' END
          FROM ({_RELS}) r
          JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    """,
    "constraints": f"""
        SELECT r.relname || '.' || c.conname, pg_get_constraintdef(c.oid)
               || CASE WHEN c.condeferrable THEN ' (deferrable)' ELSE '' END
          FROM ({_RELS}) r JOIN pg_constraint c ON c.conrelid = r.oid
    """,
    "indexes": f"""
        SELECT r.relname || '.' || i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
          FROM ({_RELS}) r JOIN pg_index i ON i.indrelid = r.oid
    """,
    "triggers": f"""
        SELECT r.relname || '.' || t.tgname,
               pg_get_triggerdef(t.oid) || ' (enabled ' || t.tgenabled::text || ')'
          FROM ({_RELS}) r JOIN pg_trigger t ON t.tgrelid = r.oid
         WHERE NOT t.tgisinternal
    """,
    "policies": """
        SELECT tablename || '.' || policyname,
               permissive || ' FOR ' || cmd || ' TO ' || array_to_string(roles, ', ')
               || ' USING ' || coalesce(qual, '-') || ' WITH CHECK ' || coalesce(with_check, '-')
          FROM pg_policies WHERE schemaname = 'public'
    """,
    "table grants": f"""
        SELECT r.relname,
               coalesce(nullif(pg_get_userbyid(a.grantee), '-'), 'PUBLIC')
               || ' ' || a.privilege_type || CASE WHEN a.is_grantable THEN ' (grantable)' ELSE '' END
               || ' by ' || pg_get_userbyid(a.grantor)
          FROM ({_RELS}) r, aclexplode(coalesce(r.relacl, acldefault('r', r.relowner))) a
    """,
    "column grants": f"""
        SELECT r.relname || '.' || att.attname, att.attacl::text
          FROM ({_RELS}) r JOIN pg_attribute att ON att.attrelid = r.oid
         WHERE att.attacl IS NOT NULL AND att.attnum > 0
    """,
    "function grants": f"""
        SELECT p.oid::regprocedure::text,
               coalesce(nullif(pg_get_userbyid(a.grantee), '-'), 'PUBLIC')
               || ' ' || a.privilege_type || CASE WHEN a.is_grantable THEN ' (grantable)' ELSE '' END
               || ' by ' || pg_get_userbyid(a.grantor)
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace,
               aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
         WHERE {_OURS.format(catalog="'pg_proc'", oid="p.oid")}
    """,
    # pg_get_functiondef: the header (language, volatility, SECURITY DEFINER, SET
    # search_path, return type) is generated from the catalog; the body is the text as
    # written, so it is normalised before the comparison (see _normalise_function).
    "functions": f"""
        SELECT p.oid::regprocedure::text,
               'owner ' || pg_get_userbyid(p.proowner) || E'\n' || pg_get_functiondef(p.oid)
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE p.prokind IN ('f', 'p')
           AND {_OURS.format(catalog="'pg_proc'", oid="p.oid")}
    """,
}


def _strip_line_comment(line: str) -> str:
    """Drop a `--` comment, unless the dashes are inside a '...' string literal."""
    in_string = False
    for i, char in enumerate(line):
        if char == "'":
            in_string = not in_string  # '' (an escaped quote) toggles twice: still inside
        elif char == "-" and not in_string and line.startswith("--", i):
            return line[:i]
    return line


def _normalise_function(definition: str) -> list[str]:
    """Comments, indentation and blank lines of a body are for readers; the rest must match."""
    lines = (" ".join(_strip_line_comment(line).split()) for line in definition.splitlines())
    return [line for line in lines if line]


def _catalog(url: str) -> dict[str, list[str]]:
    """Each kind of object as sorted text lines, one or more per object."""
    snapshot: dict[str, list[str]] = {}
    with psycopg.connect(libpq_dsn(url)) as conn:
        for kind, query in _QUERIES.items():
            lines: list[str] = []
            for name, description in sorted(conn.execute(query).fetchall()):
                if kind == "functions":
                    lines.extend(f"{name} | {line}" for line in _normalise_function(description))
                else:
                    lines.append(f"{name}: {description}")
            snapshot[kind] = lines
    return snapshot


def _apply_schema_files(url: str) -> list[str]:
    files = sorted(SCHEMA_DIR.glob("*.sql"))
    with psycopg.connect(libpq_dsn(url)) as conn:
        for path in files:
            try:
                # No parameters: psycopg sends the whole file as one simple query.
                conn.execute(path.read_text(encoding="utf-8"))
            except psycopg.Error as error:
                raise AssertionError(f"sql/schema/{path.name} failed: {error}") from error
    return [path.name for path in files]


@pytest.fixture
def two_databases(pg_server_url: str) -> Iterator[tuple[str, str]]:
    """(migrated, from schema files): empty databases with names unique to this run."""
    tag = f"{os.getpid()}_{uuid.uuid4().hex[:8]}"
    names = [f"jf_schema_migrated_{tag}", f"jf_schema_files_{tag}"]
    created: list[str] = []
    try:
        for name in names:
            create_database(pg_server_url, name)
            created.append(name)
        yield with_database(pg_server_url, names[0]), with_database(pg_server_url, names[1])
    finally:
        for name in created:
            drop_database(pg_server_url, name)


def test_schema_files_are_exactly_what_the_migrations_make(two_databases: tuple[str, str]):
    migrated_url, schema_url = two_databases
    report = migrate(migrated_url)
    files = _apply_schema_files(schema_url)
    assert report.applied and files[0] == "01-setup.sql", (report.applied, files)

    migrated, from_files = _catalog(migrated_url), _catalog(schema_url)

    # Guard against comparing two empty catalogs: the objects the bot cannot live without.
    assert len([line for line in migrated["relations"] if "relkind r" in line]) >= 12
    assert any(line.startswith("jf_claim_jobs(") for line in migrated["functions"])
    assert any("FORCED" in line for line in migrated["relations"])

    diffs = []
    for kind in _QUERIES:
        if migrated[kind] != from_files[kind]:
            diff = difflib.unified_diff(
                migrated[kind],
                from_files[kind],
                fromfile=f"{kind}: migrations {report.applied[0]} .. {report.applied[-1]}",
                tofile=f"{kind}: sql/schema/*.sql",
                lineterm="",
                n=1,
            )
            diffs.append("\n".join(diff))
    assert not diffs, (
        "sql/schema/ and the migrations disagree; update the schema file (or the migration):\n\n"
        + "\n\n".join(diffs)
    )


def test_the_migration_runner_does_not_read_schema_files():
    """yoyo reads the files directly in sql/, not sql/schema/: those are not migrations."""
    ids = sorted(migration.id for migration in read_migrations(str(SQL_DIR)))
    assert ids == sorted(path.stem for path in SQL_DIR.glob("*.sql"))
    assert all(re.fullmatch(r"\d{4}\.[a-z0-9-]+", i) for i in ids), ids
