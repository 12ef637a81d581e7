/**
 * Lockout after repeated failed key checks (OWASP Authentication Cheat Sheet, "account lockout"):
 * a subject (a key prefix, a client address) that fails `limit` times within `windowMs` is locked
 * for `lockoutMs`; while locked, its key checks are refused before any scrypt runs, so guessing
 * costs the server nothing. Memory is bounded: at most MAX_SUBJECTS subjects are tracked, the
 * stalest forgotten first.
 */
export interface FailureLimits {
  limit: number;
  windowMs: number;
  lockoutMs: number;
}

interface Subject {
  failures: number[];
  lockedUntil: number;
}

const MAX_SUBJECTS = 100_000;

export class FailureLimiter {
  private readonly subjects = new Map<string, Subject>();

  constructor(private readonly limits: FailureLimits, private readonly now: () => number = Date.now) {}

  /** When the lockout of `subject` ends (ms since the epoch), or null when it is not locked. */
  lockedUntil(subject: string): number | null {
    const entry = this.subjects.get(subject);
    return entry !== undefined && entry.lockedUntil > this.now() ? entry.lockedUntil : null;
  }

  /** Counts a failure; true when it starts a lockout. */
  recordFailure(subject: string): boolean {
    const now = this.now();
    const entry = this.subjects.get(subject) ?? { failures: [], lockedUntil: 0 };
    this.subjects.delete(subject);
    entry.failures = entry.failures.filter((at) => now - at < this.limits.windowMs);
    entry.failures.push(now);
    const locks = entry.failures.length >= this.limits.limit && entry.lockedUntil <= now;
    if (locks) {
      entry.lockedUntil = now + this.limits.lockoutMs;
      entry.failures = [];
    }
    this.subjects.set(subject, entry);
    if (this.subjects.size > MAX_SUBJECTS) this.subjects.delete(this.subjects.keys().next().value!);
    return locks;
  }
}
