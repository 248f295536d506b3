/** The browser bench's page: starts the workers bench/browser.ts asks for and hands back what they say. */

/** The part of a page's Worker this needs (bench/ is type-checked without the DOM's types). */
interface PageWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { data: { type?: string } }) => void): void;
  addEventListener(type: 'error', listener: (event: { message: string }) => void): void;
}
type WorkerConstructor = new (url: string, options: { type: 'module' }) => PageWorker;

const scope = globalThis as unknown as Record<string, unknown> & { Worker: WorkerConstructor };

/**
 * Starts a module worker at `url` and posts `messages` one after the other, each once the last reply
 * was one of `done` (any reply when `done` is empty); resolves with every reply after the last.
 */
scope['__inWorker'] = (url: string, messages: unknown[], done: string[]): Promise<unknown[]> =>
  new Promise((resolve, reject) => {
    const worker = new scope.Worker(url, { type: 'module' });
    const replies: unknown[] = [];
    worker.addEventListener('error', (e) => reject(new Error(e.message)));
    worker.addEventListener('message', (e) => {
      replies.push(e.data);
      if (done.length > 0 && !done.includes(e.data.type ?? '')) return;
      const next = messages.shift();
      if (next === undefined) {
        worker.terminate();
        resolve(replies);
      } else worker.postMessage(next);
    });
    worker.postMessage(messages.shift());
  });

let simWorker: PageWorker | null = null;
/** Who waits for the emulator worker's next reply (it answers each message once, in order). */
const waiting: ((reply: unknown) => void)[] = [];

/** Asks the one long-lived emulator worker (a site keeps one for the page's life) and resolves with its reply. */
scope['__askSimWorker'] = (url: string, message: unknown): Promise<unknown> =>
  new Promise((resolve) => {
    if (!simWorker) {
      simWorker = new scope.Worker(url, { type: 'module' });
      simWorker.addEventListener('message', (e) => waiting.shift()?.(e.data));
      simWorker.addEventListener('error', (e) => waiting.shift()?.({ error: e.message }));
    }
    waiting.push(resolve);
    simWorker.postMessage(message);
  });
