/**
 * What a staff token must be. Off loopback (and on a kiosk) the token is all that stands between a
 * visitor's phone and the exhibit's controls, and the unit we shipped once set `change-me` on
 * 0.0.0.0, which the server took. A token is refused when it is shorter than 16 characters or is one
 * of the tokens our own README, docs and deploy files show (the one list of them is here; a test
 * checks that every token those files show is on it).
 */
import { randomBytes } from 'node:crypto';
import { NbError } from '../core/errors.js';

export const MIN_TOKEN_LENGTH = 16;

/** Tokens shown as examples in README.md, docs/ and deploy/, or that people type as placeholders. */
export const EXAMPLE_TOKENS: readonly string[] = ['change-me', 'changeme', 'change-me-please', 'your-token', 'your-token-here', 'secret', 'password', 'token', '<token>', 'neuroboard'];

/** The command that makes a good token, as the messages and docs show it. */
export const MAKE_TOKEN_COMMAND = `node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))"`;

/** A new token: 18 random bytes, 24 characters of base64url (letters, digits, - and _). */
export function newStaffToken(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Throws NB_ERR_WEAK_TOKEN (exit 78) when `token` is too short or a documented example, saying how
 * to make a good one. `from` says where it came from ("--token or NEUROBOARD_TOKEN", a file).
 */
export function checkStaffToken(token: string, from: string): void {
  const problem = EXAMPLE_TOKENS.includes(token.trim().toLowerCase())
    ? `is "${token}", an example from the docs that anyone can look up`
    : token.length < MIN_TOKEN_LENGTH
      ? `is ${token.length} characters long; it needs at least ${MIN_TOKEN_LENGTH}`
      : null;
  if (problem === null) return;
  throw new NbError(
    'NB_ERR_WEAK_TOKEN',
    `the staff token (${from}) ${problem}. Make one with: ${MAKE_TOKEN_COMMAND}, or leave it unset and neuroboard makes one, keeps it in <data folder>/staff-token and prints it at start`,
    { field: 'token' },
  );
}
