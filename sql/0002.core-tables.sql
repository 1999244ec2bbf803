-- depends: 0001.extensions-and-roles
-- The seed's schema adapted for Telegram, with the defects of design-notes §1 fixed.

CREATE TYPE priority_level_type AS ENUM ('low', 'medium', 'high');
CREATE TYPE application_status_type AS ENUM (
    'draft', 'research_complete', 'resume_ready', 'cover_letter_ready'
);
CREATE TYPE application_stage_type AS ENUM (
    'saved', 'applied', 'interviewing', 'offer', 'rejected', 'withdrawn'
);
CREATE TYPE document_type_enum AS ENUM ('research_report', 'optimized_resume', 'cover_letter');
CREATE TYPE focus_area_type AS ENUM (
    'software_development', 'data_science', 'management', 'consulting', 'other'
);

-- Identity is the Telegram user id; no email or password.
CREATE TABLE users (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    telegram_id      bigint NOT NULL UNIQUE,
    chat_id          bigint NOT NULL,
    display_name     varchar(255) NOT NULL DEFAULT '',
    language_code    varchar(16),
    output_language  varchar(16) NOT NULL DEFAULT 'en',
    timezone         varchar(64) NOT NULL DEFAULT 'UTC',
    digest_frequency varchar(8) NOT NULL DEFAULT 'off'
        CHECK (digest_frequency IN ('off', 'daily', 'weekly')),
    digest_hour      smallint NOT NULL DEFAULT 9 CHECK (digest_hour BETWEEN 0 AND 23),
    digest_weekday   smallint NOT NULL DEFAULT 0 CHECK (digest_weekday BETWEEN 0 AND 6),
    next_digest_at   timestamptz,
    stalled_after_days smallint NOT NULL DEFAULT 7 CHECK (stalled_after_days BETWEEN 1 AND 90),
    blocked_at       timestamptz,
    pending_input    jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT timezone_not_empty CHECK (length(trim(timezone)) > 0)
);
CREATE INDEX idx_users_next_digest ON users (next_digest_at)
    WHERE digest_frequency <> 'off' AND blocked_at IS NULL;

CREATE TABLE user_resumes (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name           varchar(255) NOT NULL,
    content        text NOT NULL,
    content_sha256 char(64) NOT NULL,
    source         varchar(8) NOT NULL DEFAULT 'paste'
        CHECK (source IN ('paste', 'pdf', 'docx', 'txt')),
    focus_area     focus_area_type NOT NULL DEFAULT 'other',
    is_primary     boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT resume_name_not_empty CHECK (length(trim(name)) > 0),
    CONSTRAINT resume_content_min_length CHECK (length(content) >= 100),
    CONSTRAINT resume_content_max_length CHECK (length(content) <= 50000),
    CONSTRAINT user_resumes_id_user UNIQUE (id, user_id),
    CONSTRAINT user_resumes_no_duplicate UNIQUE (user_id, content_sha256)
);
-- Exactly one primary per user; any number of non-primary resumes.
CREATE UNIQUE INDEX uq_user_resumes_one_primary ON user_resumes (user_id) WHERE is_primary;
CREATE INDEX idx_user_resumes_user ON user_resumes (user_id, created_at DESC);

