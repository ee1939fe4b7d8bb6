import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';

/** A sliding one-minute window of change requests per user. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly perMinute: number) {}

  /** Counts a request of the caller; 429 when over the limit. */
  check(credentials: BackstageCredentials) {
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    const key = principal.userEntityRef ?? principal.subject ?? 'unknown';
    const now = Date.now();
    const recent = (this.hits.get(key) ?? []).filter(t => now - t < 60_000);
    if (recent.length >= this.perMinute) {
      const error = new NotAllowedError(
        `Too many change requests: at most ${
          this.perMinute
        } per minute per user; wait ${Math.ceil(
          (60_000 - (now - recent[0])) / 1000,
        )} s and try again`,
      );
      (error as { statusCode?: number }).statusCode = 429;
      throw error;
    }
    recent.push(now);
    this.hits.set(key, recent);
  }
}
