/**
 * The live event stream's fan-out: listens to the exhibit's numbered events once (ExhibitFeed), turns
 * each into SSE text once, and writes that text to every connected client.
 *
 * Why a byte budget per client: a phone that walks out of Wi-Fi range keeps its TCP connection
 * open for minutes, and every event written meanwhile would pile up in Node's buffer for that
 * socket. A client more than `maxBufferedBytes` behind is disconnected instead; its EventSource
 * reconnects by itself and starts again from a fresh `hello` snapshot, which is better than being
 * fed stale cascades. Memory per client therefore stays below the budget plus one event.
 *
 * Why caps on the number of streams: see streamCaps.ts. A stream beyond a cap is refused before its
 * headers go out, with a 503 that says which cap and what to do.
 */
import type { ServerResponse } from 'node:http';
import { NbError } from '../core/errors.js';
import type { ExhibitFeed, FeedEventName, FeedSnapshot } from '../runtime/exhibitFeed.js';
import { DEFAULT_MAX_STREAMS, DEFAULT_MAX_STREAMS_PER_ADDRESS, StreamCaps, type StreamRefusal } from './streamCaps.js';
import { publicText, withPublicLog } from './publicText.js';

export interface EventHubOptions {
  /** Disconnect a client when this many bytes wait unsent for it. */
  maxBufferedBytes?: number;
  /** A comment line this often keeps proxies and phones from closing an idle stream. */
  heartbeatMs?: number;
  /** Streams held at once, from every client together (default 200). */
  maxStreams?: number;
  /** Streams held at once from one client address (default 10). */
  maxStreamsPerAddress?: number;
  /** `log` events (and the `hello`'s log lines) without file paths and system errors (publicText.ts): the stream is open off loopback. */
  publicLog?: boolean;
}

export interface EventHubStats {
  clients: number;
  /** Clients disconnected for falling behind, since start. */
  slowDisconnects: number;
  /** Streams refused because a cap was reached, since start. */
  refused: number;
  events: number;
}

/** Seconds a refused client is told to wait (Retry-After) before it tries again. */
export const STREAM_RETRY_AFTER_S = 10;

/** The events the stream carries, by name: the feed's, and `hello` (the whole state) first on every stream. */
export type StreamEventName = FeedEventName | 'hello';

/** One SSE message as text: `event:` and one `data:` line (JSON never holds a raw newline). */
export function formatSse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class EventHub {
  /** Each client's stream and the address its cap slot is counted under. */
  private readonly clients = new Map<ServerResponse, string>();
  private readonly caps: StreamCaps;
  private readonly maxBufferedBytes: number;
  private readonly publicLog: boolean;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private slowDisconnects = 0;
  private refused = 0;
  private events = 0;

  constructor(feed: ExhibitFeed, options: EventHubOptions = {}) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024;
    this.publicLog = options.publicLog ?? false;
    this.caps = new StreamCaps({
      maxStreams: options.maxStreams ?? DEFAULT_MAX_STREAMS,
      maxStreamsPerAddress: options.maxStreamsPerAddress ?? DEFAULT_MAX_STREAMS_PER_ADDRESS,
    });
    this.unsubscribe = feed.subscribe(({ name, data }) =>
      this.broadcast(name, name === 'log' && options.publicLog ? { ...data, message: publicText(data.message) } : data),
    );
    this.heartbeat = setInterval(() => this.writeAll(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  /**
   * The error to answer a new stream from `address` with when a cap is reached (nothing is counted),
   * or null when there is room. Ask before sending the stream's headers, then `add` it at once.
   */
  refusal(address: string): NbError | null {
    const refused = this.caps.refusal(address);
    if (!refused) return null;
    this.refused++;
    return tooManyStreams(refused, address);
  }

  /** Adds a client whose SSE headers are already sent, counted under `address`; its first event is `hello`. */
  add(raw: ServerResponse, address: string, hello: FeedSnapshot): void {
    // Nothing can open a stream between `refusal` and here (both run in one turn of the event loop);
    // a client that has gone meanwhile has no close event left to release its slot, so it is not counted.
    if (raw.destroyed || this.caps.take(address) !== null) {
      raw.destroy();
      return;
    }
    this.clients.set(raw, address);
    raw.once('close', () => this.drop(raw));
    this.write(raw, formatSse('hello', this.publicLog ? withPublicLog(hello) : hello));
  }

  /** Sends one event to every client. */
  broadcast(event: StreamEventName, data: unknown): void {
    this.events++;
    if (this.clients.size > 0) this.writeAll(formatSse(event, data));
  }

  get stats(): EventHubStats {
    return { clients: this.clients.size, slowDisconnects: this.slowDisconnects, refused: this.refused, events: this.events };
  }

  /** Ends every stream (so the server can close) and stops listening to the feed. */
  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const raw of this.clients.keys()) {
      this.drop(raw);
      raw.end();
    }
  }

  private writeAll(text: string): void {
    for (const raw of this.clients.keys()) this.write(raw, text);
  }

  private write(raw: ServerResponse, text: string): void {
    if (raw.destroyed || raw.writableEnded) {
      this.drop(raw);
      return;
    }
    if (raw.writableLength + text.length > this.maxBufferedBytes) {
      this.slowDisconnects++;
      this.drop(raw);
      raw.destroy();
      return;
    }
    raw.write(text);
  }

  /** Stops writing to a client and frees its cap slot; safe to call more than once. */
  private drop(raw: ServerResponse): void {
    const address = this.clients.get(raw);
    if (address === undefined) return;
    this.clients.delete(raw);
    this.caps.release(address);
  }
}

/** What the 503 says: which cap, and what the person at the screen can do about it. */
function tooManyStreams(refused: StreamRefusal, address: string): NbError {
  const what =
    refused.cap === 'total'
      ? `the live event stream already has ${refused.limit} clients, the most this server takes at once (events.maxStreams)`
      : `${address} already holds ${refused.limit} live event streams, the most one address may hold at once (events.maxStreamsPerAddress); every open console or exhibit page holds one`;
  return new NbError(
    'NB_ERR_TOO_MANY_STREAMS',
    `${what}. Close the pages or tabs of this exhibit that nobody is looking at, then reload this one (or retry after ${STREAM_RETRY_AFTER_S} s)`,
  );
}
