/**
 * /api/v1/rules, /api/v1/alerts and /api/v1/alertmanagers, as Prometheus 3's web/api/v1 answers
 * them: filters (type, rule_name[], rule_group[], file[], match[] on the rules' labels),
 * exclude_alerts, and paging by group_limit with an opaque group_next_token (the SHA-1 of the
 * group key, so a token survives a reload that keeps its group).
 * https://prometheus.io/docs/prometheus/latest/querying/api/#rules
 *
 * Alertmanagers are those the config's `alerting` section names in static_configs.
 */

import { createHash } from 'node:crypto';
import { formatGoFloatE } from '../../../../shared/text/float.js';
import { goQuote } from '../../../../shared/text/quote.js';
import type { Alert as AlertJson, AlertingRule as AlertingRuleJson, RecordingRule as RecordingRuleJson, RuleGroup as RuleGroupJson, RulesData } from '../../../../shared/api/rules.js';
import type { AlertmanagerConfig } from '../../config/index.js';
import { Labels } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import type { AlertingRule } from '../../rules/alerting.js';
import type { Rule, RuleGroup } from '../../rules/group.js';
import type { ActiveAlert } from '../../rules/types.js';
import type { ApiDeps } from '../deps.js';
import { readParams, type Params } from '../params.js';
import { ApiError, sendSuccess } from '../respond.js';
import type { RequestContext } from '../router.js';
import { matcherSets } from './labels.js';

export function ruleHandlers(deps: ApiDeps) {
  return {
    async rules(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      sendSuccess(ctx.req, ctx.res, rulesData(p, deps.rules?.ruleGroups() ?? []));
    },

    alerts(ctx: RequestContext): void {
      const alerts: AlertJson[] = [];
      for (const g of deps.rules?.ruleGroups() ?? []) for (const r of byStateThenName(g.alertingRules())) alerts.push(...r.activeAlerts().map(alertJson));
      sendSuccess(ctx.req, ctx.res, { alerts });
    },

    alertmanagers(ctx: RequestContext): void {
      if (deps.alertmanagers) {
        const { active, dropped } = deps.alertmanagers();
        sendSuccess(ctx.req, ctx.res, { activeAlertmanagers: active.map((url) => ({ url })), droppedAlertmanagers: dropped.map((url) => ({ url })) });
        return;
      }
      const active: Array<{ url: string }> = [];
      for (const am of deps.config().alerting.alertmanagers) {
        for (const sc of am.staticConfigs) for (const target of sc.targets) active.push({ url: alertmanagerUrl(am, target) });
      }
      sendSuccess(ctx.req, ctx.res, { activeAlertmanagers: active, droppedAlertmanagers: [] });
    },
  };
}

/** The rules answer for these parameters over these groups (ordered by file, then name). */
export function rulesData(p: Params, groups: readonly RuleGroup[]): RulesData {
  const ruleNames = new Set(p.getAll('rule_name[]'));
  const groupNames = new Set(p.getAll('rule_group[]'));
  const files = new Set(p.getAll('file[]'));
  let matchers: Matcher[][];
  try {
    matchers = matcherSets(p);
  } catch (e) {
    throw new ApiError('bad_data', `invalid parameter "match[]": ${(e as Error).message}`);
  }
  const type = (p.get('type') ?? '').toLowerCase();
  if (type !== '' && type !== 'alert' && type !== 'record') {
    throw new ApiError('bad_data', `invalid parameter "type": not supported value ${goQuote(type)}`);
  }
  const excludeAlerts = parseExcludeAlerts(p.get('exclude_alerts') ?? '');
  const { maxGroups, nextToken } = parsePaging(p);

  const out: RuleGroupJson[] = [];
  let groupNextToken: string | undefined;
  let foundToken = false;
  for (const g of groups) {
    if (maxGroups > 0 && nextToken !== '' && !foundToken) {
      if (nextToken !== groupToken(g.file, g.name)) continue;
      foundToken = true;
    }
    if (groupNames.size > 0 && !groupNames.has(g.name)) continue;
    if (files.size > 0 && !files.has(g.file)) continue;
    const rules: Array<AlertingRuleJson | RecordingRuleJson> = [];
    for (const r of g.rules()) {
      if (matchers.length > 0 && !matchesAny(matchers, r)) continue;
      if (ruleNames.size > 0 && !ruleNames.has(r.name)) continue;
      if (r.kind === 'alerting' && (type === '' || type === 'alert')) rules.push(alertingRuleJson(r, excludeAlerts));
      if (r.kind === 'recording' && (type === '' || type === 'record')) rules.push(recordingRuleJson(r));
    }
    // A group whose rules were all filtered out is left out.
    if (rules.length === 0) continue;
    if (maxGroups > 0 && out.length === maxGroups) {
      groupNextToken = groupToken(g.file, g.name);
      break;
    }
    out.push({
      name: g.name,
      file: g.file,
      rules,
      interval: g.intervalMs / 1000,
      limit: g.limit,
      evaluationTime: g.evaluationTimeMs / 1000,
      lastEvaluation: goTime(g.lastEvaluationMs),
    });
  }
  if (maxGroups > 0 && nextToken !== '' && !foundToken) {
    throw new ApiError('bad_data', `invalid parameter "group_next_token": invalid group_next_token '${nextToken}'. were rule groups changed?`);
  }
  return groupNextToken === undefined ? { groups: out } : { groups: out, groupNextToken };
}

