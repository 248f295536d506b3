/**
 * Intel HEX → flash image. avr8js has no loader; this is the small one the simulator and the flasher
 * use for the committed firmware and for StandardFirmata (the host reads the file). Every record's
 * checksum is checked, so a truncated or hand-edited file fails loudly (NB_ERR_INVALID_HEX naming the
 * file and line) instead of running garbage in the emulator.
 */
import { NbError } from '../../core/errors.js';
import { hexToBytes } from '../../platform/bytes.js';

/** Record types this loader understands (avr-objcopy emits 00, 01, and 02/04 above 64 KiB). */
const DATA = 0x00;
const END_OF_FILE = 0x01;
const EXTENDED_SEGMENT_ADDRESS = 0x02;
const START_SEGMENT_ADDRESS = 0x03;
const EXTENDED_LINEAR_ADDRESS = 0x04;
const START_LINEAR_ADDRESS = 0x05;

/**
 * Parses `text` into a flash image of `flashBytes` bytes (unprogrammed bytes read 0xff, as on a chip).
 * `source` names the file in error messages.
 */
export function parseIntelHex(text: string, flashBytes: number, source = '<hex>'): Uint8Array {
  const flash = new Uint8Array(flashBytes).fill(0xff);
  const fail = (line: number, why: string): never => {
    throw new NbError(
      'NB_ERR_INVALID_HEX',
      `${source} line ${line}: ${why}. Rebuild the firmware or fetch the file again.`,
      { field: `${source}:${line}` },
    );
  };
  let base = 0;
  let sawEnd = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    const lineNo = i + 1;
    if (raw === '') continue;
    if (sawEnd) fail(lineNo, 'data after the end-of-file record');
    if (!/^:([0-9A-Fa-f]{2})+$/.test(raw) || raw.length < 11) fail(lineNo, 'not an Intel HEX record');
    const bytes = hexToBytes(raw.slice(1))!;
    const count = bytes[0]!;
    if (bytes.length !== count + 5) fail(lineNo, `record says ${count} data bytes but holds ${bytes.length - 5}`);
    let sum = 0;
    for (const b of bytes) sum = (sum + b) & 0xff;
    if (sum !== 0) fail(lineNo, 'checksum mismatch');
    const offset = (bytes[1]! << 8) | bytes[2]!;
    const type = bytes[3]!;
    const data = bytes.subarray(4, 4 + count);
    switch (type) {
      case DATA: {
        const at = base + offset;
        if (at + count > flashBytes) fail(lineNo, `data at 0x${at.toString(16)} past the end of ${flashBytes}-byte flash`);
        flash.set(data, at);
        break;
      }
      case END_OF_FILE:
        sawEnd = true;
        break;
      case EXTENDED_SEGMENT_ADDRESS:
        base = ((data[0]! << 8) | data[1]!) << 4;
        break;
      case EXTENDED_LINEAR_ADDRESS:
        base = ((data[0]! << 8) | data[1]!) << 16;
        break;
      case START_SEGMENT_ADDRESS:
      case START_LINEAR_ADDRESS:
        break; // entry point: the AVR always starts at 0
      default:
        fail(lineNo, `unknown record type ${type}`);
    }
  }
  if (!sawEnd) fail(lines.length, 'no end-of-file record (truncated file?)');
  return flash;
}
