/**
 * The one door from the rule engine to the template engine: alert labels and annotations are
 * expanded here, and a failed expansion becomes Prometheus's `<error expanding template: …>`
 * text instead of an error (the alert still fires, the message shows what went wrong).
 */

import type { Logger } from '../log.js';
import type { RuleQueryFunc } from './types.js';

export interface AlertTemplateData {
  readonly labels: Readonly<Record<string, string>>;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly value: number;
}

/**
 * Expands one label or annotation value of an alert. Never rejects.
 *
 * TODO(merge wip-tmpl): the template engine (electron/core/template/) is being written on its own
 * branch; until it lands this substitutes nothing and returns the text as written. When it is
 * merged, call expandAlertTemplate(name, text, data, timeMs, query) here, keeping the catch.
 */
export async function expandAlertText(
  name: string,
  text: string,
  data: AlertTemplateData,
  timeMs: number,
  query: RuleQueryFunc,
  logger: Logger,
): Promise<string> {
  // Text without an action expands to itself: skip the engine for the common case.
  if (!text.includes('{{')) return text;
  try {
    return await expandWithEngine(name, text, data, timeMs, query);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    logger.warn('Expanding alert template failed', { err: msg, alertname: name });
    return `<error expanding template: ${msg}>`;
  }
}

// TEMPORARY (until wip-tmpl is merged): no expansion.
async function expandWithEngine(_name: string, text: string, _data: AlertTemplateData, _timeMs: number, _query: RuleQueryFunc): Promise<string> {
  return text;
}
