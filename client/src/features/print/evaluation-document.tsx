import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { DUPLEX_PATHOLOGIC_TEXT, getItem, listItems, STAGE_IDS } from '@rls/shared';
import type { EvaluationDto, Patient, PlanMedication, TrendsDto, WorkupDefinition } from '@rls/shared';
import type { ReactNode } from 'react';
import { CautionList } from '@/components/caution-list';
import { TrendsTable } from '@/components/trends-table';
import { formatAnswer, formatDateTime, guidelineLabel, itemLabel } from '@/utils/evaluation-format';
import { ageInYears, formatDate } from '@/utils/format';
import { courseText, selectedOptions, type SelectedOption } from '@/utils/plan-selection';
import { hasTrendValues } from '@/utils/trends';
import { sexLabels, statusLabels } from '@/utils/labels';
import { evaluationVersionLabel } from '@/utils/version-labels';
import {
  keyValueRows,
  vascularTables,
  type KeyValueRow,
  type SideRow,
  type SideValue,
  type VascularTables,
} from './key-values';

export interface EvaluationDocumentProps {
  evaluation: EvaluationDto;
  patient: Pick<Patient, 'name' | 'mrn' | 'birthDate' | 'sex'>;
  workup: WorkupDefinition;
  /** Display name of a user id (signer, amendment author). */
  nameOf: (userId: string | null) => string;
  /** Adds every recorded answer, stage by stage. */
  includeAnswers?: boolean;
  /** ISO time printed in the header. */
  printedAt?: string;
  /** The patient's trends up to this evaluation, printed as a table when any value was measured. */
  trends?: TrendsDto;
  /** Evaluation ids, oldest first (the order of same-day rows of the trends). */
  visitOrder?: readonly string[];
}

// Print layout: content ≤ 180 mm wide fits A4 (210 − 2×15 mm) and Letter (8.5 in − 2×15 mm).
const keepTogether = { breakInside: 'avoid', pageBreakInside: 'avoid' } as const;

const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

const cellSx = {
  textAlign: 'left',
  verticalAlign: 'top',
  py: 0.5,
  pr: 2,
  borderBottom: 1,
  borderColor: 'divider',
} as const;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-labelledby={id} sx={{ mt: 3 }}>
      <Typography
        variant="h2"
        id={id}
        sx={{
          fontSize: '1.05rem',
          borderBottom: 2,
          borderColor: 'primary.main',
          pb: 0.25,
          mb: 1,
          breakAfter: 'avoid',
        }}
      >
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography component="dt" variant="caption" color="textSecondary" sx={{ display: 'block' }}>
        {label}
      </Typography>
      <Typography component="dd" sx={{ m: 0, fontWeight: 600 }}>
        {children}
      </Typography>
    </Box>
  );
}

type NameOf = EvaluationDocumentProps['nameOf'];

/** A table's column headings. */
function ColumnHeads({ headers }: { headers: readonly string[] }) {
  return (
    <thead>
      <tr>
        {headers.map((h) => (
          <Box
            component="th"
            key={h}
            scope="col"
            sx={{ ...cellSx, fontWeight: 600, color: 'text.secondary' }}
          >
            {h}
          </Box>
        ))}
      </tr>
    </thead>
  );
}

/** The evaluation as a printable report (also the read-only view of a signed version). */
export function EvaluationDocument({
  evaluation,
  patient,
  workup,
  nameOf,
  includeAnswers = false,
  printedAt,
  trends,
  visitOrder,
}: EvaluationDocumentProps) {
  return (
    <Box
      component="article"
      aria-labelledby="document-title"
      sx={{ maxWidth: '180mm', mx: 'auto', fontSize: '0.95rem' }}
    >
      <DocumentHeader evaluation={evaluation} workup={workup} printedAt={printedAt} />
      <PatientSection patient={patient} evaluationDate={evaluationDateOf(evaluation)} />
      <FindingsSection evaluation={evaluation} workup={workup} />
      <KeyValuesSection rows={keyValueRows(workup, evaluation.answers, evaluation.answerMeta)} />
      <VascularSection tables={vascularTables(workup, evaluation.answers, evaluation.answerMeta)} />
      {trends && hasTrendValues(trends) ? (
        <Section id="doc-trends" title="Trends">
          <TrendsTable
            trends={trends}
            visitOrder={visitOrder}
            label="Trends"
            sx={{ '& th, & td': { fontSize: '0.8rem', py: 0.25 }, '@media print': { overflowX: 'visible' } }}
          />
        </Section>
      ) : null}
      <PlanSection evaluation={evaluation} />
      {includeAnswers ? <RecordedAnswers evaluation={evaluation} workup={workup} /> : null}
      <SignatureSection evaluation={evaluation} nameOf={nameOf} />
      <AmendmentsSection amendments={evaluation.amendments} nameOf={nameOf} />
    </Box>
  );
}

