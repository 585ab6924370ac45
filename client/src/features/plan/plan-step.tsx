import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { isMedicineOption } from '@rls/shared';
import type { Assessment, EvaluationDto, Plan, PlanMedication } from '@rls/shared';
import { CustomItems } from './components/custom-items';
import { FollowUpAndReview } from './components/follow-up-review';
import { MedicationCourse } from './components/medication-course';
import { OptionRow } from './components/option-row';
import {
  followUpAnchor,
  planOptionGroups,
  replaceCourseLine,
  staleSelections,
  toggleSelection,
} from './plan-options';

export interface PlanStepProps {
  evaluation: EvaluationDto;
  /** The live assessment of the current (also unsaved) answers. */
  assessment: Assessment;
  /** The current (also unsaved) plan. */
  plan: Plan;
  onPlanChange: (patch: Partial<Plan>) => void;
  readOnly: boolean;
}

/**
 * The clinician's plan: options the findings suggest (decision support, ticked by the clinician), the
 * treatment course of each ticked medicine (dose, unit, frequency, start date), own items, the
 * follow-up date and "Plan reviewed" (required for sign-off).
 */
export function PlanStep({ evaluation, assessment, plan, onPlanChange, readOnly }: PlanStepProps) {
  const groups = planOptionGroups(assessment);
  const stale = staleSelections(plan.selected, assessment);
  const selected = new Set(plan.selected);
  const lines = new Map(plan.medications.map((m) => [m.id, m]));
  const toggle = (id: string, checked: boolean) => {
    const next = toggleSelection(plan.selected, id, checked);
    // Unticking a medicine ends its course line in the same save.
    onPlanChange(
      !checked && lines.has(id)
        ? { selected: next, medications: replaceCourseLine(plan.medications, id, null) }
        : { selected: next },
    );
  };
  const setLine = (id: string, line: PlanMedication | null) =>
    onPlanChange({ medications: replaceCourseLine(plan.medications, id, line) });
  /** The course row under a ticked medicine option. */
  const course = (id: string) =>
    selected.has(id) && isMedicineOption(id) ? (
      <MedicationCourse
        optionId={id}
        line={lines.get(id)}
        readOnly={readOnly}
        onChange={(line) => setLine(id, line)}
      />
    ) : null;

  return (
    <Stack spacing={3}>
      <Box component="section" aria-labelledby="plan-options-heading">
        <Typography variant="h3" id="plan-options-heading">
          Options suggested by the findings
        </Typography>
        <Typography variant="body2" color="textSecondary" sx={{ mt: 0.5, mb: 1.5 }}>
          Decision support with the guideline and strength of each option. Tick what goes into the plan.
        </Typography>

        {groups.length === 0 ? (
          <Alert severity="info">
            No finding suggests a plan option yet. Complete the workup, or add your own plan items below.
          </Alert>
        ) : (
          <Stack spacing={1.5}>
            {groups.map((group) => {
              const headingId = `plan-group-${group.findingCode}`;
              return (
                <Paper
                  key={group.findingCode}
                  variant="outlined"
                  component="section"
                  aria-labelledby={headingId}
                >
                  <Typography variant="h4" id={headingId} sx={{ px: 2, pt: 1.5 }}>
                    {group.label}
                  </Typography>
                  <Box role="group" aria-labelledby={headingId} sx={{ px: 2, pb: 1 }}>
                    {group.options.map(({ suggestion, alsoSuggestedBy }) => (
                      <OptionRow
                        key={suggestion.id}
                        suggestion={suggestion}
                        alsoSuggestedBy={alsoSuggestedBy}
                        checked={selected.has(suggestion.id)}
                        disabled={readOnly}
                        onChange={(checked) => toggle(suggestion.id, checked)}
                      >
                        {course(suggestion.id)}
                      </OptionRow>
                    ))}
                  </Box>
                </Paper>
              );
            })}
          </Stack>
        )}

        {stale.length > 0 ? (
          <Alert severity="warning" sx={{ mt: 1.5 }} role="group" aria-labelledby="plan-stale-heading">
            <AlertTitle id="plan-stale-heading">
              Selected earlier, no longer suggested for the current answers
            </AlertTitle>
            <Typography variant="body2" sx={{ mb: 0.5 }}>
              The answers changed since these were ticked: a finding no longer applies, or an answer now rules
              the option out (for example pregnancy or a low ABI). They stay in the plan until you untick them
              — review each before signing.
            </Typography>
            {stale.map((item) => (
              <OptionRow
                key={item.id}
                stale
                suggestion={{ id: item.id, label: item.label, ...(item.reason ? { note: item.reason } : {}) }}
                alsoSuggestedBy={[]}
                checked
                disabled={readOnly}
                onChange={(checked) => toggle(item.id, checked)}
              >
                {course(item.id)}
              </OptionRow>
            ))}
          </Alert>
        ) : null}
      </Box>

      <CustomItems items={plan.custom} readOnly={readOnly} onChange={(custom) => onPlanChange({ custom })} />

      <FollowUpAndReview
        // Stored assessments of older evaluations have no `followUp`.
        suggested={assessment.followUp ?? null}
        // The server's start date (its time zone); older responses only carry `startedAt` (UTC).
        startDate={evaluation.startDate ?? evaluation.startedAt.slice(0, 10)}
        courseStart={followUpAnchor(plan)}
        followUpDate={plan.followUpDate}
        reviewed={plan.reviewed}
        readOnly={readOnly}
        onChange={onPlanChange}
      />
    </Stack>
  );
}
