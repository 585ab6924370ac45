import {
  findingCatalog,
  getWorkup,
  listItems,
  type FindingCause,
  type PendingEntry,
  type WorkupDefinition,
} from '@rls/shared';

// What the assessment still waits for, as a person reads it: the labels of the items one stage still
// needs, by what they are needed for. The rules' `reason` texts name items of every stage (and, for
// some, finding codes), so they are never shown.

/** What a pending finding is for, by the cause of its finding (docs/clinical-rules.md). */
const PURPOSES: Record<FindingCause, string> = {
  diagnosis: 'the diagnosis',
  severity: 'the severity',
  iron: 'iron findings',
  hematology: 'the anaemia check',
  renal: 'kidney findings',
  metabolic: 'the diabetes check',
  neuro: 'the neuropathy check',
  drugs: 'the medicine and substance review',
  sleep: 'the sleep apnoea check',
  pregnancy: 'pregnancy findings',
  venous: 'venous findings',
  arterial: 'arterial findings',
};

/** Pending codes that name a family of findings rather than one finding of the catalog. */
const FAMILY_CAUSES: Readonly<Record<string, FindingCause>> = { irls: 'severity' };

function purposeOf(code: string): string | undefined {
  const cause = findingCatalog[code]?.cause ?? FAMILY_CAUSES[code];
  return cause ? PURPOSES[cause] : undefined;
}

export interface PendingLine {
  /** The items still needed, by label, in the definition's order (`ABI (left and right)`). */
  items: string[];
  /** What they are needed for (`arterial findings`), when known. */
  purpose: string | undefined;
}

/**
 * The items `entries` (one stage's pending entries, each `waitingFor` already limited to that stage)
 * still wait for, one line per purpose; an item needed for several purposes is listed with the first.
 * Both sides of a bilateral item read as one: `GSV (left and right)`.
 */
export function pendingLines(workup: WorkupDefinition, entries: readonly PendingEntry[]): PendingLine[] {
  const order = new Map(listItems(workup).map((item, index) => [item.code, index]));
  const byPurpose = new Map<string, { purpose: string | undefined; codes: string[] }>();
  const seen = new Set<string>();
  for (const entry of entries) {
    const purpose = purposeOf(entry.code);
    const key = purpose ?? '';
    const line = byPurpose.get(key) ?? { purpose, codes: [] };
    for (const code of entry.waitingFor) {
      if (seen.has(code)) continue;
      seen.add(code);
      line.codes.push(code);
    }
    if (line.codes.length > 0) byPurpose.set(key, line);
  }
  return [...byPurpose.values()].map(({ purpose, codes }) => ({
    items: labelsOf(
      workup,
      [...codes].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity)),
    ),
    purpose,
  }));
}

/**
 * Item labels; a bilateral item with both sides pending reads once, `(left and right)`. The rules run
 * on the current definition, so a code an older evaluation's definition lacks is named from that one.
 */
function labelsOf(workup: WorkupDefinition, codes: readonly string[]): string[] {
  const items = new Map([...listItems(getWorkup()), ...listItems(workup)].map((item) => [item.code, item]));
  const labels: string[] = [];
  const done = new Set<string>();
  for (const code of codes) {
    if (done.has(code)) continue;
    const item = items.get(code);
    if (item?.side) {
      const other = `${item.baseCode}.${item.side === 'left' ? 'right' : 'left'}`;
      if (codes.includes(other)) {
        done.add(other);
        labels.push(`${item.label} (left and right)`);
        continue;
      }
    }
    labels.push(item ? (item.side ? `${item.label} (${item.side})` : item.label) : code);
  }
  return labels;
}
