// Types of generate.mjs for the tests (TypeScript reads this beside the module).
export interface RuleSpec {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface GroupSpec {
  name: string;
  rules: RuleSpec[];
}
export function catalogSize(): number;
export function ruleGroups(rules?: number): GroupSpec[];
export function generateRuleFile(opts?: { rules?: number }): { yaml: string; groups: number; rules: number; recording: number; alerting: number };
