/**
 * The board catalogue: the shipped profiles load and fit together, the published schema is the one
 * the code checks, a wrong file is refused naming the file and the field, and the lookups every
 * layer makes (announced type, USB ids, signature, bootloaders) answer from the data.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BoardCatalogue } from '../../src/catalogue/boardCatalogue.js';
import { parseProfile } from '../../src/catalogue/parseProfile.js';
import { publishedSchemas } from '../../src/cli/publishedSchemas.js';
import { isNbError } from '../../src/core/errors.js';
import { loadCatalogue } from '../../src/hosts/node/boardFiles.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { decodeBoardLine } from '../../src/protocol/index.js';
import { catalogue } from '../helpers/boards.js';

const errorOf = (fn: () => unknown): Error & { code?: string; field?: string } => {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
};

describe('the shipped catalogue (boards/profiles/)', () => {
  it('has one profile per kind, listed in their order; the board types are the kinds that announce themselves', () => {
    expect(catalogue.names).toEqual(['uno', 'nano', 'mega', 'nano-old']);
    expect(catalogue.boardTypes).toEqual(['uno', 'nano', 'mega']);
    expect(catalogue.get('nano-old')).toMatchObject({ announces: 'nano', flashOption: '--old-bootloader' });
  });

  it('publishes boards/profile.schema.json exactly as the code checks it (run `npm run schemas` if this fails)', async () => {
    const published = JSON.parse(await readFile(join(BOARDS_DIR, 'profile.schema.json'), 'utf8')) as unknown;
    expect(published).toEqual(publishedSchemas()['profile.schema.json']);
  });

  it('judges what a board announces: a board type it lacks, or more channels than the type has, is refused with the reason', () => {
    const refusal = (line: string) => {
      const message = decodeBoardLine(line);
      if (message.kind !== 'hello' && message.kind !== 'boot') throw new Error(`${line} does not decode: ${JSON.stringify(message)}`);
      return catalogue.refuseAnnouncement(message);
    };
    expect(refusal('HELLO 1 0.1.0 leonardo 3f2a91c0 1 4')).toBe('board "leonardo" is not one of uno, nano, mega');
    expect(refusal('HELLO 1 0.1.0 uno 3f2a91c0 1 8')).toBe('maxch 8 is outside 1–4');
    expect(refusal('BOOT 1 0.1.0 nano-old 3f2a91c0 1 4 power')).toBe('board "nano-old" is not one of uno, nano, mega'); // a variant announces its type
    expect(refusal('BOOT 1 0.1.0 mega 3f2a91c0 8 8 power')).toBeNull();
  });

  it('knows every USB vendor of the boards and their USB-serial chips (Arduino, arduino.org, WCH CH340, FTDI, Silicon Labs), and which kinds a chip is sold on', () => {
    for (const vendor of ['2341', '2A03', '1a86', '0403', '10c4']) expect(catalogue.isBoardVendor(vendor), vendor).toBe(true);
    expect(catalogue.isBoardVendor('046d')).toBe(false); // a Logitech receiver
    expect(catalogue.byUsb('2341', '0043').map((p) => p.name)).toEqual(['uno']);
    expect(catalogue.byUsb('1A86', '7523').map((p) => p.name)).toEqual(['nano', 'nano-old']);
  });

  it('names a chip by its signature, with the board types built on it, and the bootloaders current ones first', () => {
    expect(catalogue.chipOfSignature(Uint8Array.of(0x1e, 0x95, 0x0f))).toEqual({ name: 'ATmega328P', signature: '1e 95 0f', pageBytes: 128, boardTypes: ['uno', 'nano'] });
    expect(catalogue.chipOfMcu('atmega2560')).toEqual({ name: 'ATmega2560', signature: '1e 98 01', pageBytes: 256, boardTypes: ['mega'] });
    expect(catalogue.chipOfSignature(Uint8Array.of(0x1e, 0x00, 0x00))).toBeUndefined();
    expect(catalogue.bootloaders().map((b) => [b.kind, b.protocol, b.baudRate, b.variantOf?.board])).toEqual([
      ['optiboot', 'stk500v1', 115200, undefined],
      ['stk500v2', 'stk500v2', 115200, undefined],
      ['atmegaboot', 'stk500v1', 57600, 'nano'],
    ]);
  });

  it('an unknown kind is NB_ERR_INVALID_PROFILE naming the known ones', () => {
    const err = errorOf(() => catalogue.get('due'));
    expect(isNbError(err, 'NB_ERR_INVALID_PROFILE')).toBe(true);
    expect(err.message).toContain('no board profile "due" in boards/profiles/; known boards: uno, nano, mega, nano-old');
  });
});

describe('a wrong profile is refused with the file and every wrong field', () => {
  const uno = () => structuredClone(catalogue.get('uno')) as Record<string, any>;

  it('schema problems: a signature that is not three hex bytes, a USB chip it does not know, a missing firmware', () => {
    const bad = uno();
    bad['chip'].signature = '1e950f';
    bad['usb'][0].chip = 'PL2303';
    delete bad['firmware'];
    const err = errorOf(() => parseProfile(bad, 'boards/profiles/uno.json'));
    expect(isNbError(err, 'NB_ERR_INVALID_PROFILE')).toBe(true);
    expect(err.message).toMatch(/^boards\/profiles\/uno\.json is not a valid board profile:/);
    expect(err.message).toMatch(/chip\.signature must be a string matching/);
    expect(err.message).toMatch(/usb\[0\]\.chip must be one of "16U2", "8U2", "CH340", "FTDI", "CP210x", "native", not "PL2303"/);
    expect(err.message).toMatch(/firmware is missing/);
  });

  it('rules a schema cannot say: a channel pin missing from the pin table, a bootloader without fuses', () => {
    const bad = uno();
    delete bad['pins']['9'];
    delete bad['fuses'];
    const err = errorOf(() => parseProfile(bad, 'uno.json'));
    expect(err.message).toContain('pins["9"] is missing (channel pin 9 needs its MCU port and bit, like "PB1")');
    expect(err.message).toContain('fuses are needed with a bootloader');
    expect(err.field).toBe('pins["9"]');
  });

  it('profiles that do not fit together: a variant of a type that is not there, one MCU with two signatures, a file not named after its kind', async () => {
    const orphan = { ...catalogue.get('nano-old'), announces: 'nanoo' };
    const odd = { ...catalogue.get('nano'), name: 'nano2', announces: 'nano2', chip: { name: 'ATmega328P', signature: '1e 95 14', pageBytes: 128 } };
    const err = errorOf(() => new BoardCatalogue([catalogue.get('uno'), catalogue.get('nano'), orphan, odd]));
    expect(err.message).toContain('nano-old announces "nanoo", which is no board type in the catalogue (uno, nano, nano2)');
    expect(err.message).toContain('nano2 and uno have the same mcu (atmega328p) but not the same chip name, signature and page size');

    const dir = await mkdtemp(join(tmpdir(), 'nb-catalogue-'));
    await writeFile(join(dir, 'arduino-uno.json'), JSON.stringify(catalogue.get('uno')));
    expect(errorOf(() => loadCatalogue(dir)).message).toMatch(/arduino-uno\.json: its name is "uno"; a profile's file is named after it \(uno\.json\)/);
    await writeFile(join(dir, 'arduino-uno.json'), '{ "name": "uno",');
    expect(errorOf(() => loadCatalogue(dir)).message).toMatch(/arduino-uno\.json: not valid JSON/);
  });
});
