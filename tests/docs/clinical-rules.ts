// `npm run docs:rules`: writes docs/clinical-rules.md from the rule data in shared/.
import { writeFileSync } from 'node:fs';
import { renderClinicalRules } from '@rls/shared';
import { CLINICAL_RULES_PATH } from './paths';

writeFileSync(CLINICAL_RULES_PATH, renderClinicalRules());
console.log(`wrote ${CLINICAL_RULES_PATH}`);
