// Types of dataset.mjs for the tests (TypeScript reads this beside the module).
export interface Dataset {
  historyFile: string;
  cutMs: number;
  stepMs: number;
  bodies: Buffer[];
  historySamples: number;
  liveSeries: number;
}
export function prepareDataset(opts: {
  generator: string;
  work: string;
  series: number;
  historyMs: number;
  liveMs: number;
  stepMs?: number;
  seed?: number;
  nowMs?: number;
}): Promise<Dataset>;
export function splitOpenMetrics(
  source: string | NodeJS.ReadableStream,
  historyFile: string,
  opts: { startMs: number; stepMs: number; historySteps: number; liveSteps: number },
): Promise<{ bodies: Buffer[]; historySamples: number; liveSeries: number }>;
