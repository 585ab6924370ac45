import list from './common-passwords.json';

/**
 * Passwords too common to allow (NIST SP 800-63B 5.1.1.2: refuse commonly used values): the data file
 * `common-passwords.json`, one lower-cased entry per line, made into a set once at start-up.
 *
 * The list: the 4,000 most frequent entries of the ranked password list shipped by
 * @zxcvbn-ts/language-common 4.1.3 (MIT; derived from Dropbox zxcvbn, whose list comes from public
 * password-leak statistics), plus every entry of that list at least 12 characters long. Entries are
 * data for rejecting passwords, not words chosen by this project. Regenerate with the same rule if the
 * list changes.
 *
 * passwordProblem() also strips leading and trailing digits and symbols before looking a password
 * up, so "monkey2024!!!" is caught through "monkey".
 *
 * JSON rather than plain text so that every tool that loads the server's code — the esbuild bundles of
 * server/build.mjs and of the CLI tests, tsx, vitest — includes it with no loader and no copying.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(list);
