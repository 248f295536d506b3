/**
 * How both hosts' stores write (AtomicJsonStore on Node, IndexedDbStore in a browser): one write at a
 * time, and saves asked for while one is being written share the next one, built when it begins. A
 * training loop that saves after every kept try then cannot build a queue, and the document (100,000
 * examples: most of a save's cost) is built and serialized once per write, not once per request.
 * Each request resolves once the write that holds it is durable, or rejects with the host's error.
 */
type Waiter = { resolve: () => void; reject: (err: Error) => void };

export class LatestWrites {
  private writing: Promise<void> = Promise.resolve();
  private pending: { build: () => unknown; waiters: Waiter[] } | null = null;

  /**
   * `write` puts the document's text where it is kept and resolves once it is durable; `failure`
   * turns what it threw into the error every waiting request is given.
   */
  constructor(
    private readonly write: (text: string) => Promise<void>,
    private readonly failure: (err: unknown) => Error,
  ) {}

  /** Saves what `build` returns when the write begins: every change made before this call is in it. */
  request(build: () => unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.pending) {
        this.pending.build = build;
        this.pending.waiters.push({ resolve, reject });
        return;
      }
      this.pending = { build, waiters: [{ resolve, reject }] };
      this.writing = this.writing.then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    const job = this.pending;
    this.pending = null;
    if (!job) return;
    try {
      // No indentation: with every number on a line of its own, 100,000 examples took twice the bytes and the time.
      await this.write(`${JSON.stringify(job.build())}\n`);
      for (const w of job.waiters) w.resolve();
    } catch (err) {
      const error = this.failure(err);
      for (const w of job.waiters) w.reject(error);
    }
  }
}
