/**
 * What the CLI adds to an error the runtime or a host raised: what to type next (the runtime names no
 * command or option). The HTTP API's table is src/server/errors.ts's API_ADVICE.
 */
import type { ErrorAdvice } from '../core/errors.js';

export const CLI_ADVICE: readonly ErrorAdvice[] = [
  { code: 'NB_ERR_SAVE_FAILED', advice: 'check the data folder (--data, or NEUROBOARD_DATA), or give another' },
  { code: 'NB_ERR_CORPUS_FULL', advice: "`neuroboard start --reset-corpus` puts the rig's own corpus back" },
];
