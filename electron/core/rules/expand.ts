/**
 * The one door from the rule engine to the template engine: alert labels and annotations are
 * expanded here, and a failed expansion becomes Prometheus's `<error expanding template: …>`
 * text instead of an error (the alert still fires, the message shows what went wrong).
 */

import type { Logger } from '../log.js';
import { expandAlertTemplate, type AlertTemplateData } from '../template/index.js';
import type { RuleQueryFunc } from './types.js';

export type { AlertTemplateData };

/** Expands one label or annotation value of an alert (`name` is `__alert_<alertname>`). Never rejects. */
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
    return await expandAlertTemplate(name, text, data, timeMs, query);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    logger.warn('Expanding alert template failed', { err: msg, alertname: name });
    return `<error expanding template: ${msg}>`;
  }
}
