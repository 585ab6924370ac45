import { listItems, sameAnswer } from '@rls/shared';
import type { AnswerMeta, AnswerValue, EvaluationDto, WorkupDefinition } from '@rls/shared';
import { formatAnswer, itemLabel } from '@/utils/evaluation-format';
import { formatDate } from '@/utils/format';
import { courseText } from '@/utils/plan-selection';

// What an amendment changes: the signed version it started from against the evaluation about to be
// signed. Comparing the two records (not replaying the change history) shows exactly what the new
// signature will differ by: an answer changed and changed back is no change.

/** The parts of a record an amendment can change. */
type SignedContent = Pick<EvaluationDto, 'answers' | 'answerMeta' | 'plan'>;

export type AmendmentChange =
  /** An answer or the follow-up date, as people read them: `40 ng/mL` → `25 ng/mL`. */
  | { kind: 'value'; key: string; label: string; from: string; to: string }
  /** A plan option or own plan item added or removed. */
  | { kind: 'plan'; key: string; label: string; change: 'added' | 'removed' };

/** Multiple-choice answers are sets: the order they were ticked in is no change. */
function sameValue(a: AnswerValue | undefined, b: AnswerValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return sameAnswer([...a].sort(), [...b].sort());
  return sameAnswer(a, b);
}

/** An answer as text (`—` from formatAnswer reads "not answered" beside another value). */
function answerText(workup: WorkupDefinition, code: string, record: SignedContent): string {
  const text = formatAnswer(workup, code, record.answers[code], record.answerMeta[code]);
  return text === '—' ? 'not answered' : text;
}

/** Item codes of either record (with an answer or marked not done), in walk order; unknown codes last. */
function codesOf(workup: WorkupDefinition, a: SignedContent, b: SignedContent): string[] {
  const present = (meta: AnswerMeta, answers: SignedContent['answers']) => [
    ...Object.keys(answers),
    ...Object.keys(meta).filter((code) => meta[code]?.notDone !== undefined),
  ];
  const codes = new Set([...present(a.answerMeta, a.answers), ...present(b.answerMeta, b.answers)]);
  const known = listItems(workup)
    .map((item) => item.code)
    .filter((code) => codes.has(code));
  const knownSet = new Set(known);
  return [...known, ...[...codes].filter((code) => !knownSet.has(code)).sort()];
}

function setChanges(
  key: string,
  signed: readonly string[],
  now: readonly string[],
  label: (value: string) => string,
): AmendmentChange[] {
  const before = new Set(signed);
  const after = new Set(now);
  return [
    ...now
      .filter((v) => !before.has(v))
      .map((v) => ({ kind: 'plan' as const, key: `${key}+${v}`, label: label(v), change: 'added' as const })),
    ...signed
      .filter((v) => !after.has(v))
      .map((v) => ({
        kind: 'plan' as const,
        key: `${key}-${v}`,
        label: label(v),
        change: 'removed' as const,
      })),
  ];
}

/**
 * Every difference between the signed version and the record about to be signed: answers (value or
 * "not done") in walk order, then the plan (options and own items added or removed, the follow-up
 * date, the treatment course lines). "Plan reviewed" is left out: signing requires it either way.
 */
export function amendmentChanges(
  workup: WorkupDefinition,
  signed: SignedContent,
  now: SignedContent,
): AmendmentChange[] {
  const answers: AmendmentChange[] = codesOf(workup, signed, now)
    .filter(
      (code) =>
        !sameValue(signed.answers[code], now.answers[code]) ||
        signed.answerMeta[code]?.notDone !== now.answerMeta[code]?.notDone,
    )
    .map((code) => ({
      kind: 'value',
      key: code,
      label: itemLabel(workup, code),
      from: answerText(workup, code, signed),
      to: answerText(workup, code, now),
    }));

  const optionLabel = (id: string) => formatAnswer(workup, 'plan.selected', [id]);
  const plan = [
    ...setChanges('plan.selected', signed.plan.selected, now.plan.selected, optionLabel),
    ...setChanges('plan.custom', signed.plan.custom, now.plan.custom, (item) => item),
  ];
  if (signed.plan.followUpDate !== now.plan.followUpDate) {
    const followUp = (date: string | null) => (date ? formatDate(date) : 'none planned');
    plan.push({
      kind: 'value',
      key: 'plan.followUpDate',
      label: 'Follow-up',
      from: followUp(signed.plan.followUpDate),
      to: followUp(now.plan.followUpDate),
    });
  }
  plan.push(...courseChanges(signed.plan, now.plan, optionLabel));
  return [...answers, ...plan];
}

/** Treatment course lines (`plan.medications`) added, removed or changed, in the order they appear. */
function courseChanges(
  signed: SignedContent['plan'],
  now: SignedContent['plan'],
  optionLabel: (id: string) => string,
): AmendmentChange[] {
  const before = signed.medications ?? [];
  const after = now.medications ?? [];
  const ids = [...new Set([...before, ...after].map((line) => line.id))];
  const text = (line: (typeof after)[number] | undefined) => (line ? courseText(line) : 'none entered');
  return ids.flatMap((id) => {
    const from = before.find((line) => line.id === id);
    const to = after.find((line) => line.id === id);
    if (JSON.stringify(from ?? null) === JSON.stringify(to ?? null)) return [];
    return [
      {
        kind: 'value' as const,
        key: `plan.medications.${id}`,
        label: `Course of ${optionLabel(id)}`,
        from: text(from),
        to: text(to),
      },
    ];
  });
}
