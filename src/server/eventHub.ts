/**
 * The live event stream's fan-out: listens to the exhibit once, turns each event into SSE text once,
 * and writes that text to every connected client.
 *
 * Why a byte budget per client: a phone that walks out of Wi-Fi range keeps its TCP connection
 * open for minutes, and every event written meanwhile would pile up in Node's buffer for that
 * socket. A client more than `maxBufferedBytes` behind is disconnected instead; its EventSource
 * reconnects by itself and starts again from a fresh `hello` snapshot, which is better than being
 * fed stale cascades. Memory per client therefore stays below the budget plus one event.
 */
import type { ServerResponse } from 'node:http';
import type { Exhibit, ExhibitEvents } from '../runtime/exhibit.js';
import { publicText } from './publicText.js';

export interface EventHubOptions {
  /** Disconnect a client when this many bytes wait unsent for it. */
  maxBufferedBytes?: number;
  /** A comment line this often keeps proxies and phones from closing an idle stream. */
  heartbeatMs?: number;
  /** `log` events without file paths and system errors (publicText.ts): the stream is open off loopback. */
  publicLog?: boolean;
}

export interface EventHubStats {
  clients: number;
  /** Clients disconnected for falling behind, since start. */
  slowDisconnects: number;
  events: number;
}

/** The events the stream carries, by name. */
export type StreamEventName = keyof ExhibitEvents | 'hello';

/** One SSE message as text: `event:` and one `data:` line (JSON never holds a raw newline). */
export function formatSse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly maxBufferedBytes: number;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private slowDisconnects = 0;
  private events = 0;

  constructor(exhibit: Exhibit, options: EventHubOptions = {}) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024;
    const listeners: { [K in keyof ExhibitEvents]: (...args: ExhibitEvents[K]) => void } = {
      trace: (trace, source) => this.broadcast('trace', { source, ...trace }),
      cascade: (step) => this.broadcast('cascade', step),
      board: (board) => this.broadcast('board', board),
      training: (status) => this.broadcast('training', status),
      try: (event) => this.broadcast('try', event),
      corpus: (change) => this.broadcast('corpus', change),
      log: (level, message) => this.broadcast('log', { level, message: options.publicLog ? publicText(message) : message, at: Date.now() }),
      visitors: (state) => this.broadcast('visitors', state),
      // Every press would be noise on the stream: `visitors` carries what a page needs.
      activity: () => undefined,
      story: (state) => this.broadcast('story', state),
    };
    for (const [name, fn] of Object.entries(listeners)) exhibit.on(name as keyof ExhibitEvents, fn as never);
    this.unsubscribe = () => {
      for (const [name, fn] of Object.entries(listeners)) exhibit.off(name as keyof ExhibitEvents, fn as never);
    };
    this.heartbeat = setInterval(() => this.writeAll(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  /** Adds a client whose SSE headers are already sent. Returns the function that removes it. */
  add(raw: ServerResponse, hello: unknown): () => void {
    this.clients.add(raw);
    const remove = () => this.clients.delete(raw);
    raw.once('close', remove);
    this.write(raw, formatSse('hello', hello));
    return remove;
  }

  /** Sends one event to every client. */
  broadcast(event: StreamEventName, data: unknown): void {
    this.events++;
    if (this.clients.size > 0) this.writeAll(formatSse(event, data));
  }

  get stats(): EventHubStats {
    return { clients: this.clients.size, slowDisconnects: this.slowDisconnects, events: this.events };
  }

  /** Ends every stream (so the server can close) and stops listening to the exhibit. */
  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const raw of this.clients) raw.end();
    this.clients.clear();
  }

  private writeAll(text: string): void {
    for (const raw of this.clients) this.write(raw, text);
  }

  private write(raw: ServerResponse, text: string): void {
    if (raw.destroyed || raw.writableEnded) {
      this.clients.delete(raw);
      return;
    }
    if (raw.writableLength + text.length > this.maxBufferedBytes) {
      this.slowDisconnects++;
      this.clients.delete(raw);
      raw.destroy();
      return;
    }
    raw.write(text);
  }
}
