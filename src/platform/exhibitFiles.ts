/**
 * The files an exhibit is built from, as the neutral code reads them whatever the host: a rig, the
 * story and corpus files it names, and the stories neuroboard ships. The runtime parses and checks
 * them (src/runtime/rig, src/runtime/story); where a file may be, how large it may be and how it is
 * read are the host's: the Node host reads regular files of a bounded size, and holds a file named by
 * another to the naming file's folder or the package's boards/ (src/hosts/node/dataFile.ts); a
 * browser host reads what is bundled with the page and the files a person opens.
 */
import type { ErrorCode } from '../core/errors.js';

/** Where a file is, as its host names it (the Node host: an absolute path, or a path as typed). */
export type FileRef = string;

/** What a file is, which says how large it may be and what its messages call it. */
export type ExhibitFileKind = 'rig' | 'story' | 'corpus';

/** Who names another file, and the code a refusal of that name carries (what is wrong is the naming file). */
export interface Namer {
  /** "rig", "scenario": said in the refusal. */
  what: string;
  code: ErrorCode;
}

export interface ExhibitFiles {
  /** The text of the file `ref`, a file of kind `kind`. Rejects NB_ERR_IO naming it when it cannot be read (or is too large). */
  read(ref: FileRef, kind: ExhibitFileKind): Promise<string>;
  /**
   * The ref of the file that field `field` of the file `from` names as `path` (a rig's story or
   * corpus). Refused (namer.code, naming the field) where the host's rules do not let a file name it.
   */
  named(from: FileRef, path: string, field: string, namer: Namer): Promise<FileRef>;
  /** A file shipped with neuroboard, by its name ("xor": the XOR rig's story). */
  builtIn(kind: 'rig' | 'story', name: string): FileRef;
}

/**
 * A shipped file by its name rather than a path ("xor" for the shipped rig or story of that name),
 * as rigs, stories and scenarios name the package's own.
 */
export const BUILT_IN_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** The last part of a path or name ("rigs/xor.json" → "xor.json"), whichever separator the host uses. */
export function fileName(ref: FileRef): string {
  return ref.split(/[\\/]/).pop() ?? ref;
}
