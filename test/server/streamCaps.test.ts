/** The event stream's caps as bookkeeping: in total and per address, with many addresses (loopback tests have one). */
import { describe, expect, it } from 'vitest';
import { NbError } from '../../src/core/errors.js';
import { DEFAULT_MAX_STREAMS, DEFAULT_MAX_STREAMS_PER_ADDRESS, StreamCaps, addressKey } from '../../src/server/streamCaps.js';

const defaults = () => new StreamCaps({ maxStreams: DEFAULT_MAX_STREAMS, maxStreamsPerAddress: DEFAULT_MAX_STREAMS_PER_ADDRESS });

describe('StreamCaps', () => {
  it('defaults: 200 streams in all and 10 per address, which leaves most of a 1,024-descriptor limit to the rest', () => {
    expect(DEFAULT_MAX_STREAMS).toBe(200);
    expect(DEFAULT_MAX_STREAMS_PER_ADDRESS).toBe(10);
    expect(1024 - DEFAULT_MAX_STREAMS).toBeGreaterThanOrEqual(800);
  });

  it('one address holding its 10 gets the 11th refused by the per-address cap; another address still gets in', () => {
    const caps = defaults();
    for (let i = 0; i < 10; i++) expect(caps.take('10.0.0.7')).toBeNull();
    expect(caps.take('10.0.0.7')).toEqual({ cap: 'address', limit: 10 });
    expect(caps.countFor('10.0.0.7')).toBe(10);
    expect(caps.take('10.0.0.8')).toBeNull();
    expect(caps.streams).toBe(11);
  });

  it('many addresses: 20 addresses of 10 fill the 200, then a 21st address is refused by the total cap', () => {
    const caps = defaults();
    for (let a = 0; a < 20; a++) for (let i = 0; i < 10; i++) expect(caps.take(`10.0.1.${a}`)).toBeNull();
    expect(caps.streams).toBe(200);
    expect(caps.take('10.0.2.1')).toEqual({ cap: 'total', limit: 200 });
    expect(caps.refusal('10.0.1.0')).toEqual({ cap: 'total', limit: 200 });
    caps.release('10.0.1.3');
    expect(caps.take('10.0.2.1')).toBeNull();
    expect(caps.streams).toBe(200);
  });

  it('a refused take counts nothing, and releasing frees exactly one slot; an address at 0 is forgotten', () => {
    const caps = new StreamCaps({ maxStreams: 3, maxStreamsPerAddress: 2 });
    expect(caps.take('a')).toBeNull();
    expect(caps.take('a')).toBeNull();
    expect(caps.take('a')).not.toBeNull();
    expect(caps.streams).toBe(2);
    caps.release('a');
    caps.release('a');
    expect(caps.streams).toBe(0);
    expect(caps.addresses).toBe(0);
    caps.release('a'); // one release too many (a stream closed twice) does not go below 0
    caps.release('never-seen');
    expect(caps.streams).toBe(0);
    expect(caps.take('a')).toBeNull();
  });

  it('refuses limits that are not whole numbers ≥ 1, naming the option', () => {
    expect(() => new StreamCaps({ maxStreams: 0, maxStreamsPerAddress: 1 })).toThrow(NbError);
    expect(() => new StreamCaps({ maxStreams: 10, maxStreamsPerAddress: 1.5 })).toThrow(/events\.maxStreamsPerAddress must be a whole number/);
  });

  it('keys an IPv4 client reached over IPv6 (::ffff:10.0.0.7) as the same address as 10.0.0.7', () => {
    expect(addressKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(addressKey('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('fe80::1')).toBe('fe80::1');
    expect(addressKey(undefined)).toBe('unknown');
  });
});
