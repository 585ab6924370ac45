import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  STAGE_IDS,
  type Assessment,
  type Evidence,
  type Finding,
  type FindingCause,
  type PendingEntry,
  type StageId,
  type Suggestion,
  type WorkupDefinition,
} from '@rls/shared';
import { memo, useDeferredValue } from 'react';
import { CautionList } from '@/components/caution-list';
import { TextLink } from '@/components/link';
import { formatAnswer, guidelineLabel, itemLabel } from '@/utils/evaluation-format';
import { cautionsOf } from '@/utils/plan-selection';
import { stepLabels } from '../steps';
import { useWorkspace } from '../workspace-context';
import { pendingLines } from './pending';

const causeLabels: Record<FindingCause, string> = {
  diagnosis: 'Diagnosis',
  severity: 'Severity',
  iron: 'Iron',
  hematology: 'Haematology',
  renal: 'Kidney',
  metabolic: 'Metabolic',
  neuro: 'Neurological',
  drugs: 'Medicines and substances',
  sleep: 'Sleep',
  pregnancy: 'Pregnancy',
  venous: 'Venous',
  arterial: 'Arterial',
};

/** Findings by cause, causes in the order their first finding appears (diagnosis first). */
function groupByCause(findings: Finding[]): { cause: FindingCause; findings: Finding[] }[] {
  const groups = new Map<FindingCause, Finding[]>();
  for (const finding of findings) groups.set(finding.cause, [...(groups.get(finding.cause) ?? []), finding]);
  return [...groups].map(([cause, list]) => ({ cause, findings: list }));
}

/** An evidence line as the rules wrote it, else the answer with its item's label (never its code). */
function evidenceDisplay(workup: WorkupDefinition, evidence: Evidence): string {
  return (
    evidence.display ??
    `${itemLabel(workup, evidence.code)}: ${formatAnswer(workup, evidence.code, evidence.value)}`
  );
}

function evidenceText(workup: WorkupDefinition, finding: Finding): string {
  return finding.evidence.map((e) => evidenceDisplay(workup, e)).join(' · ');
}

function SuggestionLine({ suggestion }: { suggestion: Suggestion }) {
  return (
    <Box component="li" sx={{ mb: 0.25 }}>
      <Typography variant="body2" component="span">
        {suggestion.label}
      </Typography>{' '}
      <Typography variant="caption" component="span" color="textSecondary">
        — {[guidelineLabel(suggestion), suggestion.strength].filter(Boolean).join(' · ')}
      </Typography>
      <CautionList
        cautions={cautionsOf(suggestion)}
        // The narrow panel beside the form: icon and text without the box, to stay light.
        variant="plain"
        dense
        label={`Cautions for ${suggestion.label}`}
        sx={{ mt: 0.25 }}
      />
    </Box>
  );
}

