-- The current schema, part 2 of 4: types, tables, constraints and indexes.
--
-- Every table but update_inbox belongs to one user: it has a user_id (users has its id), and
-- 04-access.sql lets the bot see only the rows of the user of the current transaction.
-- Tables that reference an application or a document carry the user_id too and point at it
-- with a composite foreign key (id, user_id), so a row can never hang off another user's
-- application even if the code passed the wrong id.
--
-- Column order is the order the migrations produced: a column added later by ALTER TABLE is
-- at the end of its table, and it is kept there here (the test compares positions too).
-- updated_at columns are maintained by the touch_* triggers in 03-functions.sql.

-- Enumerations (their values must match the Python vocabulary).
CREATE TYPE priority_level_type AS ENUM ('low', 'medium', 'high');
-- Derived, never written by the code: jf_update_application_phases sets it from the
-- documents that exist (03-functions.sql).
CREATE TYPE application_status_type AS ENUM (
    'draft', 'research_complete', 'resume_ready', 'cover_letter_ready'
);
-- Where the user is with the employer; set by the user.
CREATE TYPE application_stage_type AS ENUM (
    'saved', 'applied', 'interviewing', 'offer', 'rejected', 'withdrawn'
);
-- interview_prep (0017): built on request once an application is at "interviewing".
CREATE TYPE document_type_enum AS ENUM (
    'research_report', 'optimized_resume', 'cover_letter', 'interview_prep'
);
CREATE TYPE focus_area_type AS ENUM (
    'software_development', 'data_science', 'management', 'consulting', 'other'
);


-- ---------------------------------------------------------------------------------------
-- users: identity is the Telegram user id; no email, no password.
-- ---------------------------------------------------------------------------------------
CREATE TABLE users (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    telegram_id      bigint NOT NULL UNIQUE,
    chat_id          bigint NOT NULL,
    display_name     varchar(255) NOT NULL DEFAULT '',
    language_code    varchar(16),                      -- from the Telegram app
    output_language  varchar(16) NOT NULL DEFAULT 'en', -- language of generated documents
    timezone         varchar(64) NOT NULL DEFAULT 'UTC',
    digest_frequency varchar(8) NOT NULL DEFAULT 'off'
        CHECK (digest_frequency IN ('off', 'daily', 'weekly')),
    digest_hour      smallint NOT NULL DEFAULT 9 CHECK (digest_hour BETWEEN 0 AND 23),
    digest_weekday   smallint NOT NULL DEFAULT 0 CHECK (digest_weekday BETWEEN 0 AND 6),
    next_digest_at   timestamptz,                      -- the slot jf_claim_due_digests claims
    stalled_after_days smallint NOT NULL DEFAULT 7 CHECK (stalled_after_days BETWEEN 1 AND 90),
    blocked_at       timestamptz,                      -- the user blocked the bot: send nothing
    pending_input    jsonb NOT NULL DEFAULT '{}'::jsonb, -- what the next plain message answers
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- The language of the bot's own texts chosen in /settings (0012). NULL follows
    -- language_code: de, de-AT, de-CH read German, anything else English.
    interface_language varchar(8)
        CONSTRAINT users_interface_language_known CHECK (interface_language IN ('en', 'de')),
    CONSTRAINT timezone_not_empty CHECK (length(trim(timezone)) > 0)
);
-- The scheduler's scan for due digests touches only users who get one.
CREATE INDEX idx_users_next_digest ON users (next_digest_at)
    WHERE digest_frequency <> 'off' AND blocked_at IS NULL;


