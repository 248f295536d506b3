/**
 * The board catalogue: every kind of board neuroboard knows, built once from the parsed profiles
 * (boards/profiles/*.json, read by the host) and handed to whoever needs to know about boards: the
 * emulator, the flasher, port listing, the transport judging what a board announces, rig
 * validation, the supervisor's timing. No layer keeps a table of its own, so a new board is a new
 * file in boards/profiles/ (and its pin table in the firmware).
 */
import { NbError } from '../core/errors.js';
import type { BoardProfile } from './schema.js';

/** A chip as the flasher sees it: what its signature says, and which board types carry it. */
export interface ChipKind {
  name: string;
  /** "1e 95 0f". */
  signature: string;
  pageBytes: number;
  boardTypes: string[];
}

/** A bootloader the catalogue's boards ship with, as the flasher probes for it. */
export interface BootloaderKind {
  kind: string;
  protocol: 'stk500v1' | 'stk500v2';
  baudRate: number;
  /** How messages name it: "optiboot (Uno, Nano)". */
  name: string;
  /** When only a variant carries it (nano-old): the board type and the `neuroboard flash` option that reach it. */
  variantOf?: { board: string; option: string | undefined };
}

/** "1e 95 0f": a signature as the catalogue and messages write it (its first three bytes). */
export function signatureText(signature: Uint8Array): string {
  return [...signature.subarray(0, 3)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

export class BoardCatalogue {
  /** Every kind, in `order` (then by name). */
  readonly profiles: readonly BoardProfile[];
  private readonly byName: ReadonlyMap<string, BoardProfile>;

  /** Checks the rules between files (one name per kind, a variant's type exists, one signature per MCU). */
  constructor(profiles: readonly BoardProfile[]) {
    this.profiles = [...profiles].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
    const byName = new Map<string, BoardProfile>();
    const problems: string[] = [];
    const chips = new Map<string, BoardProfile>();
    const bootloaders = new Map<string, BoardProfile>();
    for (const p of this.profiles) {
      if (byName.has(p.name)) problems.push(`two board profiles are named "${p.name}"`);
      byName.set(p.name, p);
      const chip = chips.get(p.mcu);
      if (!chip) chips.set(p.mcu, p);
      else if (chip.chip.signature !== p.chip.signature || chip.chip.name !== p.chip.name || chip.chip.pageBytes !== p.chip.pageBytes) {
        problems.push(`${p.name} and ${chip.name} have the same mcu (${p.mcu}) but not the same chip name, signature and page size`);
      }
      const boot = p.bootloader;
      const same = boot ? bootloaders.get(boot.kind)?.bootloader : undefined;
      if (boot && !same) bootloaders.set(boot.kind, p);
      else if (boot && same && (same.protocol !== boot.protocol || same.baudRate !== boot.baudRate || same.description !== boot.description)) {
        problems.push(`${p.name}'s bootloader "${boot.kind}" differs from ${bootloaders.get(boot.kind)!.name}'s (protocol, baud rate or description)`);
      }
    }
    this.byName = byName;
    for (const p of this.profiles) {
      const type = byName.get(p.announces);
      if (!type || type.announces !== type.name) problems.push(`${p.name} announces "${p.announces}", which is no board type in the catalogue (${this.boardTypes.join(', ')})`);
    }
    if (problems.length > 0) {
      throw new NbError('NB_ERR_INVALID_PROFILE', `the board profiles (boards/profiles/) do not fit together:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    }
  }

  /** Every kind's name. */
  get names(): string[] {
    return this.profiles.map((p) => p.name);
  }

  /**
   * The board types: the kinds whose firmware announces their own name. Rigs and `--board` name
   * these; a variant (nano-old) is the same type to them.
   */
  get boardTypes(): string[] {
    return this.profiles.filter((p) => p.announces === p.name).map((p) => p.name);
  }

  find(name: string): BoardProfile | undefined {
    return this.byName.get(name);
  }

  /** The kind named `name`; NB_ERR_INVALID_PROFILE (naming the known ones) when there is none. */
  get(name: string): BoardProfile {
    const profile = this.byName.get(name);
    if (!profile) {
      throw new NbError('NB_ERR_INVALID_PROFILE', `no board profile "${name}" in boards/profiles/; known boards: ${this.names.join(', ')}`, { field: 'board' });
    }
    return profile;
  }

  /**
   * Why a BOOT or HELLO cannot come from a board of the catalogue (a board type it lacks, more
   * channels than that type has), or null when it can.
   */
  refuseAnnouncement(announced: { board: string; maxChannels: number }): string | null {
    const type = this.byName.get(announced.board);
    if (!type || type.announces !== type.name) return `board "${announced.board}" is not one of ${this.boardTypes.join(', ')}`;
    if (announced.maxChannels > type.channels.max) return `maxch ${announced.maxChannels} is outside 1–${type.channels.max}`;
    return null;
  }

  /** The kinds sold with this USB chip (vendor and product id, any case), in catalogue order. */
  byUsb(vendorId: string, productId: string): BoardProfile[] {
    const [v, p] = [vendorId.toLowerCase(), productId.toLowerCase()];
    return this.profiles.filter((b) => b.usb.some((u) => u.vendorId === v && u.productId === p));
  }

  /** True when some kind of board is sold with a USB chip of this vendor (Arduino, WCH, FTDI, Silicon Labs…). */
  isBoardVendor(vendorId: string): boolean {
    const v = vendorId.toLowerCase();
    return this.profiles.some((b) => b.usb.some((u) => u.vendorId === v));
  }

  /** The chip of the kinds built on `mcu` (with every board type that carries it), or undefined. */
  chipOfMcu(mcu: string): ChipKind | undefined {
    const first = this.profiles.find((p) => p.mcu === mcu);
    return first ? this.chipKind(first.chip.signature) : undefined;
  }

  /** The chip a device signature (as a bootloader reads it) belongs to, or undefined for one no board here has. */
  chipOfSignature(signature: Uint8Array): ChipKind | undefined {
    return this.chipKind(signatureText(signature));
  }

  private chipKind(signature: string): ChipKind | undefined {
    const carriers = this.profiles.filter((p) => p.chip.signature === signature);
    const first = carriers[0];
    if (!first) return undefined;
    return { name: first.chip.name, signature, pageBytes: first.chip.pageBytes, boardTypes: carriers.filter((p) => p.announces === p.name).map((p) => p.name) };
  }

  /**
   * The bootloaders the boards ship with, one per kind: those at 115200 baud (what current boards
   * run) before the slower ones of old clones, then in catalogue order.
   */
  bootloaders(): BootloaderKind[] {
    const kinds = new Map<string, BoardProfile[]>();
    for (const p of this.profiles) if (p.bootloader) kinds.set(p.bootloader.kind, [...(kinds.get(p.bootloader.kind) ?? []), p]);
    return [...kinds.values()]
      .map((carriers) => {
        const first = carriers[0]!;
        const boot = first.bootloader!;
        const onlyVariants = carriers.every((p) => p.announces !== p.name);
        return {
          kind: boot.kind,
          protocol: boot.protocol,
          baudRate: boot.baudRate,
          name: boot.description,
          ...(onlyVariants ? { variantOf: { board: first.announces, option: first.flashOption } } : {}),
        };
      })
      .sort((a, b) => b.baudRate - a.baudRate);
  }
}
