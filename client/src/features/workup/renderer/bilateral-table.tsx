import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  enteredOf,
  getItem,
  isEnabled,
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
import { useState } from 'react';
import { fieldId, visuallyHidden } from './a11y';
import { Control, type ControlProps } from './controls';
import { HelpButton, HelpText } from './help';

const SIDE_LABELS: Record<Side, string> = { left: 'Left', right: 'Right' };

interface BilateralTableProps {
  group: GroupDefinition;
  workup: WorkupDefinition;
  patient: PatientContext;
  answers: Answers;
  answerMeta: AnswerMeta;
  disabled: boolean;
  onChange: ControlProps['onChange'];
  onInvalid: ControlProps['onInvalid'];
}

/**
 * Items with sides as a table: rows = items, columns = Left / Right. Each input is named by its row
 * and column headers (e.g. "Ankle reflex Left"). The duplex grid is the same table with a unit per
 * row (reflux ms, diameter mm).
 */
export function BilateralTable(props: BilateralTableProps) {
  const { group, workup, patient, answers } = props;
  const tableId = `group-${group.id}`;
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
            <BilateralRow key={def.code} {...props} def={def} cells={cells} tableId={tableId} />
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
  onInvalid,
}: BilateralTableProps & { def: ItemDefinition; cells: WorkupItem[]; tableId: string }) {
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
        return (
          <TableCell key={item.code} data-code={item.code}>
            <Control
              compact
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
          </TableCell>
        );
      })}
    </TableRow>
  );
}
