-- depends: 0016.upsert-own-chat-only
-- The tracker's interview stage (issue 14): an interview-prep document the user can ask for
-- once an application is at "interviewing", a reminder the day before the interview, and the
-- two dates a weekly summary counts: when the user applied and when the employer answered
-- (an interview, an offer or a rejection). Both are set once, by the first stage change that
-- implies them (storage/applications.py set_stage), and kept when the stage moves on.
ALTER TYPE document_type_enum ADD VALUE IF NOT EXISTS 'interview_prep';
ALTER TABLE reminders DROP CONSTRAINT reminders_kind_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_kind_check
    CHECK (kind IN ('custom', 'follow_up', 'interview'));
ALTER TABLE applications ADD COLUMN applied_at timestamptz;
ALTER TABLE applications ADD COLUMN responded_at timestamptz;
