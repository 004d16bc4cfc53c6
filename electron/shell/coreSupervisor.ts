/**
 * Keeps the core running for the desktop shell: starts it through a Spawner (Electron's
 * utilityProcess in the packaged app, a Node child process in development), waits for its
 * "ready" message with the URL it serves, and restarts it with backoff when it dies
 * unexpectedly. Knows nothing of Electron, so it is tested in plain Node. The messages both
 * ways are typed in shared/shellMessages.ts.
 */

import { parseCoreMessage, type ShellToCoreMessage } from '../../shared/shellMessages.js';

export interface CoreHandle {
  /** Messages from the core as they arrive, unchecked (the supervisor checks them). */
  onMessage(fn: (msg: unknown) => void): void;
  onExit(fn: (code: number | null) => void): void;
  /** Sends a message to the core (`hearth:stop` asks it to stop gracefully). */
  send(msg: ShellToCoreMessage): void;
  /** Stops it now. */
  kill(): void;
}

export type Spawner = (args: readonly string[]) => CoreHandle;

export interface SupervisorEvents {
  /** The core is serving at url (first start and after each restart). */
  onReady(url: string): void;
  /** The core stopped unexpectedly; it will be restarted after `restartInMs`. */
  onCrash(code: number | null, restartInMs: number): void;
  /** The core could not start (it exited before becoming ready) too many times in a row. */
  onGiveUp(lastCode: number | null): void;
  /** The core exited cleanly on its own after it was ready (e.g. POST /-/quit): the app should quit too. */
  onQuit(): void;
}

export interface SupervisorOptions {
  readonly args: readonly string[];
  readonly readyTimeoutMs?: number;
  readonly stopTimeoutMs?: number;
  readonly maxFailedStarts?: number;
  /** Backoff for restarts: 1 s doubling to this cap. */
  readonly maxBackoffMs?: number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (t: unknown) => void;
}

export class CoreSupervisor {
  private handle: CoreHandle | null = null;
  private stopping = false;
  private failedStarts = 0;
  private backoffMs = 1000;
  private readyTimer: unknown = null;
  private restartTimer: unknown = null;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;

  constructor(
    private readonly spawn: Spawner,
    private readonly events: SupervisorEvents,
    private readonly opts: SupervisorOptions,
  ) {
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  start(): void {
    this.stopping = false;
    this.launch();
  }

  private launch(): void {
    let ready = false;
    const h = this.spawn(this.opts.args);
    this.handle = h;
    this.readyTimer = this.setTimer(() => {
      if (!ready) h.kill();
    }, this.opts.readyTimeoutMs ?? 60_000);
    h.onMessage((raw) => {
      const msg = parseCoreMessage(raw);
      if (msg === null) return;
      switch (msg.type) {
        case 'hearth:ready':
          if (ready) return;
          ready = true;
          this.clearTimer(this.readyTimer);
          this.failedStarts = 0;
          this.backoffMs = 1000;
          this.events.onReady(msg.url);
          return;
        default:
          // A message type added to shared/shellMessages.ts must be handled above.
          msg.type satisfies never;
      }
    });
    h.onExit((code) => {
      this.clearTimer(this.readyTimer);
      if (this.handle === h) this.handle = null;
      if (this.stopping) return;
      if (ready && code === 0) {
        this.events.onQuit();
        return;
      }
      if (!ready && ++this.failedStarts >= (this.opts.maxFailedStarts ?? 3)) {
        this.events.onGiveUp(code);
        return;
      }
      const wait = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, this.opts.maxBackoffMs ?? 30_000);
      this.events.onCrash(code, wait);
      this.restartTimer = this.setTimer(() => {
        if (!this.stopping) this.launch();
      }, wait);
    });
  }

  /** Stops the core gracefully, killing it if it does not exit in time. */
  stop(): Promise<void> {
    this.stopping = true;
    this.clearTimer(this.restartTimer);
    const h = this.handle;
    if (!h) return Promise.resolve();
    return new Promise((resolve) => {
      const t = this.setTimer(() => {
        h.kill();
        resolve();
      }, this.opts.stopTimeoutMs ?? 10_000);
      h.onExit(() => {
        this.clearTimer(t);
        resolve();
      });
      h.send({ type: 'hearth:stop' });
    });
  }
}
