import {
  ABI_REFERENCE_RANGE,
  getItem,
  irlsBandLabel,
  labFlag,
  listItems,
  referenceRangeText,
  tsatOf,
} from '@rls/shared';
import type { AnswerMeta, Answers, LabFlag, WorkupDefinition, WorkupItem } from '@rls/shared';
import { formatAnswer, formatQuantity } from '@/utils/evaluation-format';

export interface KeyValueRow {
  code: string;
  label: string;
  value: string;
  /** Reference range as printed, '' when none. */
  reference: string;
  /** 'H' above / 'L' below the reference range. */
  flag: LabFlag | null;
  note?: string;
}

const IRLS_TOTAL = 'irls.total';
const TSAT = 'lab.tsat';
const ABI_SIDES = ['left', 'right'] as const;

function irlsRow(workup: WorkupDefinition, answers: Answers): KeyValueRow[] {
  const total = answers[IRLS_TOTAL];
  if (typeof total !== 'number') return [];
  const max = getItem(workup, IRLS_TOTAL)?.range?.max;
  return [
    {
      code: IRLS_TOTAL,
      label: 'IRLS total score',
      value: `${total}${max !== undefined ? ` / ${max}` : ''} (${irlsBandLabel(total)})`,
      reference: '',
      flag: null,
    },
  ];
}

function labRow(item: WorkupItem, value: number, text: string, note?: string): KeyValueRow {
  return {
    code: item.code,
    label: item.label,
    value: text,
    reference: referenceRangeText(item) ?? '',
    flag: labFlag(item, value) ?? null,
    ...(note ? { note } : {}),
  };
}

/** Every answered lab, and TSAT computed from serum iron and TIBC when it was not entered. */
function labRows(workup: WorkupDefinition, answers: Answers, answerMeta: AnswerMeta): KeyValueRow[] {
  const rows: KeyValueRow[] = [];
  for (const item of listItems(workup)) {
    if (!item.code.startsWith('lab.') || item.type !== 'number') continue;
    const value = answers[item.code];
    if (typeof value === 'number') {
      rows.push(labRow(item, value, formatAnswer(workup, item.code, value, answerMeta[item.code])));
    } else if (item.code === TSAT) {
      const tsat = tsatOf(answers);
      if (tsat?.computed) {
        const text = formatQuantity(item, tsat.value);
        rows.push(labRow(item, tsat.value, text, 'computed from serum iron and TIBC'));
      }
    }
  }
  return rows;
}

function abiRows(workup: WorkupDefinition, answers: Answers): KeyValueRow[] {
  return ABI_SIDES.flatMap((side) => {
    const code = `abi.${side}`;
    const value = answers[code];
    if (typeof value !== 'number') return [];
    const reference = { referenceRange: ABI_REFERENCE_RANGE };
    return [
      {
        code,
        label: `Ankle-brachial index (${side})`,
        value: formatQuantity(getItem(workup, code), value),
        reference: referenceRangeText(reference) ?? '',
        flag: labFlag(reference, value) ?? null,
      },
    ];
  });
}

/**
 * The values a reader of the report looks for first: IRLS total with its band, every answered lab
 * (canonical unit, what was entered, reference range, H/L flag) and the ABI of each side. The wording
 * of ranges, flags, bands and the computed TSAT is the shared one (`@rls/shared` display helpers).
 */
export function keyValueRows(
  workup: WorkupDefinition,
  answers: Answers,
  answerMeta: AnswerMeta,
): KeyValueRow[] {
  return [...irlsRow(workup, answers), ...labRows(workup, answers, answerMeta), ...abiRows(workup, answers)];
}
