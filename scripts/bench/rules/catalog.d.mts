// Types of catalog.mjs for the tests (TypeScript reads this beside the module).
import type { GroupSpec } from './generate.mjs';
export const JOBS: string[];
export const PATHS: string[];
export function catalog(): GroupSpec[];
