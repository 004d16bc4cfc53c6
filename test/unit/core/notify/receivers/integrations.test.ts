import { describe, expect, it } from 'vitest';
import { buildIntegrations, integrationName } from '../../../../../electron/core/notify/receivers/integrations.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';

describe('integrations of a receiver', () => {
  it('makes one per config, named kind[index] under the receiver, with each kind\'s send_resolved default', () => {
    const ints = buildIntegrations(
      {
        name: 'ops',
        slackConfigs: [{ apiUrl: 'http://s' }, { apiUrl: 'http://s2', sendResolved: true }],
        webhookConfigs: [{ url: 'http://w' }],
        ntfyConfigs: [{ topic: 't' }],
        matrixConfigs: [{ homeserverUrl: 'http://m', roomId: '!r:m', accessToken: 'x', sendResolved: false }],
      },
      new NotifyTemplate(),
    );
    expect(ints.map(integrationName)).toEqual(['ops/webhook[0]', 'ops/slack[0]', 'ops/slack[1]', 'ops/ntfy[0]', 'ops/matrix[0]']);
    expect(ints.map((i) => i.notifier.sendResolved)).toEqual([true, false, true, true, false]);
  });

  it('makes none for a receiver without configs (a blackhole)', () => {
    expect(buildIntegrations({ name: 'null' }, new NotifyTemplate())).toEqual([]);
  });
});
