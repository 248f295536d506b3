// @ts-check
/**
 * `npm run build:web`: the static site, in site/ (git-ignored). The console at site/index.html and
 * the visitor page at site/exhibit/index.html are the very files of dashboard/ (console/, exhibit/,
 * kit/), copied, but for the scripts only the Node host loads (its HTTP carrier, its token dialog);
 * the HTML is changed only where the host shows: absolute addresses made relative (a
 * site may live under a path, as GitHub Pages' /<repo>/ does), boot.js (the Node host's HTTP
 * carrier) replaced by siteBoot.js (the worker's carrier), and the manifest linked. The exhibit
 * itself (src/runtime over src/hosts/browser, the board catalogue and firmware) is bundled by esbuild
 * into site/worker.js. site/sw.js (dashboard/site/sw.js with this build's version and file list)
 * caches it all for offline use; the version is a hash of the files, so a new build is a new cache.
 * Plain JavaScript so it runs on every supported Node without tsx; tests import buildWeb().
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundlePageCore } from './ensure-built.mjs';
import { earlyWorkerScript } from '../dashboard/kit/siteTab.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dashboard = join(root, 'dashboard');
const uplotDir = dirname(createRequire(import.meta.url).resolve('uplot'));

/** Every file under `dir`, as paths relative to it with '/' separators, sorted. */
function filesUnder(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), base) : [relative(base, join(dir, e.name)).split('\\').join('/')]))
    .sort();
}

/**
 * A page's HTML for the site: `/x` addresses relative to where the page is (`depth` folders below the
 * site's root), the site's boot script, the site's manifest, and an import map for the one module
 * the console imports by an absolute address (uPlot), so the JavaScript files stay as they are.
 */
export function sitePage(html, depth, version) {
  const up = '../'.repeat(depth) || './';
  let out = html
    .replace(/(href|src)="\/(?!\/)/g, `$1="${up}`)
    .replace(/\/js\/boot\.js"/, '/js/siteBoot.js"')
    .replace(/\s*<link rel="modulepreload" href="[^"]*kit\/httpClient\.js">/, '')
    .replace('<html lang="en">', `<html lang="en" data-build="${version}">`);
  // (Preloading every module of the page was tried: its compiling then delays the worker's start.)
  const boot = ['kit/siteTab.js', 'kit/workerClient.js', 'kit/exhibitClient.js', 'kit/seqOrder.js', 'kit/offline.js'];
  const head = [
    // First of all: the exhibit's worker starts loading (kit/siteTab.js takes it).
    `<script>${earlyWorkerScript(`${up}worker.js`)}</script>`,
    // Before any module is loaded or preloaded: import maps apply only to what comes after them.
    `<script type="importmap">{"imports":{"/vendor/uplot/uPlot.esm.js":"${up}vendor/uplot/uPlot.esm.js"}}</script>`,
    // The modules that start the exhibit's worker, fetched side by side rather than found one by one.
    ...boot.map((m) => `<link rel="modulepreload" href="${up}${m}">`),
    `<link rel="manifest" href="${up}manifest.webmanifest">`,
    `<link rel="icon" href="${up}icon.svg" type="image/svg+xml">`,
  ];
  out = out.replace('<link rel="icon" href="data:,">', head.join('\n  '));
  if (out.includes('/js/boot.js')) throw new Error('build:web: a page still boots the Node host (boot.js)');
  return out;
}

/**
 * The pages' scripts the site never loads: the Node host's HTTP carrier and staff-token dialog. The
 * graph of each site page is read from its boot script by esbuild (nothing is written), so a module
 * a site page imports is never left out.
 */
async function scriptsOnlyNodeLoads(out) {
  const reached = new Set();
  for (const boot of ['console/js/siteBoot.js', 'exhibit/js/siteBoot.js']) {
    const { metafile } = await build({ entryPoints: [join(dashboard, boot)], bundle: true, write: false, metafile: true, format: 'esm', platform: 'browser', external: ['/vendor/*'], logLevel: 'error', absWorkingDir: dashboard });
    for (const input of Object.keys(metafile.inputs)) reached.add(input);
  }
  return ['console', 'exhibit', 'kit'].flatMap((dir) => filesUnder(join(out, dir)).map((f) => `${dir}/${f}`)).filter((f) => f.endsWith('.js') && !reached.has(f));
}

/**
 * Builds the site into `out` (default site/); `label` goes into the version (tests build two
 * different sites from one tree). Resolves to { out, version, files, metafile }.
 */
export async function buildWeb({ out = join(root, 'site'), label = '', minify = true } = {}) {
  if (!bundlePageCore()) throw new Error('build:web: the pages\' core (dashboard/kit/core.js) could not be bundled');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const dir of ['console', 'exhibit', 'kit']) cpSync(join(dashboard, dir), join(out, dir), { recursive: true });
  rmSync(join(out, 'console', 'index.html'));
  for (const f of await scriptsOnlyNodeLoads(out)) rmSync(join(out, f));
  mkdirSync(join(out, 'vendor', 'uplot'), { recursive: true });
  for (const f of ['uPlot.esm.js', 'uPlot.min.css']) cpSync(join(uplotDir, f), join(out, 'vendor', 'uplot', f));
  cpSync(join(dashboard, 'site', 'icon.svg'), join(out, 'icon.svg'));
  cpSync(join(dashboard, 'site', 'manifest.webmanifest'), join(out, 'manifest.webmanifest'));

  const result = await build({
    // The exhibit's worker, in one file (a second request would wait for the first): it also flashes
    // for "Flash a board" (flashInWorker.ts).
    entryPoints: { worker: join(root, 'src', 'hosts', 'browser', 'exhibitWorker.ts') },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify,
    metafile: true,
    outdir: out,
    logLevel: 'error',
    legalComments: 'none',
  });

  // The version: every file but the pages (which carry it) and the service worker (which is made of it).
  const hash = createHash('sha256').update(label);
  for (const f of filesUnder(out)) hash.update(f).update(readFileSync(join(out, f)));
  hash.update(readFileSync(join(dashboard, 'console', 'index.html'))).update(readFileSync(join(dashboard, 'exhibit', 'index.html')));
  const version = hash.digest('hex').slice(0, 12);

  writeFileSync(join(out, 'index.html'), sitePage(readFileSync(join(dashboard, 'console', 'index.html'), 'utf8'), 0, version));
  writeFileSync(join(out, 'exhibit', 'index.html'), sitePage(readFileSync(join(dashboard, 'exhibit', 'index.html'), 'utf8'), 1, version));

  const files = ['./', 'exhibit/', ...filesUnder(out)];
  const sw = readFileSync(join(dashboard, 'site', 'sw.js'), 'utf8').replace("'__VERSION__'", JSON.stringify(version)).replace('[/* __FILES__ */]', JSON.stringify(files));
  writeFileSync(join(out, 'sw.js'), sw);
  return { out, version, files, metafile: result.metafile };
}

async function main() {
  const started = performance.now();
  const { out, version, files } = await buildWeb();
  const bytes = files.filter((f) => !f.endsWith('/')).reduce((n, f) => n + statSync(join(out, f)).size, 0);
  console.log(`site/ built (version ${version}): ${files.length - 2} files, ${(bytes / 1024).toFixed(0)} kB, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log('Try it: npm run serve:web, then open http://localhost:8090/ (the console) or http://localhost:8090/exhibit/ (the visitor page)');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