function evaluationDateOf(evaluation: EvaluationDto): string {
  return evaluation.startedAt.slice(0, 10);
}

function DocumentHeader({
  evaluation,
  workup,
  printedAt,
}: Pick<EvaluationDocumentProps, 'evaluation' | 'workup' | 'printedAt'>) {
  return (
    <Box
      component="header"
      sx={{ display: 'grid', gridTemplateColumns: '1fr auto', columnGap: 2, alignItems: 'start' }}
    >
      <Box>
        <Typography variant="h1" id="document-title" sx={{ fontSize: '1.4rem' }}>
          RLS workup report
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {workup.title} · definition version {evaluation.workflowVersion}
          {evaluation.signedAt ? ` · ${evaluationVersionLabel(evaluation)}` : null}
        </Typography>
      </Box>
      <Box sx={{ textAlign: 'right' }}>
        <Typography sx={{ fontWeight: 700 }}>{statusLabels[evaluation.status]}</Typography>
        <Typography variant="body2" color="textSecondary">
          Started {formatDate(evaluationDateOf(evaluation))}
          {printedAt ? ` · printed ${formatDateTime(printedAt)}` : ''}
        </Typography>
      </Box>
    </Box>
  );
}

function PatientSection({
  patient,
  evaluationDate,
}: {
  patient: EvaluationDocumentProps['patient'];
  evaluationDate: string;
}) {
  const age = ageInYears(patient.birthDate, evaluationDate);
  return (
    <Section id="doc-patient" title="Patient">
      <Box
        component="dl"
        sx={{ m: 0, display: 'grid', gridTemplateColumns: '2fr 1.4fr 1.6fr 1fr', gap: 1.5 }}
      >
        <Field label="Name">{patient.name}</Field>
        <Field label="MRN">{patient.mrn}</Field>
        <Field label="Birth date">
          {formatDate(patient.birthDate)}
          {age !== null ? ` (${age} y)` : ''}
        </Field>
        <Field label="Sex">{sexLabels[patient.sex]}</Field>
      </Box>
    </Section>
  );
}

function FindingsSection({ evaluation, workup }: Pick<EvaluationDocumentProps, 'evaluation' | 'workup'>) {
  const { findings } = evaluation.assessment;
  return (
    <Section id="doc-findings" title="Findings">
      {findings.length === 0 ? (
        <Typography color="textSecondary">No findings from the recorded answers.</Typography>
      ) : (
        findings.map((finding) => (
          <Box key={finding.code} sx={{ ...keepTogether, mb: 1.25 }}>
            <Typography variant="h3" sx={{ fontSize: '1rem' }}>
              {finding.label}
            </Typography>
            <Typography variant="body2">{finding.text}</Typography>
            {finding.evidence.length > 0 ? (
              <Typography variant="body2" color="textSecondary">
                Evidence:{' '}
                {finding.evidence.map((e) => e.display ?? formatAnswer(workup, e.code, e.value)).join('; ')}
              </Typography>
            ) : null}
          </Box>
        ))
      )}
    </Section>
  );
}

const FLAG_TEXT = { H: 'H (high)', L: 'L (low)' } as const;

function KeyValuesSection({ rows }: { rows: KeyValueRow[] }) {
  return (
    <Section id="doc-values" title="Key values">
      {rows.length === 0 ? (
        <Typography color="textSecondary">No IRLS score or lab values recorded.</Typography>
      ) : (
        <Box
          component="table"
          aria-labelledby="doc-values"
          sx={{ width: '100%', borderCollapse: 'collapse' }}
        >
          <ColumnHeads headers={['Value', 'Result', 'Reference', 'Flag']} />
          <tbody>
            {rows.map((row) => (
              <KeyValueLine key={row.code} row={row} />
            ))}
          </tbody>
        </Box>
      )}
    </Section>
  );
}

function KeyValueLine({ row }: { row: KeyValueRow }) {
  return (
    <Box component="tr" sx={keepTogether}>
      <Box component="th" scope="row" sx={{ ...cellSx, fontWeight: 400 }}>
        {row.label}
      </Box>
      <Box component="td" sx={{ ...cellSx, fontWeight: 600 }}>
        {row.value}
        {row.note ? (
          <Box component="span" sx={{ fontWeight: 400, color: 'text.secondary' }}>
            {` (${row.note})`}
          </Box>
        ) : null}
      </Box>
      <Box component="td" sx={cellSx}>
        {row.reference}
      </Box>
      <Box component="td" sx={{ ...cellSx, fontWeight: 700 }}>
        {row.flag ? FLAG_TEXT[row.flag] : ''}
      </Box>
    </Box>
  );
}

