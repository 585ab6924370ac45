import { getItem, irlsBand, listItems } from '@rls/shared';
import type { AnswerMeta, Answers, ReferenceRange, WorkupDefinition, WorkupItem } from '@rls/shared';
import { formatAnswer, formatNumber, formatQuantity, unitLabel } from '@/utils/evaluation-format';

export interface KeyValueRow {
  code: string;
  label: string;
  value: string;
  /** Reference range as printed, '' when none. */
  reference: string;
  /** 'H' above / 'L' below the reference range. */
  flag: 'H' | 'L' | null;
  note?: string;
}

const IRLS_BANDS = {
  none: 'no symptoms',
  mild: 'mild',
  moderate: 'moderate',
  severe: 'severe',
  'very-severe': 'very severe',
} as const;

function referenceText(item: WorkupItem): string {
  const range: ReferenceRange | undefined = item.referenceRange;
  if (!range) return '';
  if (range.text) return range.text;
  const unit = unitLabel(item.unit);
  const suffix = unit ? (unit === '%' ? ' %' : ` ${unit}`) : '';
  if (range.low !== undefined && range.high !== undefined) return `${range.low}–${range.high}${suffix}`;
  if (range.low !== undefined) return `≥ ${range.low}${suffix}`;
  if (range.high !== undefined) return `≤ ${range.high}${suffix}`;
  return '';
}

function flagOf(item: WorkupItem, value: number): 'H' | 'L' | null {
  const range = item.referenceRange;
  if (range?.high !== undefined && value > range.high) return 'H';
  if (range?.low !== undefined && value < range.low) return 'L';
  return null;
}

/**
 * The values a reader of the report looks for first: IRLS total with its band, every answered lab
 * (canonical unit, what was entered, reference range, H/L flag) and the ABI of each side.
 */
export function keyValueRows(
  workflow: WorkupDefinition,
  answers: Answers,
  answerMeta: AnswerMeta,
): KeyValueRow[] {
  const rows: KeyValueRow[] = [];

  const irls = answers['irls.total'];
  if (typeof irls === 'number') {
    rows.push({
      code: 'irls.total',
      label: 'IRLS total score',
      value: `${irls} / 40 (${IRLS_BANDS[irlsBand(irls)]})`,
      reference: '',
      flag: null,
    });
  }

  for (const item of listItems(workflow)) {
    if (!item.code.startsWith('lab.') || item.type !== 'number') continue;
    const value = answers[item.code];
    if (typeof value !== 'number') {
      if (item.code === 'lab.tsat') rows.push(...computedTsat(workflow, answers, item));
      continue;
    }
    rows.push({
      code: item.code,
      label: item.label,
      value: formatAnswer(workflow, item.code, value, answerMeta[item.code]),
      reference: referenceText(item),
      flag: flagOf(item, value),
    });
  }

  for (const code of ['abi.left', 'abi.right']) {
    const value = answers[code];
    if (typeof value !== 'number') continue;
    rows.push({
      code,
      label: `Ankle-brachial index (${code.endsWith('left') ? 'left' : 'right'})`,
      value: formatQuantity(getItem(workflow, code), value),
      // ABI: 1.00–1.40 normal; ≤ 0.90 PAD, 0.91–0.99 borderline, > 1.40 non-compressible.
      reference: '1.00–1.40',
      flag: value > 1.4 ? 'H' : value < 1 ? 'L' : null,
    });
  }
  return rows;
}

/** TSAT = serum iron ÷ TIBC × 100 when TSAT itself was not entered (SPEC §1), display only. */
function computedTsat(workflow: WorkupDefinition, answers: Answers, item: WorkupItem): KeyValueRow[] {
  const iron = answers['lab.iron'];
  const tibc = answers['lab.tibc'];
  if (typeof iron !== 'number' || typeof tibc !== 'number' || tibc <= 0) return [];
  const value = (iron / tibc) * 100;
  return [
    {
      code: item.code,
      label: item.label,
      value: `${formatNumber(value, item.decimals ?? 1)} %`,
      reference: referenceText(getItem(workflow, item.code) ?? item),
      flag: flagOf(item, value),
      note: 'computed from serum iron and TIBC',
    },
  ];
}
