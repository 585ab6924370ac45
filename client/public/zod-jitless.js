// Zod 4 compiles object parsers with `new Function` when the page allows it, and probes for that
// when a schema is built. Our CSP has no 'unsafe-eval' (docs/decisions/011-csp-style-rule.md), so
// the probe would be refused and reported as a violation on every page load. Zod reads this global
// config when its first module loads: this classic script runs before the app's module scripts.
globalThis.__zod_globalConfig = Object.assign({}, globalThis.__zod_globalConfig, { jitless: true });
