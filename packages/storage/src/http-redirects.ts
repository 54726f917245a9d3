/**
 * Redirects are followed by hand (fetch's `redirect: "manual"`), so that the caller's
 * headers (API keys, bearer tokens, signatures) only ever reach the origin the caller
 * asked for: fetch itself forwards every custom header to wherever a 3xx points, and
 * strips only `Authorization`. Browsers hide manual redirects (an "opaqueredirect"
 * response without its Location); there the request is sent again without the
 * caller's headers and the browser follows it (see HttpClient).
 */
import { HttpError } from "@zarrkit/core";

/**
 * - "follow": follow redirects to any http(s) URL; the caller's headers go only to
 *   hops on the origin of the URL asked for, other hops get none.
 * - "same-origin": follow redirects within the origin asked for; a redirect elsewhere
 *   fails with HttpError.
 * - "error": any redirect fails with HttpError.
 * Every policy refuses non-http(s) targets, https -> http downgrades, URLs with
 * user:password, and chains longer than `maxRedirects`.
 */
export type RedirectPolicy = "follow" | "same-origin" | "error";

export const DEFAULT_MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirectStatus(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/** What a redirect may do: the policy, and the method when it is not GET or HEAD. */
export interface RedirectRules {
  redirects: RedirectPolicy;
  maxRedirects: number;
  /**
   * Set for a request that writes (PUT, POST, DELETE, or any request with a body): it
   * follows only 307/308 (which keep the method and body) within the origin asked for,
   * so a body and its signature never reach another origin, whatever the policy.
   */
  method?: string | undefined;
}

/**
 * Where a redirect response leads, once the rules allow it; HttpError otherwise.
 * `hops` redirects were followed before this one; `origin` is the origin asked for.
 */
export function redirectTarget(
  response: Response,
  from: string,
  origin: string,
  rules: RedirectRules,
  hops: number,
): string {
  const status = response.status;
  const { redirects, maxRedirects, method } = rules;
  const refuse = (why: string) =>
    new HttpError(status, from, `HTTP ${status} redirect from ${from} refused: ${why}`);
  if (redirects === "error") throw refuse('redirects are not followed (redirects: "error")');
  if (hops >= maxRedirects) throw refuse(`more than ${maxRedirects} redirects (maxRedirects)`);
  if (method !== undefined && status !== 307 && status !== 308) {
    throw refuse(`a ${method} follows only 307 and 308, which keep its method and body`);
  }
  const location = response.headers.get("Location");
  if (location === null || location.trim() === "") throw refuse("no Location header");
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw refuse(`malformed Location ${JSON.stringify(location)}`);
  }
  checkRedirectUrl(target, from, origin, redirects, refuse);
  if (method !== undefined && target.origin !== origin) {
    throw refuse(`target ${target.origin} is another origin: a ${method} goes only to ${origin}`);
  }
  target.hash = "";
  return target.href;
}

/** The rules every redirect target must pass, whoever follows it (us or a browser). */
export function checkRedirectUrl(
  target: URL,
  from: string,
  origin: string,
  policy: RedirectPolicy,
  refuse: (why: string) => Error,
): void {
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw refuse(`target ${target.protocol} is not http(s)`);
  }
  if (target.username !== "" || target.password !== "") {
    throw refuse("target URL carries a user name or password");
  }
  if (new URL(from).protocol === "https:" && target.protocol === "http:") {
    throw refuse(`downgrade from https to ${target.origin}`);
  }
  if (policy === "same-origin" && target.origin !== origin) {
    throw refuse(`target ${target.origin} is another origin (redirects: "same-origin")`);
  }
}
