/**
 * The Node host's store for an exhibit: the rig's state file in the data folder
 * (`<data>/<rig>.state.json`), an AtomicJsonStore of the state document (runtime/exhibitState.ts).
 */
import { join } from 'node:path';
import { parseStateDocument, type ExhibitSnapshot } from '../../runtime/exhibitState.js';
import { AtomicJsonStore } from './atomicJsonStore.js';

/** The store for one rig's state under `dataDir`. */
export function exhibitStore(dataDir: string, rigName: string): AtomicJsonStore<ExhibitSnapshot> {
  return new AtomicJsonStore(join(dataDir, `${rigName}.state.json`), parseStateDocument, {
    what: `rig "${rigName}"'s saved network and corpus`,
    bothBadAdvice:
      `To start again, run with --fresh: the exhibit begins from rig "${rigName}"'s first guess and its own corpus, and ` +
      'the trained network and every example taught since are lost (its first save moves the state file aside as ' +
      '<file>.corrupt-<time>, and its second replaces the previous copy: copy that elsewhere first to try to repair it ' +
      'by hand). Or put back a backup of either file.',
  });
}