-- ---------------------------------------------------------------------------------------
-- user_resumes: the user's resumes; one of them is primary (the default for new steps).
-- ---------------------------------------------------------------------------------------
CREATE TABLE user_resumes (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name           varchar(255) NOT NULL,
    content        text NOT NULL,
    content_sha256 char(64) NOT NULL,     -- of the normalised text: the duplicate check
    source         varchar(8) NOT NULL DEFAULT 'paste'
        CHECK (source IN ('paste', 'pdf', 'docx', 'txt')),
    focus_area     focus_area_type NOT NULL DEFAULT 'other',
    is_primary     boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT resume_name_not_empty CHECK (length(trim(name)) > 0),
    CONSTRAINT resume_content_min_length CHECK (length(content) >= 100),
    CONSTRAINT resume_content_max_length CHECK (length(content) <= 50000),
    -- target of applications_resume_same_user
    CONSTRAINT user_resumes_id_user UNIQUE (id, user_id),
    CONSTRAINT user_resumes_no_duplicate UNIQUE (user_id, content_sha256)
);
-- Exactly one primary per user; any number of non-primary resumes. (Promoting another
-- resume when the primary is deleted is done in Python: storage/resumes.py.)
CREATE UNIQUE INDEX uq_user_resumes_one_primary ON user_resumes (user_id) WHERE is_primary;
CREATE INDEX idx_user_resumes_user ON user_resumes (user_id, created_at DESC);


-- ---------------------------------------------------------------------------------------
-- applications: one saved job posting and the user's progress on it.
-- ---------------------------------------------------------------------------------------
CREATE TABLE applications (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                   varchar(255) NOT NULL,
    company_name           varchar(255) NOT NULL,
    role_title             varchar(255) NOT NULL,
    job_url                text,
    job_description        text NOT NULL,
    posting_sha256         char(64) NOT NULL, -- of the normalised posting: the duplicate check
    location               varchar(255),
    remote                 varchar(8) CHECK (remote IN ('remote', 'hybrid', 'onsite')),
    priority_level         priority_level_type NOT NULL DEFAULT 'medium',
    -- status and the three step flags below are written only by the trigger
    -- jf_update_application_phases (03-functions.sql), from the documents that exist.
    status                 application_status_type NOT NULL DEFAULT 'draft',
    stage                  application_stage_type NOT NULL DEFAULT 'saved',
    stage_changed_at       timestamptz NOT NULL DEFAULT now(),
    resume_id              uuid,              -- the resume the steps use; NULL: the primary
    match_before           smallint CHECK (match_before BETWEEN 0 AND 100),
    match_after            smallint CHECK (match_after BETWEEN 0 AND 100),
    match_details          jsonb NOT NULL DEFAULT '{}'::jsonb,
    research_completed     boolean NOT NULL DEFAULT false,
    resume_optimized       boolean NOT NULL DEFAULT false,
    cover_letter_generated boolean NOT NULL DEFAULT false,
    last_activity_at       timestamptz NOT NULL DEFAULT now(),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    -- Full-text search over the posting; company and title weigh most.
    search_tsv             tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(company_name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(role_title, '')), 'A')
        || setweight(to_tsvector('english', job_description), 'C')
    ) STORED,
    -- The message that is this application's living card, edited in place while its steps
    -- run (0013). Both NULL until a card is first pressed or sent by the bot.
    card_chat_id           bigint,
    card_message_id        bigint,
    -- Pay, closing date, contact, reference, process, notes (0014): every key optional text,
    -- none queried on its own, so one object instead of six columns; the CHECK keeps it an
    -- object so the code can always read it as one.
    job_fields             jsonb NOT NULL DEFAULT '{}'::jsonb
        CONSTRAINT applications_job_fields_object CHECK (jsonb_typeof(job_fields) = 'object'),
    -- When the user applied and when the employer first answered (interview, offer or
    -- rejection), set once by the first stage change that implies them (0017); the weekly
    -- summary counts them.
    applied_at             timestamptz,
    responded_at           timestamptz,
    CONSTRAINT job_description_min_length CHECK (length(job_description) >= 50),
    CONSTRAINT job_description_max_length CHECK (length(job_description) <= 20000),
    CONSTRAINT company_name_not_empty CHECK (length(trim(company_name)) > 0),
    CONSTRAINT role_title_not_empty CHECK (length(trim(role_title)) > 0),
    CONSTRAINT valid_job_url CHECK (job_url IS NULL OR job_url ~* '^https?://[^\s/$.?#].[^\s]*$'),
    -- The steps run in order: research, then the tailored resume, then the cover letter.
    CONSTRAINT resume_requires_research CHECK (NOT resume_optimized OR research_completed),
    CONSTRAINT cover_letter_requires_resume CHECK (NOT cover_letter_generated OR resume_optimized),
    -- target of the composite foreign keys of documents, job_embeddings, generation_jobs,
    -- reminders and token_usage
    CONSTRAINT applications_id_user UNIQUE (id, user_id),
    CONSTRAINT applications_no_duplicate UNIQUE (user_id, posting_sha256),
    -- Deleting the resume keeps the application (back to the primary resume); SET NULL only
    -- on resume_id, since user_id is NOT NULL and shared with the row's owner.
    CONSTRAINT applications_resume_same_user FOREIGN KEY (resume_id, user_id)
        REFERENCES user_resumes (id, user_id) ON DELETE SET NULL (resume_id)
);
CREATE INDEX idx_applications_user_created ON applications (user_id, created_at DESC);
CREATE INDEX idx_applications_user_stage ON applications (user_id, stage, last_activity_at);
CREATE INDEX idx_applications_search ON applications USING gin (search_tsv);


