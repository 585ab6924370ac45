import { readFileSync } from 'node:fs';
import { renderClinicalRules } from '@rls/shared';
import { describe, expect, it } from 'vitest';
import { CLINICAL_RULES_PATH } from './paths';

describe('docs/clinical-rules.md', () => {
  it('is what `npm run docs:rules` generates from the code (run it after changing a rule)', () => {
    expect(readFileSync(CLINICAL_RULES_PATH, 'utf8')).toBe(renderClinicalRules());
  });

  it('names a guideline or consensus for every option and never shows "None"', () => {
    const doc = renderClinicalRules();
    expect(doc).not.toMatch(/\| None \|/);
    expect(doc).toContain('`arterial.compression-contraindicated`');
    expect(doc).toContain('`no-abrupt-stop`');
  });
});
