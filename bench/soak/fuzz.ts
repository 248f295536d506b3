/**
 * `npm run soak -- --fuzz [--lines N] [--firmware-lines N] [--seed S]`: the long fuzz runs (a million
 * lines each by default) with progress lines; see decoderFuzz.ts and firmwareFuzz.ts for the checks.
 */
import { fuzzDecoders, type DecoderFuzzResult } from './decoderFuzz.js';
import { fuzzFirmware, type FirmwareFuzzResult } from './firmwareFuzz.js';

export interface FuzzResult {
  seed: number;
  decoder: DecoderFuzzResult | null;
  firmware: FirmwareFuzzResult | null;
  ok: boolean;
}

export async function runFuzz(options: { decoderLines: number; firmwareLines: number; seed: number; log: (line: string) => void }): Promise<FuzzResult> {
  const { log } = options;
  let decoder: DecoderFuzzResult | null = null;
  let firmware: FirmwareFuzzResult | null = null;
  if (options.decoderLines > 0) {
    const started = performance.now();
    decoder = fuzzDecoders({
      lines: options.decoderLines,
      seed: options.seed,
      progressEvery: 100_000,
      progress: (done) => log(`[fuzz decoders] ${done} lines, ${((performance.now() - started) / 1000).toFixed(1)} s`),
    });
    log(`[fuzz decoders] done: ${JSON.stringify(decoder)}`);
  }
  if (options.firmwareLines > 0) {
    const started = performance.now();
    firmware = fuzzFirmware({
      lines: options.firmwareLines,
      seed: options.seed,
      progressEvery: 20_000,
      progress: (done, r) =>
        log(
          `[fuzz firmware] ${done} lines, ${r.replies} replies, missing ${r.missingReplies}, disagreements ${r.disagreements}, boots ${r.boots}, ` +
            `pings ${r.pingsAnswered}/${r.pings}, ${((performance.now() - started) / 1000).toFixed(0)} s`,
        ),
    });
    log(`[fuzz firmware] done: ${JSON.stringify(firmware)}`);
  }
  const ok =
    (decoder === null || (decoder.throws === 0 && decoder.roundTripFailures === 0 && decoder.framerViolations === 0)) &&
    (firmware === null || (firmware.missingReplies === 0 && firmware.disagreements === 0 && firmware.boots === 0 && firmware.pingsAnswered === firmware.pings));
  return { seed: options.seed, decoder, firmware, ok };
}
