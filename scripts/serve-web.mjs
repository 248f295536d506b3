// @ts-check
/**
 * `npm run serve:web`: serves the built site (site/, from `npm run build:web`) on http://localhost,
 * a secure context, as Web Serial and service workers need. A tiny static file server for trying the
 * site and for the tests; to publish, copy site/ to any static host (docs/browser.md). `root` can be
 * changed while it runs: the update test serves one build, then another, at the same address.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
};

/** Serves `root` on localhost:`port` (0: any free port); resolves to { url, server, setRoot(dir), close() }. */
export async function serveSite(root, port = 0) {
  let dir = root;
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = normalize(join(dir, path));
    if (file !== dir && !file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) {
      res.writeHead(404).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`${path} is not in the site`);
      return;
    }
    // No caching by the browser's HTTP cache: the service worker keeps the offline copy.
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(port, 'localhost', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://localhost:${address.port}/`,
    server,
    setRoot: (next) => (dir = next),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve(undefined)); }),
  };
}

async function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'site');
  if (!existsSync(join(root, 'index.html'))) {
    console.error('site/ is not built yet: run npm run build:web first');
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 8090);
  const { url } = await serveSite(root, port);
  console.log(`serving site/ on ${url} (the console) and ${url}exhibit/ (the visitor page); Ctrl-C stops`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
