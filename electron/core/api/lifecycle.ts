/**
 * /-/healthy, /-/ready, /-/reload and /-/quit, with Prometheus's status codes and texts.
 * Reload and quit need the per-install token (policy `admin`) where Prometheus needs
 * --web.enable-lifecycle.
 */

import type { ApiDeps } from './deps.js';
import { sendText } from './respond.js';
import type { RequestContext, Router } from './router.js';

export function registerLifecycle(r: Router, deps: ApiDeps): void {
  let quitting = false;
  r.get('/-/healthy', (c) => sendText(c.req, c.res, 200, 'Hearth Server is Healthy.\n'));
  r.get('/-/ready', (c) =>
    deps.ready() ? sendText(c.req, c.res, 200, 'Hearth Server is Ready.\n') : sendText(c.req, c.res, 503, 'Service Unavailable'),
  );
  const onlyPostPut = (c: RequestContext) => sendText(c.req, c.res, 405, 'Only POST or PUT requests allowed');
  r.get('/-/reload', onlyPostPut);
  r.get('/-/quit', onlyPostPut);
  r.postPut(
    '/-/reload',
    async (c) => {
      if (!deps.reload) {
        sendText(c.req, c.res, 200, '');
        return;
      }
      try {
        await deps.reload();
      } catch (e) {
        sendText(c.req, c.res, 500, `failed to reload config: ${(e as Error).message}\n`);
        return;
      }
      sendText(c.req, c.res, 200, '');
    },
    { policy: 'admin' },
  );
  r.postPut(
    '/-/quit',
    (c) => {
      if (quitting) {
        sendText(c.req, c.res, 200, 'Termination already in progress.');
        return;
      }
      quitting = true;
      sendText(c.req, c.res, 200, 'Requesting termination... Goodbye!');
      // Answer first; the shutdown closes this server.
      c.res.once('finish', () => deps.quit?.());
    },
    { policy: 'admin' },
  );
}