function parseExcludeAlerts(text: string): boolean {
  const v = text.toLowerCase();
  if (v === '') return false;
  if (['1', 't', 'true'].includes(v)) return true;
  if (['0', 'f', 'false'].includes(v)) return false;
  throw new ApiError('bad_data', `invalid parameter "exclude_alerts": error converting exclude_alerts: strconv.ParseBool: parsing ${goQuote(v)}: invalid syntax`);
}

function parsePaging(p: Params): { maxGroups: number; nextToken: string } {
  const limitText = p.get('group_limit') ?? '';
  const nextToken = p.get('group_next_token') ?? '';
  if (nextToken !== '' && limitText === '') {
    throw new ApiError('bad_data', 'invalid parameter "group_next_token": group_limit needs to be present in order to paginate over the groups');
  }
  if (limitText === '') return { maxGroups: -1, nextToken: '' };
  if (!/^[+-]?\d+$/.test(limitText)) {
    throw new ApiError('bad_data', `invalid parameter "group_limit": group_limit needs to be a valid number: strconv.ParseInt: parsing ${goQuote(limitText)}: invalid syntax`);
  }
  const n = Number(limitText);
  if (n > 2 ** 31 - 1 || n < -(2 ** 31)) {
    throw new ApiError('bad_data', `invalid parameter "group_limit": group_limit needs to be a valid number: strconv.ParseInt: parsing ${goQuote(limitText)}: value out of range`);
  }
  if (n <= 0) throw new ApiError('bad_data', 'invalid parameter "group_limit": group_limit needs to be greater than 0');
  return { maxGroups: n, nextToken };
}

/** Prometheus's getRuleGroupNextToken: hex SHA-1 of `file;group`. */
export function groupToken(file: string, name: string): string {
  return createHash('sha1').update(`${file};${name}`).digest('hex');
}

/** match[] sets are ORed, the matchers of one set ANDed, over the rule's own labels. */
function matchesAny(sets: Matcher[][], r: Rule): boolean {
  const labels = r.labels;
  return sets.some((set) => set.every((m) => m.matches(labels[m.name] ?? '')));
}

function alertingRuleJson(r: AlertingRule, excludeAlerts: boolean): AlertingRuleJson {
  const json: AlertingRuleJson = {
    state: r.state(),
    name: r.name,
    query: r.query,
    duration: r.holdMs / 1000,
    labels: sortedObject(r.labels),
    annotations: sortedObject(r.annotations),
    // Prometheus writes null when alerts are excluded.
    alerts: excludeAlerts ? (null as unknown as undefined) : r.activeAlerts().map(alertJson),
    health: r.health,
    ...(r.lastError !== null ? { lastError: r.lastError } : {}),
    evaluationTime: r.evaluationTimeMs / 1000,
    lastEvaluation: goTime(r.lastEvaluationMs),
    keepFiringFor: r.keepFiringForMs / 1000,
    type: 'alerting',
  };
  if (r.restored) json.restored = { at: goTime(r.restored.atMs), alerts: r.restored.alerts };
  return json;
}

function recordingRuleJson(r: Rule): RecordingRuleJson {
  return {
    name: r.name,
    query: r.query,
    labels: sortedObject(r.labels),
    health: r.health,
    ...(r.lastError !== null ? { lastError: r.lastError } : {}),
    evaluationTime: r.evaluationTimeMs / 1000,
    lastEvaluation: goTime(r.lastEvaluationMs),
    type: 'recording',
  };
}

export function alertJson(a: ActiveAlert): AlertJson {
  return {
    labels: a.labels.toObject(),
    annotations: a.annotations.toObject(),
    state: a.state === 'firing' ? 'firing' : 'pending',
    activeAt: goTime(a.activeAtMs),
    ...(a.keepFiringSinceMs !== 0 ? { keepFiringSince: goTime(a.keepFiringSinceMs) } : {}),
    value: formatGoFloatE(a.value),
  };
}

/** As Group.AlertingRules orders them: firing first, then pending, then inactive; by name within a state. */
function byStateThenName(rules: AlertingRule[]): AlertingRule[] {
  const order = { firing: 0, pending: 1, inactive: 2 };
  return [...rules].sort((a, b) => order[a.state()] - order[b.state()] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function sortedObject(o: Readonly<Record<string, string>>): Record<string, string> {
  return Labels.fromObject(o).toObject();
}

/** Go's time.Time JSON (RFC 3339 with the fraction's trailing zeros cut); Go's zero time for 0. */
export function goTime(ms: number): string {
  if (ms === 0) return '0001-01-01T00:00:00Z';
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d*?)0*Z$/, (_, f: string) => (f === '' ? 'Z' : `.${f}Z`));
}

/** As Prometheus's notifier builds it: scheme://target/<path_prefix>/api/v2/alerts. */
export function alertmanagerUrl(am: AlertmanagerConfig, target: string): string {
  const prefix = am.pathPrefix.replace(/\/+$/, '');
  const path = `${prefix.startsWith('/') || prefix === '' ? '' : '/'}${prefix}/api/v2/alerts`;
  return `${am.scheme}://${target}${path}`;
}
