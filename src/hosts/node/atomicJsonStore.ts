/**
 * A JSON document on disk that survives a kill or a power cut at any moment: every save writes a
 * temp file, fsyncs it and renames it over the old one, after keeping the old one as `<file>.prev`.
 * At every instant a complete file exists under the name, so a load finds either the old or the new
 * document, never half of one; a file that is corrupt anyway (disk, hand edit) falls back to the kept
 * copy, and is itself kept as `<file>.corrupt-<time>` before a save takes its name. Neither name is
 * ever read or written through a symbolic link (plainFiles.ts).
 */
import { constants } from 'node:fs';
import { copyFile, link, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { LatestWrites } from '../../platform/latestWrites.js';
import { NbError } from '../../core/errors.js';
import { parseJsonFile } from '../../core/jsonSyntax.js';
import type { ExhibitStore, Loaded } from '../../platform/exhibitStore.js';
import { refuseSymlink, replaceFile, unguessable } from './plainFiles.js';

export type { Loaded } from '../../platform/exhibitStore.js';

export class AtomicJsonStore<T> implements ExhibitStore<T> {
  readonly path: string;
  readonly previousPath: string;
  private readonly parse: (data: unknown, source: string) => T;
  private readonly bothBadAdvice: string;
  /** What the file is, in messages ("the exhibit's state file"). */
  private readonly what: string;
  /**
   * True while the file under the name is one this store wrote or loaded and found good: then
   * keepPrevious need not read and check it again before every save (a teach waits on each save).
   */
  private currentIsGood = false;
  private readonly writes = new LatestWrites(
    (text) => this.writeText(text),
    (err) => new NbError('NB_ERR_IO', `cannot save ${this.path}: ${(err as Error).message}`, { cause: err }),
  );
  /** Where the file under the name goes before a save replaces it, when load() found it unusable (the warning names it). */
  private corruptAside: string | null = null;

  /** The file's absolute path. */
  get where(): string {
    return resolve(this.path);
  }

  /**
   * `parse` validates a parsed document and throws an NbError naming the field when it is wrong.
   * `bothBadAdvice` says what to do when neither copy loads (the caller knows its own way out).
   */
  constructor(path: string, parse: (data: unknown, source: string) => T, options: { bothBadAdvice?: string; what?: string } = {}) {
    this.path = path;
    this.previousPath = `${path}.prev`;
    this.parse = parse;
    this.bothBadAdvice = options.bothBadAdvice ?? 'Move them aside to start fresh, or restore a backup.';
    this.what = options.what ?? 'the saved document';
  }

  /**
   * Saves `value`. Saves never interleave; while one is being written, newer saves are coalesced so
   * only the latest is written next (a training loop saving often cannot build a queue).
   */
  save(value: unknown): Promise<void> {
    return this.saveLatest(() => value);
  }

  /**
   * Saves what `build` returns when the write begins: every change made before this call is in it,
   * and saves asked for while one is written share one document. Building and serializing the
   * document is the cost of a save (100,000 examples: most of it), so it is done once per write, not
   * once per request.
   */
  saveLatest(build: () => unknown): Promise<void> {
    return this.writes.request(build);
  }


  /**
   * The stored document, the previous copy when the file is bad, or null when neither exists. Also
   * removes the temp files of saves that a kill cut short, which nothing else would ever delete.
   */
  async load(): Promise<Loaded<T> | null> {
    await this.refuseLinks();
    await this.removeLeftovers();
    const current = await this.tryRead(this.path);
    this.currentIsGood = current.ok;
    this.corruptAside = current.ok || current.missing ? null : corruptName(this.path);
    if (current.ok) return { value: current.value, from: 'current' };
    const previous = await this.tryRead(this.previousPath);
    if (previous.ok) {
      const warning = current.missing
        ? `${this.path} is missing; using the previous copy ${this.previousPath}`
        : `${this.path} is unreadable (${current.error.message}); using the previous copy ${this.previousPath}. ` +
          `The unreadable file is kept as ${this.corruptAside} (moved there before the next save takes its name)`;
      return { value: previous.value, from: 'previous', warning };
    }
    if (current.missing && previous.missing) return null;
    const reason = current.missing ? previous.error.message : current.error.message;
    throw new NbError(
      'NB_ERR_FILE_CORRUPT',
      `${this.path} and its previous copy ${this.previousPath} are both unusable (${reason}). ${this.bothBadAdvice}`,
      { cause: current.missing ? previous.error : current.error },
    );
  }

  /**
   * Temp files of interrupted saves: `<file>.<number>` (the new document) and
   * `<file>.prev.<number>.tmp` (the staged previous copy). Only the one process that owns this store
   * writes them, and load() runs before it saves, so none of them can be a save in progress.
   */
  async removeLeftovers(): Promise<string[]> {
    const name = basename(this.path);
    const leftover = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+|prev\\.\\d+\\.tmp)$`);
    const dir = dirname(this.path);
    const removed: string[] = [];
    for (const entry of await readdir(dir).catch(() => [] as string[])) {
      if (!leftover.test(entry)) continue;
      await rm(join(dir, entry), { force: true }).catch(() => undefined);
      removed.push(entry);
    }
    return removed;
  }

  /** Keeps the good current file as `.prev`, then replaces the file and makes the rename durable. */
  private async writeText(text: string): Promise<void> {
    await this.refuseLinks(); // checked before every write: a link may have been put there since the load
    await this.keepPrevious();
    this.currentIsGood = false; // until the new file is in place
    await replaceFile(this.path, text);
    this.currentIsGood = true;
    await fsyncDirectory(dirname(this.path));
  }


  /**
   * Keeps the current file as `.prev` if it is good, without a moment where `.prev` is partial. An
   * unusable one is moved aside as `<file>.corrupt-<time>` instead (staff may want to repair it), and
   * the older `.prev` stays.
   */
  private async keepPrevious(): Promise<void> {
    if (!this.currentIsGood) {
      const current = await this.tryRead(this.path);
      if (!current.ok) {
        if (current.missing) return;
        await rename(this.path, this.corruptAside ?? corruptName(this.path));
        this.corruptAside = null;
        return;
      }
    }
    // A fresh random name, made by link() or an exclusive copy: both fail on an existing name, a planted link included.
    const staging = `${this.previousPath}.${unguessable()}.tmp`;
    try {
      await link(this.path, staging);
    } catch {
      await copyFile(this.path, staging, constants.COPYFILE_EXCL); // filesystems without hard links (FAT on a USB stick)
    }
    await rename(staging, this.previousPath);
  }

  /** The file and its kept copy must be plain files (plainFiles.ts says why). */
  private async refuseLinks(): Promise<void> {
    await refuseSymlink(
      this.path,
      this.what,
      (target) =>
        `Replace the link by the file itself (cp --remove-destination ${target} ${this.path}), or remove it (rm ${this.path}) to start from the previous copy ${this.previousPath}.`,
    );
    await refuseSymlink(
      this.previousPath,
      `the previous copy of ${this.what}`,
      (target) =>
        `Replace the link by the file itself (cp --remove-destination ${target} ${this.previousPath}), or remove it (rm ${this.previousPath}): the next save keeps a new previous copy.`,
    );
  }

  private async tryRead(
    path: string,
  ): Promise<{ ok: true; value: T } | { ok: false; missing: boolean; error: Error }> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      return { ok: false, missing: (err as NodeJS.ErrnoException).code === 'ENOENT', error: err as Error };
    }
    try {
      return { ok: true, value: this.parse(parseJsonFile(text, path, 'NB_ERR_FILE_CORRUPT'), path) };
    } catch (err) {
      return { ok: false, missing: false, error: err as Error };
    }
  }
}

/** `<file>.corrupt-<ISO time>`, with `-` for the colons, which FAT and Windows refuse in a name. */
function corruptName(path: string): string {
  return `${path}.corrupt-${new Date().toISOString().replace(/:/g, '-')}`;
}

/** The rename is only durable once the directory entry is on disk too. */
async function fsyncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms cannot open or fsync a directory; the file itself is already synced.
  } finally {
    await handle?.close();
  }
}
