/**
 * Payloads of /api/v1/rules, /api/v1/alerts and /api/v1/alertmanagers.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#rules
 */

export interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt?: string;
  keepFiringSince?: string;
  value: string;
}

export interface AlertingRule {
  type: 'alerting';
  name: string;
  query: string;
  duration: number;
  keepFiringFor: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  alerts?: Alert[];
  health: 'ok' | 'err' | 'unknown';
  lastError?: string;
  evaluationTime: number;
  lastEvaluation: string;
  state: 'inactive' | 'pending' | 'firing';
  /** Hearth's own: set when this rule's alerts were restored from the database after a restart. */
  restored?: { at: string; alerts: number };
}

export interface RecordingRule {
  type: 'recording';
  name: string;
  query: string;
  labels?: Record<string, string>;
  health: 'ok' | 'err' | 'unknown';
  lastError?: string;
  evaluationTime: number;
  lastEvaluation: string;
}

export interface RuleGroup {
  name: string;
  file: string;
  rules: Array<AlertingRule | RecordingRule>;
  interval: number;
  limit: number;
  evaluationTime: number;
  lastEvaluation: string;
}

export interface RulesData {
  groups: RuleGroup[];
  groupNextToken?: string;
}

export interface AlertsData {
  alerts: Alert[];
}

export interface AlertmanagersData {
  activeAlertmanagers: Array<{ url: string }>;
  droppedAlertmanagers: Array<{ url: string }>;
}
