-- depends: 0013.card-message
-- What a tracker needs from a posting besides the text: pay, closing date, contact person,
-- reference number, hiring process and the user's own notes. Read from the posting when it is
-- saved and editable from the card. One object rather than six columns: every key is optional
-- text, none is queried on its own, and new ones need no migration; the CHECK keeps it an
-- object so the code can always read it as one.
ALTER TABLE applications
    ADD COLUMN job_fields jsonb NOT NULL DEFAULT '{}'::jsonb
        CONSTRAINT applications_job_fields_object CHECK (jsonb_typeof(job_fields) = 'object');
