/**
 * The alert as the notification pipeline holds it (Alertmanager's types.Alert) and the context
 * one notification is built from (what Alertmanager carries in its notify context: receiver,
 * group key, group labels, now).
 */

import type { Labels } from '../model/labels.js';

export interface NotifyAlertInit {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAtMs: number;
  /** 0 when unset (Go's zero time). */
  readonly endsAtMs: number;
  readonly generatorURL: string;
  readonly updatedAtMs: number;
  /** True when endsAtMs came from resolve_timeout rather than from the sender. */
  readonly timeout: boolean;
}

export class NotifyAlert implements NotifyAlertInit {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly generatorURL: string;
  readonly updatedAtMs: number;
  readonly timeout: boolean;
  private fp: string | undefined;

  constructor(init: NotifyAlertInit) {
    this.labels = init.labels;
    this.annotations = init.annotations;
    this.startsAtMs = init.startsAtMs;
    this.endsAtMs = init.endsAtMs;
    this.generatorURL = init.generatorURL;
    this.updatedAtMs = init.updatedAtMs;
    this.timeout = init.timeout;
  }

  /** The fingerprint of the labels (computed once). */
  fingerprint(): string {
    return (this.fp ??= fingerprint(this.labels));
  }

  /** Alertmanager's Alert.ResolvedAt: resolved once a set end time is not after now. */
  resolved(nowMs: number): boolean {
    return this.endsAtMs !== 0 && this.endsAtMs <= nowMs;
  }
}

export interface NotifyContext {
  readonly receiver: string;
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly alerts: readonly NotifyAlert[];
  /** Base URL of the UI, no trailing slash (Alertmanager's --web.external-url). */
  readonly externalURL: string;
  readonly nowMs: number;
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;
const SEPARATOR = 0xff;
const encoder = new TextEncoder();

function addBytes(h: bigint, bytes: Uint8Array): bigint {
  for (let i = 0; i < bytes.length; i++) h = ((h ^ BigInt(bytes[i]!)) * FNV_PRIME) & MASK64;
  return h;
}

function addByte(h: bigint, b: number): bigint {
  return ((h ^ BigInt(b)) * FNV_PRIME) & MASK64;
}

/**
 * Prometheus's model.LabelSet.Fingerprint as 16 hex digits: FNV-1a 64 over each label name
 * and value (UTF-8) in name order, each followed by the 0xff separator. Alertmanager keys
 * alerts, silences' matches and the notification log by it, so it must agree bit for bit.
 */
export function fingerprint(labels: Labels): string {
  let h = FNV_OFFSET;
  // Labels are kept sorted by name (byte order for the names Prometheus allows).
  for (let i = 0; i < labels.size; i++) {
    h = addBytes(h, encoder.encode(labels.name(i)));
    h = addByte(h, SEPARATOR);
    h = addBytes(h, encoder.encode(labels.value(i)));
    h = addByte(h, SEPARATOR);
  }
  return h.toString(16).padStart(16, '0');
}

/** Alertmanager's status of a group: firing while any alert of it is. */
export function groupStatus(alerts: readonly NotifyAlert[], nowMs: number): 'firing' | 'resolved' {
  for (const a of alerts) if (!a.resolved(nowMs)) return 'firing';
  return 'resolved';
}
