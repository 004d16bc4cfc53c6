/** The contract between the discovery manager and one discovery mechanism. */

import type { TargetGroup } from './targetGroup.js';

/**
 * One running discovery (one static/file_sd/http_sd entry). It reports groups through the
 * `send` callback given to start(): each call carries groups that changed; a group with no
 * targets under a known source means that group is gone.
 */
export interface Provider {
  start(send: (groups: TargetGroup[]) => void): void;
  /** Stops timers, watchers and requests; no send() after it resolves. */
  stop(): Promise<void>;
  /** Resolves once the first discovery round has completed (successfully or not). */
  readonly initialized: Promise<void>;
}
