// Neuropathy as RLS mimic / comorbidity (IRLSSG-2014 criterion 5; the exam, and B12 < 200).
import type { AssessContext } from './context';
import {
  SIDE_LIST,
  emptyResult,
  ev,
  finding,
  hasComorbidity,
  num,
  pending,
  str,
  unanswered,
} from './context';
import { suggest } from './suggestions';
import { B12_LOW } from './vitamins';
import type { DomainResult, Evidence } from './types';

const EXAM = [
  { base: 'exam.vibration', abnormal: ['reduced', 'absent'] },
  { base: 'exam.ankleReflex', abnormal: ['reduced', 'absent'] },
  { base: 'exam.monofilament', abnormal: ['reduced'] },
] as const;

export function assessNeuro(ctx: AssessContext): DomainResult {
  const out = emptyResult();
  const evidence: Evidence[] = [];
  const codes: string[] = [];
  for (const { base, abnormal } of EXAM) {
    for (const side of SIDE_LIST) {
      const code = `${base}.${side}`;
      codes.push(code);
      const value = str(ctx, code);
      if (value !== undefined && (abnormal as readonly string[]).includes(value))
        evidence.push(ev(code, value));
    }
  }
  if (hasComorbidity(ctx, 'neuropathy')) {
    evidence.push(ev('comorbidities', ctx.answers['comorbidities']!, 'Comorbidities include neuropathy'));
  }
  const b12 = num(ctx, 'lab.b12');
  if (b12 !== undefined && b12 < B12_LOW) evidence.push(ev('lab.b12', b12));

  if (evidence.length > 0) {
    out.findings.push(
      finding(
        'neuropathy.suspected',
        'Signs or history of peripheral neuropathy, an RLS mimic that can also coexist with RLS.',
        evidence,
        [suggest('neuro.neuropathy-workup')],
      ),
    );
    return out;
  }
  const waiting = unanswered(ctx, [...codes, 'lab.b12', 'comorbidities']);
  if (waiting.length > 0) {
    out.pending.push(
      pending('neuropathy.suspected', waiting, 'Neurological exam or B12 missing — neuropathy check pending'),
    );
  }
  return out;
}
