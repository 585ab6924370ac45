import { describe, expect, it } from 'vitest';
import { listItems } from './items';
import { WORKUP_VERSIONS, getWorkup } from './registry';

// The client shows every multi item as a checkbox per option plus "None": ticking "None" records an
// empty list (answered, none), leaving it alone records nothing (not recorded: the rules wait for it).
// A help text must therefore never tell the clinician to leave such an item empty to mean "none".
describe('help texts agree with the controls', () => {
  for (const version of WORKUP_VERSIONS) {
    it(`version ${version}: no multi item says "leave empty" for none`, () => {
      const wrong = listItems(getWorkup(version))
        .filter((item) => item.type === 'multi' && /leave (it )?empty|left empty/i.test(item.help ?? ''))
        .map((item) => `${item.code}: ${item.help}`);
      expect(wrong).toEqual([]);
    });
  }

  it('the items whose answer may be "none" tell how to record it', () => {
    const workup = getWorkup();
    for (const code of ['meds.exacerbating', 'meds.dopaminergic', 'substances', 'comorbidities', 'mimics']) {
      const item = listItems(workup).find((i) => i.code === code);
      expect(item?.help, code).toMatch(/“None”/);
    }
  });
});
