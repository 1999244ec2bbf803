-- depends: 0014.job-fields
-- generation_jobs.progress_message_id was never read: the living card (sql/0013) is where a
-- step's progress is shown. Dropped so the schema says only what the code uses.
ALTER TABLE generation_jobs DROP COLUMN progress_message_id;
