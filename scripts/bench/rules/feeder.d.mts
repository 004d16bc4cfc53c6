// Types of feeder.mjs for the tests (TypeScript reads this beside the module).
export function startFeeder(opts: { bodies: Buffer[]; cutMs: number; stepMs: number; now?: () => number }): Promise<{
  port: number;
  pastEnd(): number;
  close(): Promise<void>;
}>;
