/**
 * The staff token, asked in the console's dialog when the server refuses a change without it (off
 * loopback, or on a kiosk). The console's ExhibitClient calls it on a 401 and keeps what is typed.
 */

/** Resolves to the token typed, or null when staff cancel. */
export function askToken() {
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  return new Promise((resolve) => {
    input.value = '';
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok' ? input.value.trim() : null), { once: true });
    dialog.showModal();
  });
}
