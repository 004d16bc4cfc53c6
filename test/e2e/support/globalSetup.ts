import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { startHearth } from './server';

/**
 * One headless server for the whole e2e run; its URL reaches the tests as HEARTH_URL. Its
 * config scrapes Hearth itself and the built-in host collector every 2 s (data arrives
 * quickly) and a node exporter that the targets test starts and stops on HEARTH_EXPORTER_PORT,
 * every second.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const port = await freePort();
  const exporterPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hearth-e2e-config-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(
    configFile,
    [
      'global:',
      '  scrape_interval: 2s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: hearth',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${port}']`,
      '  - job_name: node',
      '    metrics_path: /metrics/node',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${port}']`,
      '  - job_name: exporter',
      '    scrape_interval: 1s',
      '    scrape_timeout: 500ms',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${exporterPort}']`,
      '',
    ].join('\n'),
  );
  const hearth = await startHearth(['--config.file', configFile], `127.0.0.1:${port}`);
  process.env['HEARTH_URL'] = hearth.url;
  process.env['HEARTH_EXPORTER_PORT'] = String(exporterPort);
  return async () => {
    await hearth.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
