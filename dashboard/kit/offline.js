/**
 * The static site works offline and installs as an app: this registers its service worker
 * (site/sw.js, written by scripts/build-web.mjs), which caches the build. Only where a page was
 * served as the site (the worker script is beside the kit): the Node host's pages do not call it.
 */
export async function registerOffline(swUrl = new URL('../sw.js', import.meta.url)) {
  if (!('serviceWorker' in navigator)) return null;
  try {
    const registration = await navigator.serviceWorker.register(swUrl, { scope: new URL('./', swUrl).pathname });
    // Look for a new build now, not at the browser's leisure: its worker caches it and replaces this one.
    await registration.update().catch(() => undefined); // offline: nothing to look for
    return registration;
  } catch (err) {
    console.warn(`neuroboard: the site will not work offline (${err.message})`);
    return null;
  }
}