function CompactFinding({ finding, workup }: { finding: Finding; workup: WorkupDefinition }) {
  return (
    <Box component="li" sx={{ py: 1, borderTop: 1, borderColor: 'divider', listStyle: 'none' }}>
      <Typography variant="body2" sx={{ fontWeight: 700 }}>
        {finding.label}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {finding.text}
      </Typography>
      {finding.evidence.length > 0 ? (
        <Typography variant="caption" component="p" sx={{ mt: 0.25 }}>
          <Box component="span" sx={{ fontWeight: 600 }}>
            Evidence:
          </Box>{' '}
          {evidenceText(workup, finding)}
        </Typography>
      ) : null}
      {finding.suggestions.length > 0 ? (
        <Box component="ul" aria-label={`Suggestions for ${finding.label}`} sx={{ m: 0, mt: 0.5, pl: 2.25 }}>
          {finding.suggestions.map((s) => (
            <SuggestionLine key={s.id} suggestion={s} />
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

function stagesWithPending(
  assessment: Assessment,
  except?: StageId,
): { stage: StageId; entries: PendingEntry[] }[] {
  return STAGE_IDS.filter((stage) => stage !== except)
    .map((stage) => ({ stage, entries: assessment.pendingByStage[stage] ?? [] }))
    .filter((s) => s.entries.length > 0);
}

/** One stage's pending entries: the items it still needs, by label, and what for. */
function PendingEntries({ entries, workup }: { entries: PendingEntry[]; workup: WorkupDefinition }) {
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.25 }}>
      {pendingLines(workup, entries).map((line) => (
        <Typography component="li" variant="body2" key={line.items.join('|')}>
          {line.items.join(', ')}
          {line.purpose ? (
            <Typography component="span" variant="body2" color="textSecondary">
              {` — for ${line.purpose}`}
            </Typography>
          ) : null}
        </Typography>
      ))}
    </Box>
  );
}

/** "Why incomplete": what each stage still needs before its findings can be decided. */
function PendingList({
  assessment,
  workup,
  evaluationId,
  headingLevel,
  except,
}: {
  assessment: Assessment;
  workup: WorkupDefinition;
  evaluationId: string;
  headingLevel: 'h3' | 'h4';
  /** A stage listed elsewhere (the current one, at the top of the panel). */
  except?: StageId;
}) {
  const stages = stagesWithPending(assessment, except);
  if (stages.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {except
          ? 'Nothing pending in the other steps.'
          : 'Nothing pending: every finding has the answers it needs.'}
      </Typography>
    );
  }
  return (
    <Stack spacing={1}>
      {stages.map(({ stage, entries }) => (
        <Box key={stage}>
          <Typography variant="body2" component={headingLevel} sx={{ fontWeight: 600 }}>
            <TextLink to="/evaluations/$evaluationId/$step" params={{ evaluationId, step: stage }}>
              {stepLabels[stage]}
            </TextLink>
          </Typography>
          <PendingEntries entries={entries} workup={workup} />
        </Box>
      ))}
    </Stack>
  );
}

/**
 * The live assessment beside every stage: the findings the current answers (saved or not) produce,
 * with evidence and suggestions, and why the assessment is still incomplete.
 */
export function AssessmentPanel({ stage }: { stage?: StageId }) {
  const { assessment, readOnly, evaluation, workup } = useWorkspace();
  // Typing stays responsive: the panel catches up at low priority.
  const deferred = useDeferredValue(assessment);
  return (
    <AssessmentPanelView
      assessment={deferred}
      workup={workup}
      readOnly={readOnly}
      evaluationId={evaluation.id}
      stage={stage}
    />
  );
}

const AssessmentPanelView = memo(function AssessmentPanelView({
  assessment,
  workup,
  readOnly,
  evaluationId,
  stage,
}: {
  assessment: Assessment;
  workup: WorkupDefinition;
  readOnly: boolean;
  evaluationId: string;
  /** The checklist stage on screen: what it still needs comes first. */
  stage: StageId | undefined;
}) {
  const here = stage ? (assessment.pendingByStage[stage] ?? []) : [];
  return (
    <Paper component="section" variant="outlined" aria-labelledby="assessment-panel-heading" sx={{ p: 2 }}>
      <Typography variant="h2" id="assessment-panel-heading">
        Assessment
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p" sx={{ mb: 1 }}>
        {readOnly ? 'As signed.' : 'Live from the current answers, saved or not.'}
      </Typography>
      {stage && here.length > 0 && !readOnly ? (
        <Box
          component="section"
          aria-labelledby="assessment-still-needed"
          sx={{ mb: 1, p: 1, borderRadius: 1, bgcolor: 'action.hover' }}
        >
          <Typography variant="h3" id="assessment-still-needed" sx={{ fontSize: '0.9rem', mb: 0.25 }}>
            Still needed in {stepLabels[stage]}
          </Typography>
          <PendingEntries entries={here} workup={workup} />
        </Box>
      ) : null}
      {assessment.findings.length === 0 ? (
        <Typography variant="body2" color="textSecondary" sx={{ mb: 1 }}>
          No findings yet.
        </Typography>
      ) : (
        <Box component="ul" aria-label="Findings" sx={{ m: 0, p: 0, mb: 1 }}>
          {assessment.findings.map((finding) => (
            <CompactFinding key={finding.code} finding={finding} workup={workup} />
          ))}
        </Box>
      )}
      <Typography variant="h3" sx={{ fontSize: '0.95rem', mt: 1, mb: 0.5 }}>
        Why incomplete
      </Typography>
      <PendingList
        assessment={assessment}
        workup={workup}
        evaluationId={evaluationId}
        headingLevel="h4"
        except={here.length > 0 && !readOnly ? stage : undefined}
      />
    </Paper>
  );
});

/** The 'assessment' step: the same, full width, findings grouped by cause. */
export function AssessmentOverview() {
  const { assessment, readOnly, evaluation, workup } = useWorkspace();
  const groups = groupByCause(assessment.findings);
  return (
    <Box component="section" aria-labelledby="assessment-overview-heading">
      <Typography variant="h2" id="assessment-overview-heading" sx={{ mb: 0.5 }}>
        Assessment
      </Typography>
      <Typography variant="body2" color="textSecondary" sx={{ mb: 2 }}>
        {readOnly
          ? 'Findings as signed, with their evidence and the options they suggest.'
          : 'Findings of the current answers (saved or not), with their evidence and the options they suggest. Suggestions are decision support; choose what goes into the plan in the Plan step.'}
      </Typography>
      <Stack spacing={2}>
        {groups.length === 0 ? (
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Typography variant="body2">No findings yet.</Typography>
          </Paper>
        ) : (
          groups.map(({ cause, findings }) => (
            <Paper
              key={cause}
              variant="outlined"
              component="section"
              aria-labelledby={`cause-${cause}`}
              sx={{ p: 2 }}
            >
              <Typography variant="h3" id={`cause-${cause}`} sx={{ mb: 1 }}>
                {causeLabels[cause]}
              </Typography>
              <Stack spacing={2}>
                {findings.map((finding) => (
                  <FullFinding key={finding.code} finding={finding} workup={workup} />
                ))}
              </Stack>
            </Paper>
          ))
        )}
        <Paper variant="outlined" component="section" aria-labelledby="why-incomplete" sx={{ p: 2 }}>
          <Typography variant="h3" id="why-incomplete" sx={{ mb: 1 }}>
            Why incomplete
          </Typography>
          <PendingList
            assessment={assessment}
            workup={workup}
            evaluationId={evaluation.id}
            headingLevel="h4"
          />
        </Paper>
      </Stack>
    </Box>
  );
}

function FullFinding({ finding, workup }: { finding: Finding; workup: WorkupDefinition }) {
  return (
    <Box>
      <Typography variant="h4" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        {finding.label}
      </Typography>
      <Typography variant="body2" sx={{ mt: 0.25 }}>
        {finding.text}
      </Typography>
      {finding.evidence.length > 0 ? (
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mt: 0.75, alignItems: 'center' }}>
          <Typography variant="caption" sx={{ fontWeight: 600, mr: 0.5 }}>
            Evidence
          </Typography>
          {finding.evidence.map((e) => (
            <Chip key={e.code} variant="outlined" label={evidenceDisplay(workup, e)} />
          ))}
        </Box>
      ) : null}
      {finding.suggestions.length > 0 ? (
        <Table aria-label={`Suggestions for ${finding.label}`} sx={{ mt: 1 }}>
          <TableHead>
            <TableRow>
              <TableCell>Suggested option</TableCell>
              <TableCell>Guideline</TableCell>
              <TableCell>Strength</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {finding.suggestions.map((s) => (
              <TableRow key={s.id}>
                <TableCell>
                  {s.label}
                  {s.note ? (
                    <Typography variant="caption" component="p" color="textSecondary">
                      {s.note}
                    </Typography>
                  ) : null}
                  <CautionList cautions={cautionsOf(s)} label={`Cautions for ${s.label}`} sx={{ mt: 0.5 }} />
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{guidelineLabel(s) ?? '—'}</TableCell>
                <TableCell>{s.strength}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Box>
  );
}
