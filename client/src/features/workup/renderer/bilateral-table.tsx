import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import {
  acceptedUnits,
  enteredOf,
  getItem,
  isEnabled,
  notDoneOf,
  SIDES,
  type AnswerMeta,
  type Answers,
  type GroupDefinition,
  type ItemDefinition,
  type PatientContext,
  type Side,
  type WorkupDefinition,
  type WorkupItem,
} from '@rls/shared';
import { useState, type ReactNode } from 'react';
import { unitLabel } from '@/utils/evaluation-format';
import { visuallyHidden } from '@/components/visually-hidden';
import { fieldId } from './a11y';
import { Control, type ControlProps } from './controls';
import { quantityName } from './format';
import { HelpButton, HelpText } from './help';
import { NotDoneState } from './not-done';

const SIDE_LABELS: Record<Side, string> = { left: 'Left', right: 'Right' };

interface BilateralTableProps {
  group: GroupDefinition;
  workup: WorkupDefinition;
  patient: PatientContext;
  answers: Answers;
  answerMeta: AnswerMeta;
  disabled: boolean;
  onChange: ControlProps['onChange'];
  /** Removes a not-done mark ("Undo" in the cell); marking is done from the list items. */
  onNotDone?: (code: string, reason: string | null) => void;
  onInvalid: ControlProps['onInvalid'];
  /** What is shown under a cell's control, e.g. the carried-answer note (`name`: "ABI, left"). */
  renderCarried?: (item: WorkupItem, name: string) => ReactNode;
}

/** The units the table's numbers may be typed in, when its rows offer more than one (reflux: ms, s). */
function tableUnits(group: GroupDefinition): string[] | undefined {
  const multi = group.items.find((def) => acceptedUnits(def).length > 1);
  return multi ? acceptedUnits(multi) : undefined;
}

/** Whether a row's numbers are typed in the table's chosen unit. */
function usesTableUnit(def: ItemDefinition, units: readonly string[] | undefined): boolean {
  return units !== undefined && acceptedUnits(def).join(' ') === units.join(' ');
}

/**
 * The unit a grid opens with: the one its stored values were entered in, when that is not the
 * canonical one (a report written in seconds), else the canonical one.
 */
function initialTableUnit(
  group: GroupDefinition,
  units: readonly string[],
  answerMeta: AnswerMeta,
): string | undefined {
  for (const def of group.items) {
    if (!usesTableUnit(def, units)) continue;
    for (const side of def.sides ?? []) {
      const unit = enteredOf(answerMeta[`${def.code}.${side}`])?.unit;
      if (unit !== undefined && unit !== units[0]) return unit;
    }
  }
  return units[0];
}

/**
 * One choice of unit for what is typed into the table ("Times in: ms | s"), instead of a unit select
 * per cell: a sonographer copies a whole report written in one unit. A stored value keeps showing
 * the unit it was entered in.
 */
