import {
  ABI_REFERENCE_RANGE,
  TBI_PAD_MAX,
  getItem,
  irlsBandLabel,
  isPathologicDuplexValue,
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

/**
 * The values a reader of the report looks for first: IRLS total with its band and every answered lab
 * (canonical unit, what was entered, reference range, H/L flag). The wording of ranges, flags, bands
 * and the computed TSAT is the shared one (`@rls/shared` display helpers). The ABI is printed with the
 * duplex (`vascularTables`).
 */
export function keyValueRows(
  workup: WorkupDefinition,
  answers: Answers,
  answerMeta: AnswerMeta,
): KeyValueRow[] {
  return [...irlsRow(workup, answers), ...labRows(workup, answers, answerMeta)];
}

type PrintSide = 'left' | 'right';

export interface SideValue {
  /** As printed, `—` when not recorded. */
  text: string;
  /** Past its pathologic threshold (duplex) or outside the reference range (ABI, TBI). */
  marked: boolean;
  /** 'H' / 'L' for the indices; none for the duplex. */
  flag?: LabFlag;
}

export interface SideRow {
  code: string;
  label: string;
  left: SideValue;
  right: SideValue;
  /** Reference as printed (indices), '' when none. */
  reference: string;
}

function sideValue(
  workup: WorkupDefinition,
  code: string,
  answers: Answers,
  answerMeta: AnswerMeta,
  judge: (value: number) => Pick<SideValue, 'marked' | 'flag'>,
): SideValue {
  const value = answers[code];
  if (typeof value !== 'number') return { text: '—', marked: false };
  return { text: formatAnswer(workup, code, value, answerMeta[code]), ...judge(value) };
}

/** Bilateral items of one definition group (e.g. `duplexReflux`), one row per item, in order. */
function bilateralRows(workup: WorkupDefinition, group: string): { baseCode: string; label: string }[] {
  const rows = new Map<string, string>();
  for (const item of listItems(workup)) {
    if (item.group === group && item.side && !rows.has(item.baseCode)) rows.set(item.baseCode, item.label);
  }
  return [...rows].map(([baseCode, label]) => ({ baseCode, label }));
}

export interface VascularTables {
  /**
   * The venous duplex: `performed` as answered; `rows` reflux time per segment and the perforator
   * diameter, left and right, pathologic values marked by the venous rules' thresholds.
   */
  duplex: { performed: boolean | undefined; rows: SideRow[]; thrombosis: string | undefined };
  /** ABI and (definition v2 on) TBI, left and right, flagged against their reference. */
  indices: SideRow[];
}

function indexRow(
  workup: WorkupDefinition,
  baseCode: string,
  label: string,
  reference: string,
  judge: (value: number) => LabFlag | undefined,
  answers: Answers,
  answerMeta: AnswerMeta,
): SideRow {
  const side = (s: PrintSide) =>
    sideValue(workup, `${baseCode}.${s}`, answers, answerMeta, (value) => {
      const flag = judge(value);
      return flag ? { marked: true, flag } : { marked: false };
    });
  return { code: baseCode, label, left: side('left'), right: side('right'), reference };
}

/** The duplex reflux table and the ankle- and toe-brachial indices, printed side by side. */
export function vascularTables(
  workup: WorkupDefinition,
  answers: Answers,
  answerMeta: AnswerMeta,
): VascularTables {
  const performed = answers['duplex.performed'];
  const rows: SideRow[] = bilateralRows(workup, 'duplexReflux').map(({ baseCode, label }) => {
    const side = (s: PrintSide) => {
      const code = `${baseCode}.${s}`;
      return sideValue(workup, code, answers, answerMeta, (value) => ({
        marked: isPathologicDuplexValue(code, value),
      }));
    };
    return { code: baseCode, label, left: side('left'), right: side('right'), reference: '' };
  });
  const thrombosis = answers['duplex.dvt'];

  const abiReference = { referenceRange: ABI_REFERENCE_RANGE };
  const indices: SideRow[] = [
    indexRow(
      workup,
      'abi',
      'ABI',
      referenceRangeText(abiReference) ?? '',
      (value) => labFlag(abiReference, value),
      answers,
      answerMeta,
    ),
  ];
  // TBI ≤ 0.70 is abnormal (ACC/AHA-PAD-2016, the arterial rules' TBI_PAD_MAX).
  if (getItem(workup, 'tbi.left')) {
    indices.push(
      indexRow(
        workup,
        'tbi',
        'TBI',
        `> ${TBI_PAD_MAX.toFixed(2)}`,
        (value) => (value <= TBI_PAD_MAX ? 'L' : undefined),
        answers,
        answerMeta,
      ),
    );
  }
  return {
    duplex: {
      performed: typeof performed === 'boolean' ? performed : undefined,
      rows,
      thrombosis:
        typeof thrombosis === 'boolean' ? formatAnswer(workup, 'duplex.dvt', thrombosis) : undefined,
    },
    indices,
  };
}
