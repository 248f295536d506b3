/** Reads an SSE stream with fetch, message by message, for the tests. */
export interface SseMessage {
  event: string;
  data: unknown;
}

export class SseReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  comments = 0;

  private constructor(
    readonly response: Response,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly controller: AbortController,
  ) {}

  static async open(url: string): Promise<SseReader> {
    const controller = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    if (!response.body) throw new Error(`${url}: no body`);
    return new SseReader(response, response.body.getReader(), controller);
  }

  /** The next message named `event` (others are skipped; ':comment' waits for a comment such as a heartbeat). */
  async next(event: string, timeoutMs = 10_000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const message = parse(block) ?? { event: ':comment', data: block };
        if (message.event === ':comment') this.comments++;
        if (message.event === event) return message;
        continue;
      }
      if (Date.now() > deadline) throw new Error(`no "${event}" event within ${timeoutMs} ms`);
      const chunk = await Promise.race([
        this.reader.read(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no "${event}" event within ${timeoutMs} ms`)), deadline - Date.now()).unref()),
      ]);
      if (chunk.done) throw new Error(`the stream ended before a "${event}" event`);
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  /** Resolves when the server ends the stream. */
  async ended(): Promise<void> {
    for (;;) {
      const chunk = await this.reader.read();
      if (chunk.done) return;
    }
  }

  close(): void {
    this.controller.abort();
  }
}

function parse(block: string): SseMessage | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length === 0) return null;
  return { event, data: JSON.parse(data.join('\n')) };
}