-- ---------------------------------------------------------------------------------------
-- documents: generated documents, versioned. Regenerating adds a version and keeps the
-- previous one; exactly one version per (application, type) is current.
-- ---------------------------------------------------------------------------------------
CREATE TABLE documents (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL,
    application_id uuid NOT NULL,
    document_type  document_type_enum NOT NULL,
    version        integer NOT NULL CHECK (version >= 1),
    is_current     boolean NOT NULL DEFAULT true,
    content        text NOT NULL,
    feedback       text,                  -- what the user asked to change for this version
    model          varchar(128) NOT NULL DEFAULT '',
    job_id         uuid UNIQUE,           -- a retried job gets its document back, not a second
    removed_claims jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    search_tsv     tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
    CONSTRAINT content_min_length CHECK (length(content) >= 10),
    CONSTRAINT documents_id_user UNIQUE (id, user_id),   -- target of document_embeddings
    CONSTRAINT documents_version_unique UNIQUE (application_id, document_type, version),
    CONSTRAINT documents_application_same_user FOREIGN KEY (application_id, user_id)
        REFERENCES applications (id, user_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX uq_documents_one_current ON documents (application_id, document_type)
    WHERE is_current;
CREATE INDEX idx_documents_user_updated ON documents (user_id, updated_at DESC);
CREATE INDEX idx_documents_search ON documents USING gin (search_tsv);


-- ---------------------------------------------------------------------------------------
-- Embeddings for "similar jobs". Vectors are stored zero-padded to 1536 dims with the model
-- that made them; only vectors of the same model are compared. STORAGE PLAIN (0009): a
-- ~6 KB vector still fits a page, and keeping it inline instead of TOASTed made the exact
-- per-user scan 5x faster (bench/similar).
-- ---------------------------------------------------------------------------------------
CREATE TABLE job_embeddings (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL,
    application_id uuid NOT NULL,
    model          varchar(128) NOT NULL,
    dims           integer NOT NULL CHECK (dims BETWEEN 1 AND 1536),
    content_sha256 char(64) NOT NULL,     -- of the embedded text: unchanged text is not re-embedded
    embedding      vector(1536) STORAGE PLAIN NOT NULL,
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
    embedding      vector(1536) STORAGE PLAIN NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT document_embeddings_one_per_model UNIQUE (document_id, model),
    CONSTRAINT document_embeddings_document_same_user FOREIGN KEY (document_id, user_id)
        REFERENCES documents (id, user_id) ON DELETE CASCADE
);
CREATE INDEX idx_document_embeddings_user_model ON document_embeddings (user_id, model);


-- ---------------------------------------------------------------------------------------
-- generation_jobs: the durable work queue, one row per generation step or embedding.
-- Workers claim rows with jf_claim_jobs and keep them under a lease (locked_until).
-- ---------------------------------------------------------------------------------------
CREATE TABLE generation_jobs (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL,
    application_id uuid NOT NULL,
    kind           varchar(24) NOT NULL
        CHECK (kind IN ('research_report', 'optimized_resume', 'cover_letter', 'embed')),
    status         varchar(12) NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    feedback       text,
    chain          boolean NOT NULL DEFAULT false, -- "Generate all": a finished step queues the next
    attempts       integer NOT NULL DEFAULT 0,
    max_attempts   integer NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    last_error     text,
    error_retryable boolean NOT NULL DEFAULT true,
    run_after      timestamptz NOT NULL DEFAULT now(),
    locked_by      varchar(128),
    locked_until   timestamptz,                   -- the lease; expired: the worker died
    chat_id        bigint,                        -- where to announce the result; NULL: nowhere
    notified       boolean NOT NULL DEFAULT false, -- the user was told (jf_claim_unnotified_jobs)
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


-- ---------------------------------------------------------------------------------------
-- reminders: claimed by jf_claim_due_reminders under a lease (claimed_until).
-- ---------------------------------------------------------------------------------------
CREATE TABLE reminders (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    application_id uuid,
    kind           varchar(12) NOT NULL DEFAULT 'custom'
        CONSTRAINT reminders_kind_check CHECK (kind IN ('custom', 'follow_up', 'interview')),
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


-- ---------------------------------------------------------------------------------------
-- digest_deliveries: one row per digest slot. The unique key is what makes a digest go out
-- once, even with two schedulers; an expired claim (crash before the send) is retried.
-- ---------------------------------------------------------------------------------------
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


-- ---------------------------------------------------------------------------------------
-- token_usage: model tokens per call, for the daily budget. Append-only for the bot.
-- Deleting the application keeps the usage (it still counts against the budget).
-- ---------------------------------------------------------------------------------------
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


-- ---------------------------------------------------------------------------------------
-- user_facts: what a user told the bot about a gap a posting asked for ("Kubernetes: yes,
-- in a course project"; "NMC registration: no"). A yes counts as confirmed evidence for the
-- match and the documents; a no is remembered so it is not asked again.
-- ---------------------------------------------------------------------------------------
CREATE TABLE user_facts (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    skill      varchar(120) NOT NULL,
    has        boolean NOT NULL,
    detail     varchar(300) NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_facts_skill_not_empty CHECK (length(trim(skill)) > 0)
);
-- One answer per skill, whatever its capitalisation.
CREATE UNIQUE INDEX uq_user_facts_skill ON user_facts (user_id, lower(skill));


-- ---------------------------------------------------------------------------------------
-- update_inbox: the durable inbox of Telegram updates; system data, not one user's.
-- Every update is recorded before it is acknowledged (polling: before the next getUpdates
-- carries the higher offset; webhook: before the 200) and marked done after processing.
-- Unfinished updates are replayed on the next start; a done row stays a day as a tombstone
-- without its payload (Telegram redelivers an unacknowledged update for up to 24 h), so a
-- redelivery is recognised and dropped. The bot reaches it only through the jf_inbox_*
-- functions (03-functions.sql); the payload (message text) lives only while unfinished.
-- ---------------------------------------------------------------------------------------
CREATE TABLE update_inbox (
    bot_id      bigint NOT NULL,          -- update ids are per bot token
    update_id   bigint NOT NULL,
    fingerprint bytea NOT NULL,           -- sha256 of the update: a redelivery is identical
    payload     jsonb,                    -- NULL once done
    attempts    smallint NOT NULL DEFAULT 0,
    received_at timestamptz NOT NULL DEFAULT now(),
    done_at     timestamptz,
    PRIMARY KEY (bot_id, update_id),
    CONSTRAINT update_inbox_done_has_no_payload CHECK (done_at IS NULL OR payload IS NULL),
    CONSTRAINT update_inbox_open_has_payload CHECK (done_at IS NOT NULL OR payload IS NOT NULL)
);
CREATE INDEX idx_update_inbox_open ON update_inbox (bot_id, update_id) WHERE done_at IS NULL;
CREATE INDEX idx_update_inbox_done ON update_inbox (done_at) WHERE done_at IS NOT NULL;
