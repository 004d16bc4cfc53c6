/**
 * matrix_configs (Hearth's): an m.room.message event sent with the client-server API.
 * https://spec.matrix.org/v1.9/client-server-api/#put_matrixclientv3roomsroomidsendeventtypetxnid
 */

import { createHash } from 'node:crypto';
import type { NotifyAlert, NotifyContext } from '../data.js';
import { notificationData } from '../template/data.js';
import type { NotifyTemplate } from '../template/notifyTemplate.js';
import { outcome, send } from './http.js';
import { permanentFailure, readSecret, type NotifyResult, type Receiver } from './receiver.js';

export interface MatrixConfig {
  /** The homeserver's base URL, e.g. https://matrix.example. */
  readonly homeserverUrl: string;
  /** A room ID (!abc:server) the account has joined. */
  readonly roomId: string;
  readonly accessToken?: string;
  readonly accessTokenFile?: string;
  readonly message?: string;
  /** m.text (default) or m.notice (bots' messages that clients may not notify for). */
  readonly msgtype?: 'm.text' | 'm.notice';
  /** Default true. */
  readonly sendResolved?: boolean;
  readonly timeoutMs?: number;
}

/**
 * The transaction ID: the same for every attempt of one notification (group, time, alerts and
 * their states), so a retry after a lost answer does not post the message twice.
 */
export function matrixTxnId(ctx: NotifyContext, alerts: readonly NotifyAlert[]): string {
  const h = createHash('sha256');
  h.update(ctx.groupKey).update('\0').update(String(ctx.nowMs));
  for (const a of alerts) h.update('\0').update(a.fingerprint()).update(a.resolved(ctx.nowMs) ? 'r' : 'f');
  return 'hearth-' + h.digest('hex').slice(0, 32);
}

export class MatrixReceiver implements Receiver {
  readonly kind = 'matrix';
  readonly sendResolved: boolean;

  constructor(
    private readonly cfg: MatrixConfig,
    private readonly tmpl: NotifyTemplate,
  ) {
    this.sendResolved = cfg.sendResolved ?? true;
  }

  async notify(ctx: NotifyContext, alerts: readonly NotifyAlert[], signal: AbortSignal): Promise<NotifyResult> {
    let token = '';
    let body: string;
    try {
      if (!this.cfg.roomId) throw new Error('room_id is missing');
      token = await readSecret({ value: this.cfg.accessToken, file: this.cfg.accessTokenFile }, 'access_token');
      const text = await this.tmpl.render(this.cfg.message ?? '{{ template "matrix.default.message" . }}', notificationData(ctx, alerts));
      body = JSON.stringify({ msgtype: this.cfg.msgtype ?? 'm.text', body: text });
    } catch (e) {
      return permanentFailure(e, [token]);
    }
    const base = this.cfg.homeserverUrl.replace(/\/+$/, '');
    const url = `${base}/_matrix/client/v3/rooms/${encodeURIComponent(this.cfg.roomId)}/send/m.room.message/${matrixTxnId(ctx, alerts)}`;
    return outcome(
      await send({ url, method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body, timeoutMs: this.cfg.timeoutMs, secrets: [token] }, signal),
    );
  }
}
