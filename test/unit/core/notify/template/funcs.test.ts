import { describe, expect, it } from 'vitest';
import { amTitle, queryUnescape, trimSpace } from '../../../../../electron/core/notify/template/funcs.js';
import { notificationData } from '../../../../../electron/core/notify/template/data.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { context, NOW_MS, TWO_ALERTS } from './fixtures.js';

const t = new NotifyTemplate([], { nowMs: () => NOW_MS });
const d = notificationData(context(TWO_ALERTS()));
const r = (text: string) => t.render(text, d);

describe("Alertmanager's template functions", () => {
  it('changes case as Go does; title lowers the rest of each word', async () => {
    expect(await r('{{ toUpper "abc" }} {{ toLower "ÀBC" }} {{ title "hELLO wORLD, don\'t" }}')).toBe("ABC àbc Hello World, Don't");
    expect(amTitle('node-exporter host.example')).toBe('Node-Exporter Host.example');
  });

  it('trims Go spaces, not U+FEFF', () => {
    expect(trimSpace(' \t\u0085x y\u00a0\n')).toBe('x y');
    expect(trimSpace('\ufeffx')).toBe('\ufeffx');
  });

  it('joins a []string with the separator first', async () => {
    expect(await r('{{ join ", " (stringSlice "a" "b" "c") }}|{{ stringSlice | join "-" }}')).toBe('a, b, c|');
    await expect(r('{{ join "," "abc" }}')).rejects.toThrow(/can't handle "abc" for arg of type \[\]string/);
  });

  it('matches and replaces with RE2 semantics', async () => {
    expect(await r('{{ match "^a.c$" "abc" }} {{ match "b" "abc" }} {{ match "^x" "abc" }}')).toBe('true true false');
    expect(await r('{{ reReplaceAll "(\\\\w+):(\\\\d+)" "$2/$1" "host:9100 db:5432" }}')).toBe('9100/host 5432/db');
    await expect(r('{{ match "(" "x" }}')).rejects.toThrow(/error calling match: error parsing regexp/);
    // A pattern that backtracks exponentially in JavaScript returns at once under RE2.
    const start = performance.now();
    expect(await r(`{{ match "^(a+)+$" "${'a'.repeat(40)}!" }}`)).toBe('false');
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('unescapes queries and reports a bad escape', async () => {
    expect(queryUnescape('a%20b+c%C3%A9')).toBe('a b cé');
    expect(() => queryUnescape('x%zz')).toThrow('invalid URL escape "%zz"');
    await expect(r('{{ urlUnescape "%" }}')).rejects.toThrow(/invalid URL escape "%"/);
  });

  it('formats dates, durations and JSON', async () => {
    expect(await r('{{ (index .Alerts 0).StartsAt | date "2006-01-02T15:04:05Z07:00" }}')).toBe('2026-01-02T03:03:05Z');
    expect(await r('{{ (index .Alerts 0).StartsAt | tz "UTC" | date "15:04" }}')).toBe('03:03');
    await expect(r('{{ (index .Alerts 0).StartsAt | tz "Europe/Paris" }}')).rejects.toThrow(/unknown time zone Europe\/Paris/);
    expect(await r('{{ since (index .Alerts 0).StartsAt }}')).toBe('1m0s');
    expect(await r('{{ humanizeDuration 3661 }}')).toBe('1h 1m 1s');
    expect(await r('{{ toJson .GroupLabels }} {{ toJson (stringSlice "<a>") }}')).toBe('{"alertname":"HighLoad"} ["\\u003ca\\u003e"]');
    expect(await r('{{ safeHtml "<b>" }} {{ safeUrl "http://x" }}')).toBe('<b> http://x');
  });
});
