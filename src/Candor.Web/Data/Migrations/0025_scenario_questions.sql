-- An organisation's own scenario questions (issue 12): system design, API design, behavioural and sales/marketing
-- exercises with the points a strong answer covers and the probes to follow up with.
--
-- Only custom questions live here. The system questions shipped with Candor are embedded JSON in the assembly
-- (Features/ScenarioQuestions/Library), not rows with a null organisation: so every row below belongs to exactly one
-- organisation and the DbContext's tenant filter covers the table with no "or organization_id is null" exception
-- that a later query could get wrong.
CREATE TABLE custom_scenario_questions (
    id                     uuid PRIMARY KEY,
    organization_id        uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    title                  text NOT NULL,
    prompt                 text NOT NULL,
    scenario_type          text NOT NULL CHECK (scenario_type IN ('system_design', 'api_design', 'behavioural', 'sales_marketing')),
    difficulty             text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    applicable_stage_types text[] NOT NULL CHECK (
        cardinality(applicable_stage_types) > 0
        AND applicable_stage_types <@ ARRAY['technical_ai_assisted', 'ai_conversational', 'behavioural']::text[]),
    rubric_points          jsonb NOT NULL,
    follow_up_probes       jsonb NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now()
);

-- Lists page through an organisation's questions oldest first.
CREATE INDEX custom_scenario_questions_org_created ON custom_scenario_questions (organization_id, created_at, id);