/** The duplex reflux table beside the ankle- and toe-brachial indices. */
function VascularSection({ tables }: { tables: VascularTables }) {
  const { duplex, indices } = tables;
  return (
    <Section id="doc-vascular" title="Vascular studies">
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', sm: 'minmax(0, 1fr) auto' },
          columnGap: 3,
          rowGap: 2,
          alignItems: 'start',
        }}
      >
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="h3" id="doc-duplex" sx={{ fontSize: '0.95rem', mb: 0.5 }}>
            Venous duplex: reflux time
          </Typography>
          {duplex.performed === true ? (
            <>
              <SideTable labelledBy="doc-duplex" first="Segment" rows={duplex.rows} />
              <Typography variant="caption" component="p" color="textSecondary" sx={{ mt: 0.5 }}>
                <Box component="span" aria-hidden sx={{ fontWeight: 700 }}>
                  ▲
                </Box>{' '}
                Pathologic (SVS-VV-2022): {DUPLEX_PATHOLOGIC_TEXT}.
                {duplex.thrombosis ? ` Thrombosis seen: ${duplex.thrombosis}.` : ''}
              </Typography>
            </>
          ) : (
            <Typography color="textSecondary">
              {duplex.performed === false ? 'Not performed.' : 'Not recorded.'}
            </Typography>
          )}
        </Box>
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="h3" id="doc-indices" sx={{ fontSize: '0.95rem', mb: 0.5 }}>
            Ankle- and toe-brachial index
          </Typography>
          <SideTable labelledBy="doc-indices" first="Index" rows={indices} withReference />
        </Box>
      </Box>
    </Section>
  );
}

function SideTable({
  labelledBy,
  first,
  rows,
  withReference = false,
}: {
  labelledBy: string;
  first: string;
  rows: SideRow[];
  withReference?: boolean;
}) {
  const headers = [first, 'Left', 'Right', ...(withReference ? ['Reference'] : [])];
  return (
    <Box component="table" aria-labelledby={labelledBy} sx={{ width: '100%', borderCollapse: 'collapse' }}>
      <ColumnHeads headers={headers} />
      <tbody>
        {rows.map((row) => (
          <Box component="tr" key={row.code} sx={keepTogether}>
            <Box component="th" scope="row" sx={{ ...cellSx, fontWeight: 400 }}>
              {row.label}
            </Box>
            <SideCell value={row.left} />
            <SideCell value={row.right} />
            {withReference ? (
              <Box component="td" sx={cellSx}>
                {row.reference}
              </Box>
            ) : null}
          </Box>
        ))}
      </tbody>
    </Box>
  );
}

/** A value; a pathologic one bold with ▲ (duplex) or its H/L flag (indices), in words for readers. */
function SideCell({ value }: { value: SideValue }) {
  return (
    <Box component="td" sx={{ ...cellSx, fontWeight: value.marked ? 700 : 400 }}>
      <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
        {value.text}
      </Box>
      {value.marked ? (
        value.flag ? (
          <>
            {' '}
            <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
              {FLAG_TEXT[value.flag]}
            </Box>
          </>
        ) : (
          <>
            <Box component="span" aria-hidden>
              {' ▲'}
            </Box>
            <Box component="span" sx={visuallyHidden}>
              {' (pathologic)'}
            </Box>
          </>
        )
      ) : null}
    </Box>
  );
}

