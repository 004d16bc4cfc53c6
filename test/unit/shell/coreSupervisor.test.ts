import { describe, expect, it } from 'vitest';
import { CoreSupervisor, type CoreHandle } from '../../../electron/shell/coreSupervisor.js';
import type { ShellToCoreMessage } from '../../../shared/shellMessages.js';

class FakeCore implements CoreHandle {
  msg: ((m: unknown) => void)[] = [];
  exit: ((c: number | null) => void)[] = [];
  stopRequested = false;
  killed = false;
  onMessage(fn: (m: unknown) => void) {
    this.msg.push(fn);
  }
  onExit(fn: (c: number | null) => void) {
    this.exit.push(fn);
  }
  send(m: ShellToCoreMessage) {
    if (m.type === 'hearth:stop') this.stopRequested = true;
  }
  kill() {
    this.killed = true;
  }
  emit(m: unknown) {
    for (const f of this.msg) f(m);
  }
  die(code: number | null) {
    for (const f of this.exit) f(code);
  }
}

function harness(maxFailedStarts = 3) {
  const cores: FakeCore[] = [];
  const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const events: string[] = [];
  const sup = new CoreSupervisor(
    (args) => {
      expect(args).toEqual(['serve']);
      const c = new FakeCore();
      cores.push(c);
      return c;
    },
    {
      onReady: (url) => events.push(`ready ${url}`),
      onCrash: (code, ms) => events.push(`crash ${code} ${ms}`),
      onGiveUp: (code) => events.push(`giveup ${code}`),
      onQuit: () => events.push('quit'),
    },
    {
      args: ['serve'],
      maxFailedStarts,
      setTimer: (fn, ms) => {
        const t = { fn, ms, cleared: false };
        timers.push(t);
        return t;
      },
      clearTimer: (t) => {
        if (t) (t as { cleared: boolean }).cleared = true;
      },
    },
  );
  const fire = (ms: number) => {
    for (const t of timers) if (!t.cleared && t.ms === ms) {
      t.cleared = true;
      t.fn();
    }
  };
  return { sup, cores, events, fire };
}

describe('CoreSupervisor', () => {
  it('reports ready with the URL the core announces', () => {
    const h = harness();
    h.sup.start();
    h.cores[0]!.emit({ type: 'other' });
    h.cores[0]!.emit({ type: 'hearth:ready' });
    h.cores[0]!.emit({ type: 'hearth:ready', url: 9190 });
    h.cores[0]!.emit({ type: 'hearth:ready', url: 'http://127.0.0.1:9190' });
    expect(h.events).toEqual(['ready http://127.0.0.1:9190']);
  });

  it('restarts a core that dies, with doubling backoff, and reports each crash', () => {
    const h = harness();
    h.sup.start();
    h.cores[0]!.emit({ type: 'hearth:ready', url: 'u' });
    h.cores[0]!.die(1);
    h.fire(1000);
    expect(h.cores).toHaveLength(2);
    h.cores[1]!.emit({ type: 'hearth:ready', url: 'u' });
    h.cores[1]!.die(1);
    // Ready in between resets the backoff.
    expect(h.events).toEqual(['ready u', 'crash 1 1000', 'ready u', 'crash 1 1000']);
  });

  it('reports a clean exit after ready as a quit, without restarting', () => {
    const h = harness();
    h.sup.start();
    h.cores[0]!.emit({ type: 'hearth:ready', url: 'u' });
    h.cores[0]!.die(0);
    h.fire(1000);
    expect(h.cores).toHaveLength(1);
    expect(h.events).toEqual(['ready u', 'quit']);
  });

  it('gives up after repeated failures to start', () => {
    const h = harness(2);
    h.sup.start();
    h.cores[0]!.die(2);
    h.fire(1000);
    h.cores[1]!.die(2);
    expect(h.events).toEqual(['crash 2 1000', 'giveup 2']);
  });

  it('stops gracefully and does not restart', async () => {
    const h = harness();
    h.sup.start();
    h.cores[0]!.emit({ type: 'hearth:ready', url: 'u' });
    const stopped = h.sup.stop();
    expect(h.cores[0]!.stopRequested).toBe(true);
    h.cores[0]!.die(0);
    await stopped;
    expect(h.cores).toHaveLength(1);
    expect(h.events).toEqual(['ready u']);
  });

  it('kills a core that does not stop in time', async () => {
    const h = harness();
    h.sup.start();
    const stopped = h.sup.stop();
    h.fire(10_000);
    await stopped;
    expect(h.cores[0]!.killed).toBe(true);
  });
});
