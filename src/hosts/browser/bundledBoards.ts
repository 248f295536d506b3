/**
 * The browser host's loader for what the board catalogue is made of and names: the profiles of
 * boards/profiles/ and the hex files of the firmware and bootloaders, bundled into the site's script
 * by esbuild (JSON imported as data, hex files as text), so the emulated boards and the flasher work
 * offline with nothing fetched. It gives the same BoardCatalogue and HexFiles the Node host reads
 * from the package (src/hosts/node/boardFiles.ts); test/hosts/bundledBoards.test.ts checks that the
 * two agree, so a profile or hex added to the package and not here fails a test.
 */
import megaProfile from '../../../boards/profiles/mega.json' with { type: 'json' };
import nanoOldProfile from '../../../boards/profiles/nano-old.json' with { type: 'json' };
import nanoProfile from '../../../boards/profiles/nano.json' with { type: 'json' };
import unoProfile from '../../../boards/profiles/uno.json' with { type: 'json' };
import atmegaBoot from '../../../firmware/bootloaders/ATmegaBOOT_168_atmega328.hex' with { type: 'text' };
import optiboot from '../../../firmware/bootloaders/optiboot_atmega328.hex' with { type: 'text' };
import stk500v2 from '../../../firmware/bootloaders/stk500boot_v2_mega2560.hex' with { type: 'text' };
import megaFirmware from '../../../firmware/hex/neuroboard-mega.hex' with { type: 'text' };
import nanoFirmware from '../../../firmware/hex/neuroboard-nano.hex' with { type: 'text' };
import unoFirmware from '../../../firmware/hex/neuroboard-uno.hex' with { type: 'text' };
import { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import { parseProfile } from '../../catalogue/parseProfile.js';
import { NbError } from '../../core/errors.js';
import type { HexFiles } from '../../sim/avr/flashImage.js';

/** Each profile, by the file it came from (for messages). */
const PROFILES: Record<string, unknown> = {
  'boards/profiles/mega.json': megaProfile,
  'boards/profiles/nano-old.json': nanoOldProfile,
  'boards/profiles/nano.json': nanoProfile,
  'boards/profiles/uno.json': unoProfile,
};

/** Each hex file by the path the profiles name it with (relative to the package root). */
export const BUNDLED_HEX: Readonly<Record<string, string>> = {
  'firmware/bootloaders/ATmegaBOOT_168_atmega328.hex': atmegaBoot,
  'firmware/bootloaders/optiboot_atmega328.hex': optiboot,
  'firmware/bootloaders/stk500boot_v2_mega2560.hex': stk500v2,
  'firmware/hex/neuroboard-mega.hex': megaFirmware,
  'firmware/hex/neuroboard-nano.hex': nanoFirmware,
  'firmware/hex/neuroboard-uno.hex': unoFirmware,
};

let catalogue: BoardCatalogue | null = null;

/** The catalogue of the boards neuroboard ships with, checked as the Node host checks it, built on first use. */
export function bundledCatalogue(): BoardCatalogue {
  catalogue ??= new BoardCatalogue(Object.entries(PROFILES).map(([file, data]) => parseProfile(data, file)));
  return catalogue;
}

/** The hex files the catalogue names, from the bundle. */
export const bundledHexFiles: HexFiles = {
  read(path: string): string {
    const text = BUNDLED_HEX[path];
    if (text === undefined) {
      throw new NbError(
        'NB_ERR_INVALID_HEX',
        `firmware ${path} is not in this site's bundle (it has ${Object.keys(BUNDLED_HEX).join(', ')}): rebuild the site with it, or check the board profile's "firmware" path.`,
        { field: path },
      );
    }
    return text;
  },
};
