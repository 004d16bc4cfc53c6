import type { CancelSignal } from '../query/index.js';
import type { RequestContext } from './router.js';

/** Becomes aborted when the client goes away before the answer is written. */
export function abortSignalOf(ctx: RequestContext): CancelSignal {
  const signal = { aborted: false };
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) signal.aborted = true;
  });
  return signal;
}
