/**
 * /api/v1/rules, /api/v1/alerts and /api/v1/alertmanagers.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#rules
 *
 * NOTE: the rule engine is not wired yet, so rules and alerts answer as a Prometheus with no
 * rule files does (empty groups, no alerts), after checking parameters as Prometheus checks
 * them. Alertmanagers are those the config's `alerting` section names in static_configs.
 */

import { goQuote } from '../../../../shared/text/quote.js';
import type { AlertmanagerConfig } from '../../config/index.js';
import type { ApiDeps } from '../deps.js';
import { readParams } from '../params.js';
import { ApiError, sendSuccess } from '../respond.js';
import type { RequestContext } from '../router.js';
import { matcherSets } from './labels.js';

export function ruleHandlers(deps: ApiDeps) {
  return {
    async rules(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const type = (p.get('type') ?? '').toLowerCase();
      if (type !== '' && type !== 'alert' && type !== 'record') {
        throw new ApiError('bad_data', `invalid parameter "type": not supported value ${goQuote(type)}`);
      }
      matcherSets(p);
      const exclude = p.get('exclude_alerts');
      if (exclude !== null && exclude !== '' && !['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False', 'T', 'F'].includes(exclude)) {
        throw new ApiError('bad_data', `invalid parameter "exclude_alerts": strconv.ParseBool: parsing ${goQuote(exclude)}: invalid syntax`);
      }
      const limitText = p.get('group_limit') ?? '';
      const token = p.get('group_next_token') ?? '';
      if (limitText !== '' && !/^\d+$/.test(limitText)) {
        throw new ApiError('bad_data', `invalid parameter "group_limit": group_limit needs to be greater than 0`);
      }
      if (token !== '' && (limitText === '' || Number(limitText) <= 0)) {
        throw new ApiError('bad_data', 'invalid parameter "group_next_token": group_limit needs to be present in order to paginate over the groups');
      }
      sendSuccess(ctx.req, ctx.res, { groups: [] });
    },

    alerts(ctx: RequestContext): void {
      sendSuccess(ctx.req, ctx.res, { alerts: [] });
    },

    alertmanagers(ctx: RequestContext): void {
      const active: Array<{ url: string }> = [];
      for (const am of deps.config().alerting.alertmanagers) {
        for (const sc of am.staticConfigs) for (const target of sc.targets) active.push({ url: alertmanagerUrl(am, target) });
      }
      sendSuccess(ctx.req, ctx.res, { activeAlertmanagers: active, droppedAlertmanagers: [] });
    },
  };
}

/** As Prometheus's notifier builds it: scheme://target/<path_prefix>/api/v2/alerts. */
export function alertmanagerUrl(am: AlertmanagerConfig, target: string): string {
  const prefix = am.pathPrefix.replace(/\/+$/, '');
  const path = `${prefix.startsWith('/') || prefix === '' ? '' : '/'}${prefix}/api/v2/alerts`;
  return `${am.scheme}://${target}${path}`;
}
