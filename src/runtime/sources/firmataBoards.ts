/**
 * Boards running StandardFirmata, as a board source needs them from its host: a board to open on a
 * port (the Node host drives it through johnny-five, src/hosts/node/firmataBoard.ts), a probe that
 * says whether a port that did not speak our protocol has Firmata on it, and StandardFirmata's
 * firmware image for an emulated board. A host without Firmata gives none, and a rig board with
 * `"transport": "firmata"` is refused there.
 */
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import type { SerialBinding } from '../../platform/serialBinding.js';
import type { NeuronBoard } from '../../transports/board.js';
import type { RigBoard } from '../rig/schema.js';
import { channelsNeeded } from '../rig/validate.js';

export interface FirmataBoardSpec {
  path: string;
  binding: SerialBinding;
  /** The id the rig gives it (Firmata has none of its own). */
  id: string;
  /** LED and button pin of each channel in use (from the board profile). */
  ledPins: readonly number[];
  buttonPins: readonly number[];
}

export interface FirmataBoards {
  /** A Firmata board on `spec.path`, not opened yet (`open()` resolves once Firmata has answered). */
  board(spec: FirmataBoardSpec): NeuronBoard;
  /** Firmata's version when StandardFirmata answers on `path`, else null. */
  probe(path: string, binding: SerialBinding, timeoutMs: number): Promise<{ major: number; minor: number } | null>;
  /** StandardFirmata's firmware image (Intel HEX, as the emulator's hex files name it) for a board type. */
  firmware(profile: string): Promise<string>;
}

/** The LED and button pins of the channels a rig board uses, from its profile (Firmata drives pins, not channels). */
export function firmataPins(catalogue: BoardCatalogue, spec: RigBoard): Pick<FirmataBoardSpec, 'ledPins' | 'buttonPins'> {
  const { channels } = catalogue.get(spec.profile);
  const count = channelsNeeded(spec);
  return { ledPins: channels.ledPins.slice(0, count), buttonPins: channels.buttonPins.slice(0, count) };
}
