import { fileURLToPath } from 'node:url';

export const CLINICAL_RULES_PATH = fileURLToPath(new URL('../../docs/clinical-rules.md', import.meta.url));
