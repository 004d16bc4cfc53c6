import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export const NODE_EXPORTER = process.env['HEARTH_NODE_EXPORTER'] ?? '/usr/bin/prometheus-node-exporter';

export function haveNodeExporter(): boolean {
  return existsSync(NODE_EXPORTER);
}

/**
 * Debian's prometheus-node-exporter on a loopback port, with one cheap collector so its
 * scrapes take milliseconds. Resolves once it answers /metrics.
 */
export async function startNodeExporter(port: number): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(NODE_EXPORTER, [`--web.listen-address=127.0.0.1:${port}`, '--collector.disable-defaults', '--collector.loadavg', '--log.level=warn'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node exporter exited with ${child.exitCode}: ${stderr}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/metrics`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`node exporter did not answer on port ${port}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}
