-- depends: 0009.vectors-stored-inline
-- What a user told the bot about a gap a posting asked for ("Kubernetes: yes, in a course
-- project"; "NMC registration: no"). The evidence map counts a yes as confirmed, so the
-- match and the tailored documents may use it; a no is remembered so it is not asked again.
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
CREATE UNIQUE INDEX uq_user_facts_skill ON user_facts (user_id, lower(skill));
CREATE TRIGGER touch_user_facts BEFORE UPDATE ON user_facts
    FOR EACH ROW EXECUTE FUNCTION jf_touch_updated_at();

ALTER TABLE user_facts ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_facts FORCE ROW LEVEL SECURITY;
CREATE POLICY user_facts_own_rows ON user_facts FOR ALL TO jobforge_bot
    USING (user_id = (SELECT jf_current_user_id()))
    WITH CHECK (user_id = (SELECT jf_current_user_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON user_facts TO jobforge_bot;
