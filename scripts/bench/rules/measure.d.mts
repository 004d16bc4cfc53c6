// Types of measure.mjs for the tests (TypeScript reads this beside the module).
export interface GroupFigures {
  lastEvalSec?: number;
  durationSec?: number;
  missed?: number;
  iterations?: number;
  rules?: number;
  evaluations?: number;
  failures?: number;
}
export interface Iteration {
  group: string;
  startSec: number;
  durationSec: number;
}
export function processCpuSeconds(pid: number): number;
export function rssKiB(pid: number): number;
export function machineCpuSeconds(): { busy: number; total: number };
export function groupsFromMetrics(text: string): Map<string, GroupFigures>;
export function groupsFromRulesApi(body: unknown): Map<string, GroupFigures>;
export class IterationLog {
  iterations: Iteration[];
  add(snapshot: Map<string, GroupFigures>): void;
}
export function quantile(xs: number[], q: number): number;
export function median(xs: number[]): number;
export function windowShares(samples: { tSec: number; cpuSec: number }[]): number[];
export function sumField(snapshot: Map<string, GroupFigures>, field: keyof GroupFigures): number;
export function slotLateness(iterations: Iteration[], intervalSec: number, offsetSecOf: (group: string) => number): number[];
