/**
 * Property-based fuzzing of the alertmanager.yml parser: mutations of real configs (lines
 * dropped, duplicated, swapped, characters changed) and arbitrary text. The parser must give a
 * config or a NotifyConfigError (never a TypeError, …), in bounded time.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { NotifyConfigError, parseNotifyConfig } from '../../../../../electron/core/notify/config/index.js';
import { fuzzRuns, fuzzSeed, fuzzTimeoutMs } from '../../../../fuzzSettings.js';

const RUNS = fuzzRuns(1500);
const SEED = fuzzSeed(2929);
const MAX_MS_PER_INPUT = 500;
const TIMEOUT_MS = fuzzTimeoutMs(RUNS, 4);

const SEEDS = [
  `global:
  smtp_smarthost: 'mail:25'
  smtp_from: a@b
  slack_api_url: 'https://hooks.slack.com/x'
templates: ['t/*.tmpl']
route:
  receiver: a
  group_by: [alertname]
  group_wait: 10s
  routes:
    - matchers: ['sev=~"crit|page"', 'team!=db']
      match: {x: y}
      match_re: {z: 'a.*'}
      receiver: b
      continue: true
      mute_time_intervals: [night]
inhibit_rules:
  - source_matchers: [sev=critical]
    target_match_re: {sev: warn.*}
    equal: [alertname]
time_intervals:
  - name: night
    time_intervals:
      - times: [{start_time: '22:00', end_time: '24:00'}]
        weekdays: ['monday:friday']
        location: Europe/Paris
receivers:
  - name: a
    email_configs: [{to: x@y, headers: {Subject: hi}}]
    slack_configs: [{channel: '#a', fields: [{title: t, value: v}], actions: [{type: button, text: t, url: 'http://x'}]}]
  - name: b
    webhook_configs: [{url: 'http://x/', max_alerts: 3, timeout: 5s, http_config: {basic_auth: {username: u, password: p}}}]
    telegram_configs: [{chat_id: 1, bot_token: t, parse_mode: HTML}]
    pushover_configs: [{user_key: u, token: t, retry: 1m}]
    ntfy_configs: [{topic: t}]
    matrix_configs: [{server: 'https://m.org', room_id: '!r:m.org', token: t}]
`,
];

function mutate(text: string, ops: Array<[number, number, number]>): string {
  const lines = text.split('\n');
  for (const [kind, a, b] of ops) {
    const i = a % Math.max(lines.length, 1);
    const j = b % Math.max(lines.length, 1);
    if (kind === 0) lines.splice(i, 1);
    else if (kind === 1) lines.splice(i, 0, lines[j] ?? '');
    else if (kind === 2) [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    else {
      const l = lines[i] ?? '';
      const at = b % Math.max(l.length, 1);
      lines[i] = l.slice(0, at) + ':-[{}"\'!~=,&*#|>'.charAt(b % 17) + l.slice(at + 1);
    }
  }
  return lines.join('\n');
}

function check(text: string): void {
  const t0 = performance.now();
  try {
    parseNotifyConfig(text, '/tmp/fuzz.yml');
  } catch (e) {
    if (!(e instanceof NotifyConfigError)) throw new Error(`${e instanceof Error ? e.name : typeof e} escaped for ${JSON.stringify(text)}: ${String(e)}`);
  }
  const ms = performance.now() - t0;
  if (ms > MAX_MS_PER_INPUT) throw new Error(`${ms.toFixed(0)} ms for ${JSON.stringify(text)}`);
}

describe('alertmanager.yml parser under fuzzing', () => {
  it(
    'gives a config or a NotifyConfigError, in bounded time',
    () => {
      const op = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.nat(), fc.nat());
      fc.assert(
        fc.property(fc.oneof(fc.array(op, { minLength: 1, maxLength: 6 }).map((ops) => mutate(SEEDS[0]!, ops)), fc.string({ maxLength: 300 })), check),
        { numRuns: RUNS, seed: SEED },
      );
    },
    TIMEOUT_MS,
  );

  it('accepts the seed itself', () => {
    parseNotifyConfig(SEEDS[0]!, '/tmp/fuzz.yml');
  });
});
