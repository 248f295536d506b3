/**
 * A page made of our own TypeScript, bundled with esbuild as the site will be (JSON and hex files
 * imported as data), served from memory on 127.0.0.1 (a secure context, as Web Serial requires), in
 * Debian's Chromium driven by playwright-core. Shared by the Web Serial tests and `npm run bench --
 * browser`. Scripts given as `initScripts` run before the page's own (page.addInitScript).
 */
import { createServer } from 'node:http';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { newBrowserContext } from './sharedChromium.js';


/** Bundles each entry (name → source path) for a browser: ES modules, or one classic script each ('iife'). */
export async function bundleForBrowser(entries: Record<string, string>, format: 'esm' | 'iife' = 'esm'): Promise<Record<string, string>> {
  const result = await build({ entryPoints: entries, bundle: true, platform: 'browser', format, target: 'es2022', write: false, outdir: 'out', logLevel: 'silent' });
  return Object.fromEntries(result.outputFiles.map((f) => [f.path.replace(/^.*\/out\//, '').replace(/\.js$/, ''), f.text]));
}

export interface BundledPage {
  page: Page;
  url: string;
  /** Console errors and uncaught exceptions of the page. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Serves `html` at / and each script at /<name>.js (and `files` at their paths), opens it in a fresh Chromium with `initScripts`
 * run first, and waits until `ready` holds in the page.
 */
export async function openBundledPage(options: {
  html: string;
  scripts: Record<string, string>;
  /** Files served as they are, by URL path ("/console/js/realBoards.js"), with their content type. */
  files?: Record<string, { type: string; body: string }>;
  initScripts?: string[];
  ready: string;
}): Promise<BundledPage> {
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]!;
    const script = name.endsWith('.js') ? options.scripts[name.slice(1, -3)] : undefined;
    const file = options.files?.[name];
    if (file) res.writeHead(200, { 'content-type': file.type }).end(file.body);
    else if (name === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(options.html);
    else if (name === '/favicon.ico') res.writeHead(204).end();
    else if (script !== undefined) res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}/`;
  let context: BrowserContext | null = null;
  const close = async (): Promise<void> => {
    await context?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  try {
    context = await newBrowserContext();
    for (const content of options.initScripts ?? []) await context.addInitScript({ content });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(options.ready, undefined, { timeout: 20_000 }).catch((err: Error) => {
      throw new Error(`${err.message}\n${errors.join('\n')}`);
    });
    return { page, url, errors, close };
  } catch (err) {
    await close();
    throw err;
  }
}