CREATE TABLE applications (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                   varchar(255) NOT NULL,
    company_name           varchar(255) NOT NULL,
    role_title             varchar(255) NOT NULL,
    job_url                text,
    job_description        text NOT NULL,
    posting_sha256         char(64) NOT NULL,
    location               varchar(255),
    remote                 varchar(8) CHECK (remote IN ('remote', 'hybrid', 'onsite')),
    priority_level         priority_level_type NOT NULL DEFAULT 'medium',
    status                 application_status_type NOT NULL DEFAULT 'draft',
    stage                  application_stage_type NOT NULL DEFAULT 'saved',
    stage_changed_at       timestamptz NOT NULL DEFAULT now(),
    resume_id              uuid,
    match_before           smallint CHECK (match_before BETWEEN 0 AND 100),
    match_after            smallint CHECK (match_after BETWEEN 0 AND 100),
    match_details          jsonb NOT NULL DEFAULT '{}'::jsonb,
    research_completed     boolean NOT NULL DEFAULT false,
    resume_optimized       boolean NOT NULL DEFAULT false,
    cover_letter_generated boolean NOT NULL DEFAULT false,
    last_activity_at       timestamptz NOT NULL DEFAULT now(),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    search_tsv             tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(company_name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(role_title, '')), 'A')
        || setweight(to_tsvector('english', job_description), 'C')
    ) STORED,
    CONSTRAINT job_description_min_length CHECK (length(job_description) >= 50),
    CONSTRAINT job_description_max_length CHECK (length(job_description) <= 20000),
    CONSTRAINT company_name_not_empty CHECK (length(trim(company_name)) > 0),
    CONSTRAINT role_title_not_empty CHECK (length(trim(role_title)) > 0),
    CONSTRAINT valid_job_url CHECK (job_url IS NULL OR job_url ~* '^https?://[^\s/$.?#].[^\s]*$'),
    CONSTRAINT resume_requires_research CHECK (NOT resume_optimized OR research_completed),
    CONSTRAINT cover_letter_requires_resume CHECK (NOT cover_letter_generated OR resume_optimized),
    CONSTRAINT applications_id_user UNIQUE (id, user_id),
    CONSTRAINT applications_no_duplicate UNIQUE (user_id, posting_sha256),
    CONSTRAINT applications_resume_same_user FOREIGN KEY (resume_id, user_id)
        REFERENCES user_resumes (id, user_id) ON DELETE SET NULL (resume_id)
);
CREATE INDEX idx_applications_user_created ON applications (user_id, created_at DESC);
CREATE INDEX idx_applications_user_stage ON applications (user_id, stage, last_activity_at);
CREATE INDEX idx_applications_search ON applications USING gin (search_tsv);

