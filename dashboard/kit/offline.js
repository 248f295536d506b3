/**
 * The static site works offline and installs as an app: this registers its service worker
 * (site/sw.js, written by scripts/build-web.mjs), which caches the build. Only where a page was
 * served as the site (the worker script is beside the kit): the Node host's pages do not call it.
 */
export function registerOffline(swUrl = new URL('../sw.js', import.meta.url)) {
  if (!('serviceWorker' in navigator)) return Promise.resolve(null);
  return navigator.serviceWorker.register(swUrl, { scope: new URL('./', swUrl).pathname }).catch((err) => {
    console.warn(`neuroboard: the site will not work offline (${err.message})`);
    return null;
  });
}