function PlanSection({ evaluation }: { evaluation: EvaluationDto }) {
  const { plan } = evaluation;
  return (
    <Section id="doc-plan" title="Plan">
      {plan.selected.length + plan.custom.length === 0 ? (
        <Typography color="textSecondary">No plan items.</Typography>
      ) : (
        <Box component="ol" sx={{ m: 0, pl: 3 }}>
          {selectedOptions(plan.selected, evaluation.assessment).map((option) => (
            <PlanOption
              key={option.id}
              option={option}
              course={plan.medications.find((m) => m.id === option.id)}
            />
          ))}
          {plan.custom.map((item) => (
            <Box component="li" key={`custom-${item}`} sx={keepTogether}>
              {item}
            </Box>
          ))}
        </Box>
      )}
      <Box component="dl" sx={{ m: 0, mt: 1.5, display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Field label="Follow-up">{plan.followUpDate ? formatDate(plan.followUpDate) : 'None planned'}</Field>
        <Field label="Plan reviewed">{plan.reviewed ? 'Yes' : 'No'}</Field>
      </Box>
    </Section>
  );
}

/** A selected option with its grading, its treatment course, why it is no longer offered, and its cautions. */
function PlanOption({ option, course }: { option: SelectedOption; course: PlanMedication | undefined }) {
  const grading = option.suggestion
    ? [guidelineLabel(option.suggestion), option.suggestion.strength].filter(Boolean).join(', ')
    : '';
  return (
    <Box component="li" sx={keepTogether}>
      {option.label}
      {grading ? (
        <Typography component="span" variant="body2" color="textSecondary">
          {` — ${grading}`}
        </Typography>
      ) : null}
      {option.offered ? null : (
        <Typography component="span" variant="body2" sx={{ fontStyle: 'italic' }}>
          {' '}
          ({option.reason ?? 'no longer suggested for the current answers'})
        </Typography>
      )}
      {course ? (
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          Course: {courseText(course)}
        </Typography>
      ) : null}
      <CautionList
        cautions={option.cautions}
        variant="plain"
        label={`Cautions for ${option.label}`}
        sx={{ mt: 0.25, mb: 0.5 }}
      />
    </Box>
  );
}

function SignatureSection({ evaluation, nameOf }: { evaluation: EvaluationDto; nameOf: NameOf }) {
  return (
    <Section id="doc-signature" title="Signature">
      <Box sx={keepTogether}>
        {evaluation.signedAt ? (
          <Typography>
            Electronically signed by <strong>{nameOf(evaluation.signedBy)}</strong> on{' '}
            <strong>{formatDateTime(evaluation.signedAt)}</strong> ({evaluationVersionLabel(evaluation)}).
          </Typography>
        ) : (
          <>
            <Typography sx={{ fontWeight: 700 }}>Not signed</Typography>
            <Box sx={{ display: 'flex', gap: 4, mt: 4, flexWrap: 'wrap' }}>
              <Box sx={{ flex: '2 1 70mm', borderTop: 1, pt: 0.5 }}>
                <Typography variant="caption">Signature</Typography>
              </Box>
              <Box sx={{ flex: '1 1 35mm', borderTop: 1, pt: 0.5 }}>
                <Typography variant="caption">Date</Typography>
              </Box>
            </Box>
          </>
        )}
      </Box>
    </Section>
  );
}

function AmendmentsSection({
  amendments,
  nameOf,
}: {
  amendments: EvaluationDto['amendments'];
  nameOf: NameOf;
}) {
  if (amendments.length === 0) return null;
  return (
    <Section id="doc-amendments" title="Amendment notes">
      <Box component="ul" sx={{ m: 0, pl: 3 }}>
        {amendments.map((a, index) => (
          <Box component="li" key={a.id} sx={keepTogether}>
            Amendment {index + 1}, opened {formatDateTime(a.at)} by {nameOf(a.by)} — reason: {a.reason}
          </Box>
        ))}
      </Box>
    </Section>
  );
}

/** Every recorded answer and every item marked not done, stage by stage, in definition order. */
function RecordedAnswers({ evaluation, workup }: { evaluation: EvaluationDto; workup: WorkupDefinition }) {
  const recorded = new Set([
    ...Object.keys(evaluation.answers),
    ...Object.keys(evaluation.answerMeta).filter(
      (code) => evaluation.answerMeta[code]?.notDone !== undefined,
    ),
  ]);
  const codes = listItems(workup)
    .map((item) => item.code)
    .filter((code) => recorded.has(code));
  return (
    <Section id="doc-answers" title="Recorded answers">
      {STAGE_IDS.map((stage) => {
        const inStage = codes.filter((code) => getItem(workup, code)?.stage === stage);
        if (inStage.length === 0) return null;
        const stageLabel = workup.stages.find((s) => s.id === stage)?.label ?? stage;
        return (
          <Box key={stage} sx={{ mb: 1.5 }}>
            <Typography variant="h3" sx={{ fontSize: '1rem', mb: 0.5 }}>
              {stageLabel}
            </Typography>
            <Box component="table" sx={{ width: '100%', borderCollapse: 'collapse' }}>
              <tbody>
                {inStage.map((code) => (
                  <Box component="tr" key={code} sx={keepTogether}>
                    <Box component="th" scope="row" sx={{ ...cellSx, fontWeight: 400, width: '55%' }}>
                      {itemLabel(workup, code)}
                    </Box>
                    <Box component="td" sx={{ ...cellSx, fontWeight: 600, whiteSpace: 'pre-line' }}>
                      {formatAnswer(workup, code, evaluation.answers[code], evaluation.answerMeta[code])}
                    </Box>
                  </Box>
                ))}
              </tbody>
            </Box>
          </Box>
        );
      })}
    </Section>
  );
}