-- Versioned documents: regenerating adds a version and keeps the previous one.
CREATE TABLE documents (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL,
    application_id uuid NOT NULL,
    document_type  document_type_enum NOT NULL,
    version        integer NOT NULL CHECK (version >= 1),
    is_current     boolean NOT NULL DEFAULT true,
    content        text NOT NULL,
    feedback       text,
    model          varchar(128) NOT NULL DEFAULT '',
    job_id         uuid UNIQUE,
    removed_claims jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    search_tsv     tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
    CONSTRAINT content_min_length CHECK (length(content) >= 10),
    CONSTRAINT documents_id_user UNIQUE (id, user_id),
    CONSTRAINT documents_version_unique UNIQUE (application_id, document_type, version),
    CONSTRAINT documents_application_same_user FOREIGN KEY (application_id, user_id)
        REFERENCES applications (id, user_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX uq_documents_one_current ON documents (application_id, document_type)
    WHERE is_current;
CREATE INDEX idx_documents_user_updated ON documents (user_id, updated_at DESC);
CREATE INDEX idx_documents_search ON documents USING gin (search_tsv);

-- Vectors are stored zero-padded to 1536 dims with the model that made them;
-- only vectors of the same model are compared (design-notes §3).
CREATE TABLE job_embeddings (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL,
    application_id uuid NOT NULL,
    model          varchar(128) NOT NULL,
    dims           integer NOT NULL CHECK (dims BETWEEN 1 AND 1536),
    content_sha256 char(64) NOT NULL,
    embedding      vector(1536) NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_embeddings_one_per_model UNIQUE (application_id, model),
    CONSTRAINT job_embeddings_application_same_user FOREIGN KEY (application_id, user_id)
        REFERENCES applications (id, user_id) ON DELETE CASCADE
);
CREATE INDEX idx_job_embeddings_user_model ON job_embeddings (user_id, model);

CREATE TABLE document_embeddings (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL,
    document_id    uuid NOT NULL,
    model          varchar(128) NOT NULL,
    dims           integer NOT NULL CHECK (dims BETWEEN 1 AND 1536),
    embedding      vector(1536) NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT document_embeddings_one_per_model UNIQUE (document_id, model),
    CONSTRAINT document_embeddings_document_same_user FOREIGN KEY (document_id, user_id)
        REFERENCES documents (id, user_id) ON DELETE CASCADE
);
CREATE INDEX idx_document_embeddings_user_model ON document_embeddings (user_id, model);

-- Durable work queue: one row per generation step or embedding.
CREATE TABLE generation_jobs (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL,
    application_id uuid NOT NULL,
    kind           varchar(24) NOT NULL
        CHECK (kind IN ('research_report', 'optimized_resume', 'cover_letter', 'embed')),
    status         varchar(12) NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    feedback       text,
    chain          boolean NOT NULL DEFAULT false,
    attempts       integer NOT NULL DEFAULT 0,
    max_attempts   integer NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    last_error     text,
    error_retryable boolean NOT NULL DEFAULT true,
    run_after      timestamptz NOT NULL DEFAULT now(),
    locked_by      varchar(128),
    locked_until   timestamptz,
    chat_id        bigint,
    progress_message_id bigint,
    notified       boolean NOT NULL DEFAULT false,
    document_id    uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    CONSTRAINT generation_jobs_application_same_user FOREIGN KEY (application_id, user_id)
        REFERENCES applications (id, user_id) ON DELETE CASCADE
);
-- Pressing the same button twice starts one job.
CREATE UNIQUE INDEX uq_generation_jobs_active ON generation_jobs (application_id, kind)
    WHERE status IN ('queued', 'running');
CREATE INDEX idx_generation_jobs_claim ON generation_jobs (run_after)
    WHERE status IN ('queued', 'running');
CREATE INDEX idx_generation_jobs_user ON generation_jobs (user_id, created_at DESC);
CREATE INDEX idx_generation_jobs_unnotified ON generation_jobs (user_id)
    WHERE status IN ('done', 'failed') AND NOT notified;

CREATE TABLE reminders (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    application_id uuid,
    kind           varchar(12) NOT NULL DEFAULT 'custom' CHECK (kind IN ('custom', 'follow_up')),
    note           text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    due_at         timestamptz NOT NULL,
    status         varchar(12) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sent', 'done', 'cancelled')),
    claimed_until  timestamptz,
    sent_at        timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reminders_application_same_user FOREIGN KEY (application_id, user_id)
        REFERENCES applications (id, user_id) ON DELETE CASCADE
);
CREATE INDEX idx_reminders_due ON reminders (due_at) WHERE status = 'pending';
CREATE INDEX idx_reminders_user ON reminders (user_id, due_at);

-- One row per digest slot: the unique key is what makes a digest go out once.
CREATE TABLE digest_deliveries (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    due_at        timestamptz NOT NULL,
    status        varchar(12) NOT NULL DEFAULT 'claimed'
        CHECK (status IN ('claimed', 'sent', 'skipped')),
    claimed_until timestamptz,
    attempts      integer NOT NULL DEFAULT 1,
    sent_at       timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT digest_deliveries_once UNIQUE (user_id, due_at)
);
CREATE INDEX idx_digest_deliveries_retry ON digest_deliveries (claimed_until)
    WHERE status = 'claimed';

CREATE TABLE token_usage (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    application_id    uuid,
    job_id            uuid,
    purpose           varchar(32) NOT NULL,
    model             varchar(128) NOT NULL,
    prompt_tokens     integer NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
    completion_tokens integer NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
    cached_tokens     integer NOT NULL DEFAULT 0 CHECK (cached_tokens >= 0),
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT token_usage_application_same_user FOREIGN KEY (application_id, user_id)
        REFERENCES applications (id, user_id) ON DELETE SET NULL (application_id)
);
CREATE INDEX idx_token_usage_user_day ON token_usage (user_id, created_at DESC);

CREATE TRIGGER touch_users BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_user_resumes BEFORE UPDATE ON user_resumes
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_applications BEFORE UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_documents BEFORE UPDATE ON documents
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_generation_jobs BEFORE UPDATE ON generation_jobs
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_reminders BEFORE UPDATE ON reminders
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();
CREATE TRIGGER touch_digest_deliveries BEFORE UPDATE ON digest_deliveries
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();

-- Phase flags and status follow the documents that exist, on DELETE too (OLD, not NEW).
-- Each flag requires the previous one, so the phase-order constraints always hold.
CREATE OR REPLACE FUNCTION jf_update_application_phases() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    app_id uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.application_id ELSE NEW.application_id END;
    has_research boolean;
    has_resume boolean;
    has_letter boolean;
BEGIN
    SELECT bool_or(document_type = 'research_report'),
           bool_or(document_type = 'optimized_resume'),
           bool_or(document_type = 'cover_letter')
      INTO has_research, has_resume, has_letter
      FROM documents WHERE application_id = app_id;
    has_research := coalesce(has_research, false);
    has_resume := has_research AND coalesce(has_resume, false);
    has_letter := has_resume AND coalesce(has_letter, false);
    UPDATE applications SET
        research_completed = has_research,
        resume_optimized = has_resume,
        cover_letter_generated = has_letter,
        status = CASE
            WHEN has_letter THEN 'cover_letter_ready'
            WHEN has_resume THEN 'resume_ready'
            WHEN has_research THEN 'research_complete'
            ELSE 'draft'
        END::application_status_type,
        last_activity_at = now()
    WHERE id = app_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER documents_update_phases
    AFTER INSERT OR UPDATE OF document_type, application_id OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION jf_update_application_phases();
