// @ts-check
/**
 * `npm run dev`: the exhibit straight from src/ under `tsx watch`, which restarts it whenever a file
 * it imports changes. Each start first bundles the pages' core again when src/core or src/pages is
 * newer than dashboard/kit/core.js (scripts/ensure-built.mjs), so the pages never run an older core
 * than the server; the dev script watches src/pages too, which the server itself does not import.
 */
import { bundlePageCore } from './ensure-built.mjs';

if (!bundlePageCore()) process.exit(1);
// @ts-ignore tsx runs the TypeScript entry as it is; `tsc` checks it as part of src/
await import('../src/cli/main.ts');
