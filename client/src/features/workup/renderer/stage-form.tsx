import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import {
  canMarkNotDone,
  enteredOf,
  IRLS_TOTAL_CODE,
  irlsItemSum,
  describeCondition,
  evaluateCondition,
  getItem,
  isEnabled,
  listItems,
  notDoneOf,
  type EnableWhen,
  type GroupDefinition,
  type StageId,
  type WorkupDefinition,
} from '@rls/shared';
import { carriedCodes } from '@/utils/carried';
import { LabImportBar } from '../lab-import/lab-import-bar';
import { useWorkspace } from '../workspace-context';
import { BilateralTable } from './bilateral-table';
import { CarriedGroupBar, CarriedNote, CarriedStageNotice, carriedMarkSx } from './carried';
import { formatValue } from './format';
import { ItemField } from './item-field';

/** "“Venous duplex performed” is Yes" for a simple condition; the shared wording otherwise. */
function conditionText(cond: EnableWhen, workup: WorkupDefinition): string {
  if ('item' in cond && (cond.op === 'eq' || cond.op === 'ne')) {
    const item = getItem(workup, cond.item);
    if (item) {
      const value = formatValue(workup, cond.item, cond.value);
      return `“${item.label}” is ${cond.op === 'ne' ? 'not ' : ''}${value}`;
    }
  }
  return describeCondition(cond);
}

/** A field focused by Tab is scrolled clear of the sticky app bar and steps bar (wide screens). */
const keepFocusInView = {
  '& input, & select, & textarea, & button': { scrollMarginTop: { lg: '150px' } },
};

/** A signed evaluation is read, not edited: its disabled fields keep full-contrast values. */
const readableWhenDisabled = {
  '& .MuiInputBase-input.Mui-disabled': { WebkitTextFillColor: 'inherit', color: 'text.primary' },
  '& .MuiInputBase-root.Mui-disabled': { color: 'text.primary' },
  '& .MuiFormControlLabel-label.Mui-disabled': { color: 'text.primary' },
  '& .Mui-disabled.Mui-checked': { color: 'primary.main' },
};

/** Every checklist screen: the stage's groups rendered from the workup definition. */
export function StageForm({ stage }: { stage: StageId }) {
  const { workup, readOnly, view, patientContext } = useWorkspace();
  const definition = workup.stages.find((s) => s.id === stage);
  if (!definition) return <Alert severity="error">This workup has no {stage} stage.</Alert>;
  const enabledCodes = listItems(workup)
    .filter((item) => item.stage === stage && isEnabled(item, view.answers, patientContext))
    .map((item) => item.code);
  return (
    <Stack spacing={2} sx={readOnly ? { ...keepFocusInView, ...readableWhenDisabled } : keepFocusInView}>
      {definition.help ? (
        <Typography variant="body2" color="textSecondary">
          {definition.help}
        </Typography>
      ) : null}
      <CarriedStageNotice codes={enabledCodes} />
      {stage === 'labs' ? <LabImportBar /> : null}
      {definition.groups.map((group) => (
        <GroupSection key={group.id} group={group} />
      ))}
    </Stack>
  );
}

function GroupSection({ group }: { group: GroupDefinition }) {
  const { workup, patientContext, view, readOnly, setAnswer, setNotDone, setInvalid } = useWorkspace();
  const headingId = `group-${group.id}-heading`;
  const groupEnabled = group.enableWhen
    ? evaluateCondition(group.enableWhen, view.answers, patientContext)
    : true;
  const items = listItems(workup).filter(
    (item) => item.group === group.id && isEnabled(item, view.answers, patientContext),
  );
  const carried = new Set(
    carriedCodes(
      view.answers,
      view.answerMeta,
      items.map((item) => item.code),
    ),
  );
  // Once the ten IRLS items are answered the total is their sum: shown, not typed.
  const irlsComputed =
    items.some((item) => item.code === IRLS_TOTAL_CODE) && irlsItemSum(workup, view.answers) !== null;

  let body;
  if (!groupEnabled && group.enableWhen) {
    body = (
      <Typography variant="body2" color="textSecondary" sx={{ px: 2, pb: 1.5 }}>
        Shown when {conditionText(group.enableWhen, workup)}.
      </Typography>
    );
  } else if (group.layout === 'list') {
    body = (
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(250px, 1fr))',
          columnGap: 3,
          rowGap: 1.5,
          px: 2,
          pb: 2,
        }}
      >
        {items.map((item) => (
          <Box
            key={item.code}
            sx={[
              { gridColumn: item.type === 'multi' || item.type === 'text' ? '1 / -1' : undefined },
              carried.has(item.code) && carriedMarkSx,
            ]}
          >
            <ItemField
              item={item}
              value={view.answers[item.code]}
              entered={enteredOf(view.answerMeta[item.code])}
              disabled={readOnly}
              computedNote={
                irlsComputed && item.code === IRLS_TOTAL_CODE
                  ? 'Computed from the ten item scores (their sum). Change an item score to change it.'
                  : undefined
              }
              notDone={notDoneOf(view.answerMeta, item.code)}
              onNotDone={!readOnly && canMarkNotDone(item) && !item.note ? setNotDone : undefined}
              onChange={setAnswer}
              onInvalid={setInvalid}
            />
            <CarriedNote code={item.code} name={item.label} />
          </Box>
        ))}
      </Box>
    );
  } else {
    body = (
      <BilateralTable
        group={group}
        workup={workup}
        patient={patientContext}
        answers={view.answers}
        answerMeta={view.answerMeta}
        disabled={readOnly}
        onChange={setAnswer}
        onNotDone={readOnly ? undefined : setNotDone}
        onInvalid={setInvalid}
        renderCarried={(item, name) => <CarriedNote code={item.code} name={name} />}
      />
    );
  }

  return (
    <Paper variant="outlined" component="section" aria-labelledby={headingId}>
      <Box sx={{ px: 2, pt: 1.5, pb: 1 }}>
        <Typography variant="h3" id={headingId}>
          {group.label}
        </Typography>
        {group.help ? (
          <Typography variant="body2" color="textSecondary" sx={{ mt: 0.25 }}>
            {group.help}
          </Typography>
        ) : null}
      </Box>
      {groupEnabled ? (
        <CarriedGroupBar codes={items.map((item) => item.code)} groupLabel={group.label} />
      ) : null}
      {body}
    </Paper>
  );
}
