/**
 * How many live event streams the server holds, in total and per client address. Each stream is an
 * open connection, so a file descriptor for as long as the page is open: without a cap one client
 * could hold every descriptor the process may have (1,024 under systemd's and most shells' default)
 * and the API, the boards' serial ports and the saves would get none. Pure bookkeeping, no I/O, so
 * the caps can be tested with any number of addresses (on loopback every test client has one).
 */
import { NbError } from '../core/errors.js';

/** 200 screens and phones at once is far more than an exhibit draws, and leaves ~800 of 1,024 descriptors to the rest. */
export const DEFAULT_MAX_STREAMS = 200;
/** A console with a few tabs, a kiosk and a phone behind one address; one client cannot take the whole total. */
export const DEFAULT_MAX_STREAMS_PER_ADDRESS = 10;

export interface StreamCapLimits {
  maxStreams: number;
  maxStreamsPerAddress: number;
}

/** Which cap a new stream would break, and that cap's limit. */
export interface StreamRefusal {
  cap: 'total' | 'address';
  limit: number;
}

/** The key for one client: its address, with IPv4-mapped IPv6 (`::ffff:10.0.0.7`) folded to IPv4. */
export function addressKey(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return 'unknown';
  return remoteAddress.toLowerCase().startsWith('::ffff:') && remoteAddress.includes('.') ? remoteAddress.slice(7) : remoteAddress;
}

export class StreamCaps {
  private readonly perAddress = new Map<string, number>();
  private total = 0;

  constructor(readonly limits: StreamCapLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new NbError('NB_ERR_INVALID_ARGUMENT', `events.${name} must be a whole number of streams, at least 1, not ${String(value)}`, { field: `events.${name}` });
      }
    }
  }

  /** The cap a new stream from `address` would break, or null when there is room. */
  refusal(address: string): StreamRefusal | null {
    if (this.total >= this.limits.maxStreams) return { cap: 'total', limit: this.limits.maxStreams };
    if (this.countFor(address) >= this.limits.maxStreamsPerAddress) return { cap: 'address', limit: this.limits.maxStreamsPerAddress };
    return null;
  }

  /** Counts a stream from `address` when there is room; otherwise counts nothing and says which cap refused it. */
  take(address: string): StreamRefusal | null {
    const refused = this.refusal(address);
    if (refused) return refused;
    this.total++;
    this.perAddress.set(address, this.countFor(address) + 1);
    return null;
  }

  /** Forgets one stream of `address` (call once per successful `take`). */
  release(address: string): void {
    const count = this.countFor(address);
    if (count === 0) return;
    this.total--;
    if (count === 1) this.perAddress.delete(address);
    else this.perAddress.set(address, count - 1);
  }

  /** Streams counted, from every address. */
  get streams(): number {
    return this.total;
  }

  countFor(address: string): number {
    return this.perAddress.get(address) ?? 0;
  }

  /** How many addresses hold at least one stream (the map never keeps an address at 0). */
  get addresses(): number {
    return this.perAddress.size;
  }
}