function TableUnitToggle(props: {
  tableId: string;
  units: readonly string[];
  unit: string;
  onSelect: (unit: string) => void;
}) {
  const { tableId, units, unit, onSelect } = props;
  const labelId = `${tableId}-unit-label`;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1, px: 2, pb: 1 }}>
      <Typography id={labelId} variant="body2" sx={{ fontWeight: 600 }}>
        {quantityName(units[0])} in
      </Typography>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={unit}
        aria-labelledby={labelId}
        onChange={(_event, next: string | null) => {
          if (next !== null) onSelect(next);
        }}
      >
        {units.map((u) => (
          <ToggleButton key={u} value={u} sx={{ px: 1.5, py: 0.25, textTransform: 'none' }}>
            {unitLabel(u)}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <Typography variant="caption" color="textSecondary">
        for the values you type; each value keeps the unit it was entered in.
      </Typography>
    </Box>
  );
}

/**
 * Items with sides as a table: rows = items, columns = Left / Right. Each input is named by its row
 * and column headers (e.g. "Ankle reflex Left"). The duplex grid is the same table with a unit per
 * row (reflux ms, diameter mm), and one choice of unit for the rows that accept more than one
 * (reflux times in ms or s).
 */
export function BilateralTable(props: BilateralTableProps) {
  const { group, workup, patient, answers, answerMeta, disabled } = props;
  const tableId = `group-${group.id}`;
  const units = tableUnits(group);
  const [entryUnit, setEntryUnit] = useState(() =>
    units ? initialTableUnit(group, units, answerMeta) : undefined,
  );
  const rows = group.items
    .map((def) => ({
      def,
      cells: SIDES.map((side) => getItem(workup, `${def.code}.${side}`)).filter(
        (item): item is WorkupItem => item !== undefined,
      ),
    }))
    .filter((row) => row.cells.some((item) => isEnabled(item, answers, patient)));

  return (
    <Box sx={{ overflowX: 'auto' }}>
      {units && entryUnit !== undefined && !disabled && rows.some((r) => usesTableUnit(r.def, units)) ? (
        <TableUnitToggle tableId={tableId} units={units} unit={entryUnit} onSelect={setEntryUnit} />
      ) : null}
      <Table aria-labelledby={`${tableId}-heading`} sx={{ '& td, & th': { verticalAlign: 'top' } }}>
        <TableHead>
          <TableRow>
            <TableCell id={`${tableId}-item`} sx={{ width: '34%' }}>
              {group.layout === 'duplex-grid' ? 'Segment' : 'Item'}
            </TableCell>
            {SIDES.map((side) => (
              <TableCell key={side} id={`${tableId}-${side}`}>
                {SIDE_LABELS[side]}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(({ def, cells }) => (
            <BilateralRow
              key={def.code}
              {...props}
              def={def}
              cells={cells}
              tableId={tableId}
              entryUnit={usesTableUnit(def, units) ? entryUnit : undefined}
            />
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

function BilateralRow({
  def,
  cells,
  tableId,
  patient,
  answers,
  answerMeta,
  disabled,
  onChange,
  onNotDone,
  onInvalid,
  entryUnit,
  renderCarried,
}: BilateralTableProps & {
  def: ItemDefinition;
  cells: WorkupItem[];
  tableId: string;
  entryUnit: string | undefined;
}) {
  const [helpOpen, setHelpOpen] = useState(false);
  const rowId = fieldId(def.code, 'row');
  const helpId = fieldId(def.code, 'help');

  return (
    <TableRow>
      <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minHeight: 32 }}>
          <span id={rowId}>{def.label}</span>
          {def.help ? (
            <HelpButton
              label={def.label}
              open={helpOpen}
              onToggle={() => setHelpOpen((o) => !o)}
              controls={helpId}
            />
          ) : null}
        </Box>
        {def.help ? (
          <HelpText id={helpId} open={helpOpen}>
            {def.help}
          </HelpText>
        ) : null}
      </TableCell>
      {cells.map((item) => {
        const side = item.side ?? 'left';
        const name = `${def.label}, ${SIDE_LABELS[side].toLowerCase()}`;
        if (!isEnabled(item, answers, patient)) {
          return (
            <TableCell key={item.code}>
              <Typography component="span" color="textSecondary" aria-hidden>
                —
              </Typography>
              <Box component="span" sx={visuallyHidden}>
                {`${name}: not applicable`}
              </Box>
            </TableCell>
          );
        }
        const notDone = notDoneOf(answerMeta, item.code);
        if (notDone !== undefined) {
          return (
            <TableCell key={item.code} data-code={item.code}>
              <NotDoneState
                compact
                id={fieldId(item.code)}
                name={name}
                reason={notDone}
                onUndo={onNotDone ? () => onNotDone(item.code, null) : undefined}
              />
            </TableCell>
          );
        }
        return (
          <TableCell key={item.code} data-code={item.code}>
            <Control
              compact
              entryUnit={entryUnit}
              item={item}
              value={answers[item.code]}
              entered={enteredOf(answerMeta[item.code])}
              disabled={disabled}
              id={fieldId(item.code)}
              labelledBy={`${rowId} ${tableId}-${side}`}
              name={name}
              onChange={onChange}
              onInvalid={onInvalid}
            />
            {renderCarried?.(item, name)}
          </TableCell>
        );
      })}
    </TableRow>
  );
}
