/**
 * The site's ExhibitFiles (src/platform/exhibitFiles.ts): the shipped rigs and stories bundled into
 * the worker's script by esbuild (so the site works offline and fetches nothing), and rig files a
 * person opens from disk, held in memory by the name the page gave them. A browser cannot read a file
 * beside an opened one (the page was handed one file, not its folder), so an opened rig may name the
 * shipped stories and corpora, or hold its corpus inline, and a path is refused saying so.
 */
import digits7Rig from '../../../boards/rigs/digits7.json' with { type: 'json' };
import xorRig from '../../../boards/rigs/xor.json' with { type: 'json' };
import digits7Story from '../../../boards/stories/digits7.json' with { type: 'json' };
import xorStory from '../../../boards/stories/xor.json' with { type: 'json' };
import { NbError } from '../../core/errors.js';
import type { ExhibitFiles } from '../../platform/exhibitFiles.js';
import { bundledCatalogue } from './bundledBoards.js';
import { profileLimits, readRig, type LoadedRig } from '../../runtime/rig/load.js';
import { readRigCorpus } from '../../runtime/rig/corpusSource.js';
import type { Corpus } from '../../core/corpus.js';

/** The shipped files by the path they have in the package, as the Node host names them. */
const BUNDLED: Readonly<Record<string, unknown>> = {
  'boards/rigs/xor.json': xorRig,
  'boards/rigs/digits7.json': digits7Rig,
  'boards/stories/xor.json': xorStory,
  'boards/stories/digits7.json': digits7Story,
};

/** The rigs the site ships, by name: what the rig picker and `?rig=` offer. */
export const SHIPPED_RIGS: readonly string[] = Object.keys(BUNDLED)
  .filter((path) => path.startsWith('boards/rigs/'))
  .map((path) => path.slice('boards/rigs/'.length, -'.json'.length));

/** The ref of a file opened from disk (never a package path, so the two cannot be mixed up). */
const OPENED = 'opened:';

/** ExhibitFiles over the bundle and the files opened in this worker (name → text). */
export function siteExhibitFiles(opened: ReadonlyMap<string, string> = new Map()): ExhibitFiles {
  return {
    async read(ref) {
      if (ref.startsWith(OPENED)) {
        const text = opened.get(ref.slice(OPENED.length));
        if (text !== undefined) return text;
      } else if (ref in BUNDLED) {
        return JSON.stringify(BUNDLED[ref]);
      }
      throw new NbError('NB_ERR_IO', `${ref} is not a file this site has (it ships ${Object.keys(BUNDLED).join(', ')}); open the file from disk`, { field: ref });
    },
    async named(from, path, field, namer) {
      throw new NbError(
        namer.code,
        `${from.replace(OPENED, '')}: ${field}: "${path}" names a file beside the ${namer.what}, which a browser cannot read: ` +
          'name a shipped one ("xor", "digits7", a shipped corpus such as "xor"), or put the examples inline in the rig',
        { field },
      );
    },
    builtIn: (kind, name) => `boards/${kind === 'rig' ? 'rigs' : 'stories'}/${name}.json`,
  };
}

/** The ref an opened file is read by. */
export function openedRef(name: string): string {
  return `${OPENED}${name}`;
}

/** A rig and its corpus, read and checked as `neuroboard check` does, against the bundled board types. */
export async function readSiteRig(files: ExhibitFiles, ref: string): Promise<{ loaded: LoadedRig; corpus: Corpus }> {
  const loaded = await readRig(files, ref, profileLimits(bundledCatalogue()));
  return { loaded, corpus: await readRigCorpus(files, loaded.rig, ref) };
}
