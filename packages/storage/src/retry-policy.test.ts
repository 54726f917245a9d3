import { describe, expect, it } from "vitest";
import { isRetryableStatus } from "./retry-policy.js";

// backoffDelay and parseRetryAfter are covered in store-helpers.test.ts
describe("isRetryableStatus", () => {
  it("retries only statuses that may pass: timeouts, throttling, overload, CDN origin errors", () => {
    const retried = [408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524];
    const final = [200, 206, 400, 401, 403, 404, 409, 416, 499, 501, 505, 506, 507, 508];
    final.push(510, 511, 525, 526, 530, 599);
    for (const status of retried) expect(isRetryableStatus(status), `${status}`).toBe(true);
    for (const status of final) expect(isRetryableStatus(status), `${status}`).toBe(false);
  });
});
