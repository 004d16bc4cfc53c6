// The rule catalog of the rules bench: recording and alerting rules in the style of the
// node-exporter mixin, kube-prometheus and sloth, written against the series of
// ../shared/bench/gen-openmetrics.mjs (http_requests_total, the http_request_duration_seconds
// histogram, node_cpu_seconds_total, node_load1/5, node_memory_*, node_filesystem_avail_bytes,
// node_hwmon_temp_celsius). Each job gets its own groups, as teams split rule files by service;
// a few cluster-wide groups aggregate across jobs. Thresholds are set so that some alerts fire
// and some stay pending or inactive on that data, since a rule engine's cost depends on all three.
//
// Every rule here is a plain object { record | alert, expr, for?, labels?, annotations? }; the
// YAML is written by generate.mjs.

export const JOBS = ['api', 'web', 'worker', 'auth', 'billing'];
export const PATHS = ['/api/v1/users', '/api/v1/orders', '/api/v1/items', '/healthz', '/login'];
const CPU_MODES = ['idle', 'user', 'system', 'iowait'];

/** A short name for a path, for SLO names: '/api/v1/users' -> 'users', '/healthz' -> 'healthz'. */
function pathSlug(p) {
  return p.split('/').filter(Boolean).pop();
}

function percent(q) {
  return String(Math.round(q * 100));
}

/** Recording rules over HTTP traffic for one job: request rates and error ratios by window. */
function httpRecording(job) {
  const s = `job="${job}"`;
  const rules = [];
  for (const w of ['1m', '5m', '15m', '30m', '1h']) {
    rules.push({ record: `job:http_requests:rate${w}`, expr: `sum by (job) (rate(http_requests_total{${s}}[${w}]))` });
  }
  for (const w of ['1m', '5m', '1h']) {
    rules.push({ record: `job_status:http_requests:rate${w}`, expr: `sum by (job, status) (rate(http_requests_total{${s}}[${w}]))` });
  }
  rules.push({ record: 'job_method:http_requests:rate5m', expr: `sum by (job, method) (rate(http_requests_total{${s}}[5m]))` });
  for (const w of ['1m', '5m', '1h']) {
    rules.push({ record: `job_path:http_requests:rate${w}`, expr: `sum by (job, path) (rate(http_requests_total{${s}}[${w}]))` });
    rules.push({ record: `instance:http_requests:rate${w}`, expr: `sum by (job, instance) (rate(http_requests_total{${s}}[${w}]))` });
  }
  for (const w of ['5m', '30m', '1h', '2h', '6h']) {
    rules.push({
      record: `job:http_errors:ratio_rate${w}`,
      expr: `sum by (job) (rate(http_requests_total{${s},status=~"5.."}[${w}]))\n/\nsum by (job) (rate(http_requests_total{${s}}[${w}]))`,
    });
  }
  for (const w of ['5m', '1h']) {
    rules.push({
      record: `job:http_client_errors:ratio_rate${w}`,
      expr: `sum by (job) (rate(http_requests_total{${s},status=~"4.."}[${w}])) / sum by (job) (rate(http_requests_total{${s}}[${w}]))`,
    });
    rules.push({
      record: `instance:http_errors:ratio_rate${w}`,
      expr: `sum by (job, instance) (rate(http_requests_total{${s},status=~"5.."}[${w}])) / sum by (job, instance) (rate(http_requests_total{${s}}[${w}]))`,
    });
  }
  return rules;
}

/** Latency recording rules for one job: bucket rates, then quantiles over them (chained in the group). */
function httpLatency(job) {
  const s = `job="${job}"`;
  const b = 'http_request_duration_seconds_bucket';
  const rules = [];
  for (const w of ['5m', '1h']) {
    rules.push({ record: `job_le:http_request_duration_seconds_bucket:rate${w}`, expr: `sum by (job, le) (rate(${b}{${s}}[${w}]))` });
  }
  for (const q of [0.5, 0.9, 0.95, 0.99]) {
    rules.push({
      record: `job:http_request_duration_seconds:p${percent(q)}_rate5m`,
      expr: `histogram_quantile(${q}, job_le:http_request_duration_seconds_bucket:rate5m{${s}})`,
    });
  }
  for (const q of [0.5, 0.99]) {
    rules.push({
      record: `job:http_request_duration_seconds:p${percent(q)}_rate1h`,
      expr: `histogram_quantile(${q}, job_le:http_request_duration_seconds_bucket:rate1h{${s}})`,
    });
  }
  for (const q of [0.9, 0.99]) {
    rules.push({
      record: `job:http_request_duration_seconds:p${percent(q)}_rate1m`,
      expr: `histogram_quantile(${q}, sum by (job, le) (rate(${b}{${s}}[1m])))`,
    });
  }
  for (const q of [0.5, 0.99]) {
    rules.push({
      record: `instance:http_request_duration_seconds:p${percent(q)}_rate5m`,
      expr: `histogram_quantile(${q}, sum by (job, instance, le) (rate(${b}{${s}}[5m])))`,
    });
  }
  rules.push({
    record: 'job_method:http_request_duration_seconds:p99_rate5m',
    expr: `histogram_quantile(0.99, sum by (job, method, le) (rate(${b}{${s}}[5m])))`,
  });
  for (const w of ['5m', '1h']) {
    rules.push({
      record: `job:http_request_duration_seconds:mean_rate${w}`,
      expr: `sum by (job) (rate(http_request_duration_seconds_sum{${s}}[${w}])) / sum by (job) (rate(http_request_duration_seconds_count{${s}}[${w}]))`,
    });
    rules.push({
      record: `job:http_requests_fast:ratio_rate${w}`,
      expr: `sum by (job) (rate(${b}{${s},le="0.25"}[${w}])) / sum by (job) (rate(http_request_duration_seconds_count{${s}}[${w}]))`,
    });
  }
  rules.push({
    record: 'job:http_apdex:ratio_rate5m',
    expr:
      `(\n  sum by (job) (rate(${b}{${s},le="0.1"}[5m]))\n  +\n  sum by (job) (rate(${b}{${s},le="0.5"}[5m]))\n) / 2\n` +
      `/ sum by (job) (rate(http_request_duration_seconds_count{${s}}[5m]))`,
  });
  return rules;
}

/** Per-endpoint recording rules: one set per path, each selecting only that path's series. */
function endpoints(job) {
  const all = [];
  const b = 'http_request_duration_seconds_bucket';
  for (const p of PATHS) {
    const rules = [];
    const s = `job="${job}",path="${p}"`;
    rules.push({ record: 'endpoint:http_requests:rate5m', expr: `sum by (job, path) (rate(http_requests_total{${s}}[5m]))` });
    for (const w of ['5m', '1h']) {
      rules.push({
        record: `endpoint:http_errors:ratio_rate${w}`,
        expr: `sum by (job, path) (rate(http_requests_total{${s},status=~"5.."}[${w}])) / sum by (job, path) (rate(http_requests_total{${s}}[${w}]))`,
      });
    }
    for (const q of [0.5, 0.9, 0.99]) {
      rules.push({
        record: `endpoint:http_request_duration_seconds:p${percent(q)}_rate5m`,
        expr: `histogram_quantile(${q}, sum by (job, path, le) (rate(${b}{${s}}[5m])))`,
      });
    }
    rules.push({
      record: 'endpoint:http_request_duration_seconds:p99_rate1h',
      expr: `histogram_quantile(0.99, sum by (job, path, le) (rate(${b}{${s}}[1h])))`,
    });
    rules.push({
      record: 'endpoint:http_request_duration_seconds:mean_rate5m',
      expr: `sum by (job, path) (rate(http_request_duration_seconds_sum{${s}}[5m])) / sum by (job, path) (rate(http_request_duration_seconds_count{${s}}[5m]))`,
    });
    rules.push({
      record: 'endpoint:http_requests_fast:ratio_rate5m',
      expr: `sum by (job, path) (rate(${b}{${s},le="0.25"}[5m])) / sum by (job, path) (rate(http_request_duration_seconds_count{${s}}[5m]))`,
    });
    for (const r of rules) all.push({ ...r, labels: { path: p } });
  }
  return all;
}

/**
 * Availability SLOs per endpoint in sloth's shape: the error ratio over the multi-window
 * burn-rate windows, recorded under one name with an `slo` label, then the page and ticket alerts.
 */
function slo(job) {
  const rules = [];
  const objective = 0.999;
  const budget = +(1 - objective).toFixed(6);
  for (const p of PATHS) {
    const name = `${job}-${pathSlug(p)}-availability`;
    const s = `job="${job}",path="${p}"`;
    for (const w of ['5m', '30m', '1h', '2h', '6h']) {
      rules.push({
        record: `slo:sli_error:ratio_rate${w}`,
        expr: `(sum(rate(http_requests_total{${s},status=~"5.."}[${w}])))\n/\n(sum(rate(http_requests_total{${s}}[${w}])))`,
        labels: { slo: name, slo_objective: String(objective) },
      });
    }
    const sel = `{slo="${name}"}`;
    rules.push({
      alert: 'SLOErrorBudgetBurnPage',
      expr:
        `(slo:sli_error:ratio_rate5m${sel} > (14.4 * ${budget}) and slo:sli_error:ratio_rate1h${sel} > (14.4 * ${budget}))\n` +
        `or\n(slo:sli_error:ratio_rate30m${sel} > (6 * ${budget}) and slo:sli_error:ratio_rate6h${sel} > (6 * ${budget}))`,
      labels: { severity: 'critical', slo: name },
      annotations: {
        summary: `High error budget burn for ${name}.`,
        description: '{{ $labels.slo }} burns its error budget at {{ $value | humanizePercentage }} errors.',
      },
    });
    rules.push({
      alert: 'SLOErrorBudgetBurnTicket',
      expr: `slo:sli_error:ratio_rate2h${sel} > (3 * ${budget}) and slo:sli_error:ratio_rate6h${sel} > (1 * ${budget})`,
      for: '15m',
      labels: { severity: 'warning', slo: name },
      annotations: {
        summary: `Error budget burn for ${name}.`,
        description: '{{ $labels.slo }}: {{ $value | humanizePercentage }} errors over 2h.',
      },
    });
  }
  return rules;
}

function httpAlerts(job) {
  const s = `job="${job}"`;
  const rules = [];
  const ann = (summary, description) => ({ summary, description, runbook_url: `https://runbooks.example/http/${job}` });
  rules.push({
    alert: 'HTTPErrorBudgetBurn',
    expr: `job:http_errors:ratio_rate1h{${s}} > (14.4 * 0.001) and job:http_errors:ratio_rate5m{${s}} > (14.4 * 0.001)`,
    for: '2m',
    labels: { severity: 'critical' },
    annotations: ann('Job {{ $labels.job }} is burning its error budget.', '{{ $value | humanizePercentage }} of requests failed over 1h.'),
  });
  rules.push({
    alert: 'HTTPErrorBudgetBurn',
    expr: `job:http_errors:ratio_rate6h{${s}} > (6 * 0.001) and job:http_errors:ratio_rate30m{${s}} > (6 * 0.001)`,
    for: '15m',
    labels: { severity: 'warning' },
    annotations: ann('Job {{ $labels.job }} is burning its error budget.', '{{ $value | humanizePercentage }} of requests failed over 6h.'),
  });
  for (const p of PATHS) {
    rules.push({
      alert: 'HTTPHighErrorRate',
      expr: `endpoint:http_errors:ratio_rate5m{${s},path="${p}"} > 0.01`,
      for: '10m',
      labels: { severity: 'warning', path: p },
      annotations: ann('{{ $labels.job }} {{ $labels.path }} fails too often.', '{{ printf "%.2f" $value }} of requests to {{ $labels.path }} answer 5xx.'),
    });
  }
  for (const [severity, limit, forDur] of [
    ['warning', 0.5, '10m'],
    ['critical', 1, '5m'],
  ]) {
    rules.push({
      alert: 'HTTPHighLatency',
      expr: `job:http_request_duration_seconds:p99_rate5m{${s}} > ${limit}`,
      for: forDur,
      labels: { severity },
      annotations: ann('{{ $labels.job }} is slow.', 'p99 latency is {{ $value | humanizeDuration }}.'),
    });
  }
  for (const p of PATHS) {
    rules.push({
      alert: 'HTTPEndpointHighLatency',
      expr: `endpoint:http_request_duration_seconds:p99_rate5m{${s},path="${p}"} > 0.5`,
      for: '10m',
      labels: { severity: 'warning', path: p },
      annotations: ann('{{ $labels.job }} {{ $labels.path }} is slow.', 'p99 latency is {{ $value | humanizeDuration }}.'),
    });
  }
  rules.push({
    alert: 'HTTPLowTraffic',
    expr: `job:http_requests:rate5m{${s}} < 1`,
    for: '15m',
    labels: { severity: 'info' },
    annotations: ann('{{ $labels.job }} gets almost no traffic.', '{{ $value | humanize }} requests/s.'),
  });
  rules.push({
    alert: 'HTTPInstanceErrors',
    expr: `instance:http_errors:ratio_rate5m{${s}} > 0.02`,
    for: '5m',
    labels: { severity: 'warning' },
    annotations: ann('{{ $labels.instance }} fails too often.', '{{ $value | humanizePercentage }} errors.'),
  });
  rules.push({
    alert: 'HTTPTrafficDrop',
    expr: `job:http_requests:rate5m{${s}} < 0.5 * avg_over_time(job:http_requests:rate5m{${s}}[1h])`,
    for: '10m',
    labels: { severity: 'warning' },
    annotations: ann('Traffic to {{ $labels.job }} dropped.', 'Now {{ $value | humanize }} requests/s.'),
  });
  rules.push({
    alert: 'HTTPMetricsAbsent',
    expr: `absent(http_requests_total{${s}})`,
    for: '5m',
    labels: { severity: 'critical' },
    annotations: ann(`No request metrics from ${job}.`, 'The job exposes no http_requests_total.'),
  });
  rules.push({
    alert: 'HTTPLatencyMetricsAbsent',
    expr: `absent(http_request_duration_seconds_count{${s}})`,
    for: '5m',
    labels: { severity: 'warning' },
    annotations: ann(`No latency metrics from ${job}.`, 'The job exposes no request duration histogram.'),
  });
  rules.push({
    alert: 'HTTPClientErrorsHigh',
    expr: `job:http_client_errors:ratio_rate5m{${s}} > 0.05`,
    for: '15m',
    labels: { severity: 'info' },
    annotations: ann('Many 4xx answers from {{ $labels.job }}.', '{{ $value | humanizePercentage }} of requests.'),
  });
  rules.push({
    alert: 'HTTPSlowRequests',
    expr: `1 - job:http_requests_fast:ratio_rate5m{${s}} > 0.1`,
    for: '10m',
    labels: { severity: 'warning' },
    annotations: ann('Many slow requests on {{ $labels.job }}.', '{{ $value | humanizePercentage }} take over 250ms.'),
  });
  rules.push({
    alert: 'HTTPInstanceHighLatency',
    expr: `instance:http_request_duration_seconds:p99_rate5m{${s}} > 1`,
    for: '10m',
    labels: { severity: 'warning' },
    annotations: ann('{{ $labels.instance }} is slow.', 'p99 {{ $value | humanizeDuration }}.'),
  });
  rules.push({
    alert: 'HTTP500Spike',
    expr: `sum by (job, instance) (increase(http_requests_total{${s},status="500"}[5m])) > 100`,
    labels: { severity: 'warning' },
    annotations: ann('{{ $labels.instance }} answered many 500s.', '{{ $value | humanize }} in 5 minutes.'),
  });
  rules.push({
    alert: 'HTTPApdexLow',
    expr: `job:http_apdex:ratio_rate5m{${s}} < 0.9`,
    for: '10m',
    labels: { severity: 'warning' },
    annotations: ann('Apdex of {{ $labels.job }} is low.', 'Apdex {{ printf "%.3f" $value }}.'),
  });
  rules.push({
    alert: 'HTTPInstanceTrafficImbalance',
    expr: `max by (job) (instance:http_requests:rate5m{${s}}) > 3 * avg by (job) (instance:http_requests:rate5m{${s}})`,
    for: '15m',
    labels: { severity: 'info' },
    annotations: ann('Traffic on {{ $labels.job }} is unbalanced.', 'The busiest instance takes {{ $value | humanize }} requests/s.'),
  });
  return rules;
}

/** The node-exporter mixin's recording rules (names as the mixin has them), for one job. */
function nodeRecording(job) {
  const s = `job="${job}"`;
  const rules = [];
  rules.push({ record: 'instance:node_num_cpu:sum', expr: `count without (cpu, mode) (node_cpu_seconds_total{${s},mode="idle"})` });
  for (const w of ['1m', '5m', '15m', '1h']) {
    rules.push({
      record: `instance:node_cpu_utilisation:rate${w}`,
      expr: `1 - avg without (cpu) (sum without (mode) (rate(node_cpu_seconds_total{${s},mode=~"idle|iowait|steal"}[${w}])))`,
    });
  }
  rules.push({ record: 'instance_mode:node_cpu_seconds:rate5m', expr: `sum without (cpu) (rate(node_cpu_seconds_total{${s}}[5m]))` });
  for (const mode of CPU_MODES) {
    rules.push({ record: `instance:node_cpu_${mode}:ratio_rate5m`, expr: `avg without (cpu) (rate(node_cpu_seconds_total{${s},mode="${mode}"}[5m]))` });
  }
  rules.push({ record: 'instance:node_load1_per_cpu:ratio', expr: `node_load1{${s}} / instance:node_num_cpu:sum{${s}}` });
  rules.push({ record: 'instance:node_load5_per_cpu:ratio', expr: `node_load5{${s}} / instance:node_num_cpu:sum{${s}}` });
  rules.push({ record: 'instance:node_memory_utilisation:ratio', expr: `1 - (node_memory_MemAvailable_bytes{${s}} / node_memory_MemTotal_bytes{${s}})` });
  for (const fn of ['min', 'avg']) {
    rules.push({ record: `instance:node_memory_available_bytes:${fn}_over_time1h`, expr: `${fn}_over_time(node_memory_MemAvailable_bytes{${s}}[1h])` });
  }
  rules.push({ record: 'instance:node_memory_available_bytes:deriv30m', expr: `deriv(node_memory_MemAvailable_bytes{${s}}[30m])` });
  for (const h of [4, 24]) {
    rules.push({
      record: `instance_mountpoint:node_filesystem_avail_bytes:predict_linear${h}h`,
      expr: `predict_linear(node_filesystem_avail_bytes{${s},fstype!=""}[6h], ${h} * 60 * 60)`,
    });
  }
  rules.push({ record: 'instance_mountpoint:node_filesystem_avail_bytes:deriv1h', expr: `deriv(node_filesystem_avail_bytes{${s},fstype!=""}[1h])` });
  rules.push({ record: 'instance_mountpoint:node_filesystem_avail_bytes:min_over_time1h', expr: `min_over_time(node_filesystem_avail_bytes{${s},fstype!=""}[1h])` });
  for (const fn of ['max', 'avg']) {
    rules.push({ record: `instance_chip:node_hwmon_temp_celsius:${fn}`, expr: `${fn} by (job, instance, chip) (node_hwmon_temp_celsius{${s}})` });
  }
  rules.push({ record: 'instance:node_hwmon_temp_celsius:max_over_time15m', expr: `max by (job, instance) (max_over_time(node_hwmon_temp_celsius{${s}}[15m]))` });
  rules.push({ record: 'instance_sensor:node_hwmon_temp_celsius:p90_over_time1h', expr: `quantile_over_time(0.9, node_hwmon_temp_celsius{${s}}[1h])` });
  rules.push({ record: 'job:node_cpu_utilisation:avg_rate5m', expr: `avg by (job) (instance:node_cpu_utilisation:rate5m{${s}})` });
  rules.push({ record: 'job:node_memory_utilisation:max', expr: `max by (job) (instance:node_memory_utilisation:ratio{${s}})` });
  rules.push({ record: 'job:node_load1:sum', expr: `sum by (job) (node_load1{${s}})` });
  rules.push({ record: 'job:node_filesystem_avail_bytes:min', expr: `min by (job) (node_filesystem_avail_bytes{${s},fstype!=""})` });
  rules.push({ record: 'job_instance:node_cpu_utilisation:top3_rate5m', expr: `topk(3, instance:node_cpu_utilisation:rate5m{${s}})` });
  return rules;
}

/** The node-exporter mixin's alerts, adapted to the metrics the data set has, for one job. */
function nodeAlerts(job) {
  const s = `job="${job}"`;
  const fs = `${s},fstype!=""`;
  const ann = (summary, description) => ({ summary, description, runbook_url: `https://runbooks.example/node/${job}` });
  const rules = [];
  rules.push({
    alert: 'NodeFilesystemSpaceFillingUp',
    expr: `node_filesystem_avail_bytes{${fs}} < 40e9\nand\npredict_linear(node_filesystem_avail_bytes{${fs}}[6h], 24 * 60 * 60) < 0`,
    for: '1h',
    labels: { severity: 'warning' },
    annotations: ann('Filesystem is predicted to run out of space within the next 24 hours.', 'Filesystem on {{ $labels.device }} at {{ $labels.instance }} has {{ $value | humanize1024 }}B left and is filling up.'),
  });
  rules.push({
    alert: 'NodeFilesystemSpaceFillingUp',
    expr: `node_filesystem_avail_bytes{${fs}} < 20e9\nand\npredict_linear(node_filesystem_avail_bytes{${fs}}[6h], 4 * 60 * 60) < 0`,
    for: '1h',
    labels: { severity: 'critical' },
    annotations: ann('Filesystem is predicted to run out of space within the next 4 hours.', 'Filesystem on {{ $labels.device }} at {{ $labels.instance }} has {{ $value | humanize1024 }}B left and is filling up fast.'),
  });
  for (const [severity, limit] of [
    ['warning', 30e9],
    ['critical', 25e9],
  ]) {
    rules.push({
      alert: 'NodeFilesystemAlmostOutOfSpace',
      expr: `node_filesystem_avail_bytes{${fs}} < ${limit}`,
      for: '30m',
      labels: { severity },
      annotations: ann('Filesystem has little space left.', 'Filesystem on {{ $labels.device }} at {{ $labels.instance }} has {{ $value | humanize1024 }}B left.'),
    });
  }
  rules.push({
    alert: 'NodeCPUHighUsage',
    expr: `instance:node_cpu_utilisation:rate5m{${s}} > 0.9`,
    for: '15m',
    labels: { severity: 'info' },
    annotations: ann('High CPU usage.', 'CPU usage at {{ $labels.instance }} is {{ $value | humanizePercentage }}.'),
  });
  rules.push({
    alert: 'NodeCPUHighIOWait',
    expr: `instance:node_cpu_iowait:ratio_rate5m{${s}} > 0.03`,
    for: '15m',
    labels: { severity: 'info' },
    annotations: ann('High iowait.', 'iowait at {{ $labels.instance }} is {{ $value | humanizePercentage }}.'),
  });
  rules.push({
    alert: 'NodeSystemSaturation',
    expr: `instance:node_load1_per_cpu:ratio{${s}} > 2`,
    for: '15m',
    labels: { severity: 'warning' },
    annotations: ann('System saturated, load per core is very high.', 'Load per core at {{ $labels.instance }} is {{ printf "%.2f" $value }}.'),
  });
  rules.push({
    alert: 'NodeLoad5High',
    expr: `instance:node_load5_per_cpu:ratio{${s}} > 1`,
    for: '15m',
    labels: { severity: 'info' },
    annotations: ann('Load is high.', 'Load5 per core at {{ $labels.instance }} is {{ printf "%.2f" $value }}.'),
  });
  rules.push({
    alert: 'NodeMemoryHighUtilization',
    expr: `instance:node_memory_utilisation:ratio{${s}} > 0.6`,
    for: '15m',
    labels: { severity: 'warning' },
    annotations: ann('Host is running out of memory.', 'Memory is filling up at {{ $labels.instance }}, {{ $value | humanizePercentage }} used.'),
  });
  rules.push({
    alert: 'NodeMemoryLow',
    expr: `node_memory_MemAvailable_bytes{${s}} / node_memory_MemTotal_bytes{${s}} < 0.1`,
    for: '5m',
    labels: { severity: 'critical' },
    annotations: ann('Host has little memory left.', '{{ $value | humanizePercentage }} available at {{ $labels.instance }}.'),
  });
  for (const [severity, limit] of [
    ['warning', 48],
    ['critical', 80],
  ]) {
    rules.push({
      alert: 'NodeHighTemperature',
      expr: `node_hwmon_temp_celsius{${s}} > ${limit}`,
      for: '5m',
      labels: { severity },
      annotations: ann('Hardware is hot.', '{{ $labels.chip }}/{{ $labels.sensor }} at {{ $labels.instance }} is {{ printf "%.1f" $value }}°C.'),
    });
  }
  rules.push({
    alert: 'NodeTemperatureRising',
    expr: `deriv(node_hwmon_temp_celsius{${s}}[15m]) > 0.01`,
    for: '10m',
    labels: { severity: 'info' },
    annotations: ann('Temperature is rising.', '{{ $labels.chip }}/{{ $labels.sensor }} at {{ $labels.instance }} rises {{ printf "%.3f" $value }}°C/s.'),
  });
  rules.push({
    alert: 'NodeExporterDown',
    expr: `absent(node_load1{${s}})`,
    for: '5m',
    labels: { severity: 'critical' },
    annotations: ann(`No node metrics from ${job}.`, 'node_load1 is absent.'),
  });
  rules.push({
    alert: 'NodeCPUMetricsAbsent',
    expr: `absent(node_cpu_seconds_total{${s},mode="idle"})`,
    for: '5m',
    labels: { severity: 'warning' },
    annotations: ann(`No CPU metrics from ${job}.`, 'node_cpu_seconds_total is absent.'),
  });
  rules.push({
    alert: 'NodeLoadImbalance',
    expr: `max by (job) (node_load1{${s}}) > 3 * avg by (job) (node_load1{${s}})`,
    for: '15m',
    labels: { severity: 'info' },
    annotations: ann('Load is unbalanced across {{ $labels.job }}.', 'Highest load1 is {{ $value }}.'),
  });
  rules.push({
    alert: 'NodeCPUImbalance',
    expr: `stddev by (job) (instance:node_cpu_utilisation:rate5m{${s}}) > 0.2`,
    for: '15m',
    labels: { severity: 'info' },
    annotations: ann('CPU use is unbalanced across {{ $labels.job }}.', 'Standard deviation {{ $value | humanizePercentage }}.'),
  });
  rules.push({
    alert: 'NodeCounterReset',
    expr: `sum by (job, instance) (resets(node_cpu_seconds_total{${s},mode="idle"}[1h])) > 0`,
    labels: { severity: 'info' },
    annotations: ann('{{ $labels.instance }} restarted.', '{{ $value }} counter resets in the last hour.'),
  });
  return rules;
}

function clusterRecording() {
  const b = 'http_request_duration_seconds_bucket';
  return [
    { record: 'cluster:http_requests:rate5m', expr: 'sum(rate(http_requests_total[5m]))' },
    { record: 'cluster_job:http_requests:share_rate5m', expr: 'job:http_requests:rate5m / ignoring (job) group_left () cluster:http_requests:rate5m' },
    { record: 'cluster:http_errors:ratio_rate5m', expr: 'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))' },
    { record: 'cluster:http_errors:ratio_rate1h', expr: 'sum(job_status:http_requests:rate1h{status=~"5.."}) / sum(job_status:http_requests:rate1h)' },
    { record: 'cluster:http_request_duration_seconds:p99_rate5m', expr: `histogram_quantile(0.99, sum by (le) (rate(${b}[5m])))` },
    { record: 'cluster:http_request_duration_seconds:p50_rate5m', expr: `histogram_quantile(0.5, sum by (le) (job_le:http_request_duration_seconds_bucket:rate5m))` },
    { record: 'cluster:http_request_duration_seconds:p99_rate1h', expr: `histogram_quantile(0.99, sum by (le) (job_le:http_request_duration_seconds_bucket:rate1h))` },
    { record: 'cluster_path:http_request_duration_seconds:p99_rate5m', expr: `histogram_quantile(0.99, sum by (path, le) (rate(${b}[5m])))` },
    {
      record: 'instance_path:http_requests:share_rate5m',
      expr: 'sum by (job, instance, path) (rate(http_requests_total[5m]))\n/ on (job, instance) group_left ()\nsum by (job, instance) (rate(http_requests_total[5m]))',
    },
    { record: 'cluster_job:http_requests:top3_instances_rate5m', expr: 'topk by (job) (3, instance:http_requests:rate5m)' },
    { record: 'cluster:node_cpu_utilisation:avg_rate5m', expr: 'avg(instance:node_cpu_utilisation:rate5m)' },
    { record: 'cluster:node_num_cpu:sum', expr: 'sum(instance:node_num_cpu:sum)' },
    { record: 'cluster:node_memory_utilisation:ratio', expr: '1 - sum(node_memory_MemAvailable_bytes) / sum(node_memory_MemTotal_bytes)' },
    { record: 'cluster:node_load1:sum', expr: 'sum(node_load1)' },
    { record: 'cluster:instances:count', expr: 'count(count by (instance) (node_load1))' },
    { record: 'cluster_job:instances:count', expr: 'count by (job) (node_load1)' },
    { record: 'cluster_job:node_cpu_utilisation:p90_rate5m', expr: 'quantile by (job) (0.9, instance:node_cpu_utilisation:rate5m)' },
    { record: 'cluster_mountpoint:node_filesystem_avail_bytes:sum', expr: 'sum by (mountpoint) (node_filesystem_avail_bytes{fstype!=""})' },
    { record: 'host:node_load1_per_cpu:ratio', expr: 'label_replace(instance:node_load1_per_cpu:ratio, "host", "$1", "instance", "([^.:]+).*")' },
    { record: 'cluster:scrape_samples_scraped:sum', expr: 'sum(scrape_samples_scraped)' },
    { record: 'cluster_chip:node_hwmon_temp_celsius:max', expr: 'max by (chip) (node_hwmon_temp_celsius)' },
  ];
}

function clusterAlerts() {
  const ann = (summary, description) => ({ summary, description });
  return [
    {
      alert: 'Watchdog',
      expr: 'vector(1)',
      labels: { severity: 'none' },
      annotations: ann('An alert that should always be firing.', 'It proves the whole alerting pipeline works.'),
    },
    {
      alert: 'TargetDown',
      expr: '100 * (count by (job) (up == 0) / count by (job) (up)) > 10',
      for: '10m',
      labels: { severity: 'warning' },
      annotations: ann('Targets are down.', '{{ printf "%.4g" $value }}% of the {{ $labels.job }} targets are down.'),
    },
    {
      alert: 'ClusterHighErrorRate',
      expr: 'cluster:http_errors:ratio_rate5m > 0.005',
      for: '10m',
      labels: { severity: 'warning' },
      annotations: ann('The cluster fails too often.', '{{ $value | humanizePercentage }} errors.'),
    },
    {
      alert: 'ClusterHighLatency',
      expr: 'cluster:http_request_duration_seconds:p99_rate5m > 1',
      for: '10m',
      labels: { severity: 'warning' },
      annotations: ann('The cluster is slow.', 'p99 {{ $value | humanizeDuration }}.'),
    },
    {
      alert: 'ClusterCPUHigh',
      expr: 'cluster:node_cpu_utilisation:avg_rate5m > 0.8',
      for: '15m',
      labels: { severity: 'warning' },
      annotations: ann('The cluster is busy.', 'CPU at {{ $value | humanizePercentage }}.'),
    },
    {
      alert: 'ClusterMemoryHigh',
      expr: 'cluster:node_memory_utilisation:ratio > 0.8',
      for: '15m',
      labels: { severity: 'warning' },
      annotations: ann('The cluster is short of memory.', '{{ $value | humanizePercentage }} used.'),
    },
    {
      alert: 'JobTrafficShareLow',
      expr: 'cluster_job:http_requests:share_rate5m < 0.1',
      for: '30m',
      labels: { severity: 'info' },
      annotations: ann('{{ $labels.job }} gets little of the traffic.', '{{ $value | humanizePercentage }} of requests.'),
    },
    {
      alert: 'InstancesMissing',
      expr: 'cluster_job:instances:count < 11',
      for: '10m',
      labels: { severity: 'info' },
      annotations: ann('{{ $labels.job }} runs fewer instances than planned.', '{{ $value }} instances.'),
    },
    {
      alert: 'TooManyAlerts',
      expr: 'count(ALERTS{alertstate="firing"}) > 200',
      for: '5m',
      labels: { severity: 'warning' },
      annotations: ann('Many alerts fire.', '{{ $value }} alerts are firing.'),
    },
  ];
}

/**
 * Every group of the catalog, in file order: cluster-wide ones first, then each job's.
 * Rules chain as real rule files do: alerts read recorded series, some within their group.
 */
export function catalog() {
  const groups = [
    { name: 'cluster.rules', rules: clusterRecording() },
    { name: 'cluster.alerts', rules: clusterAlerts() },
  ];
  for (const job of JOBS) {
    // The same rule written for each job gets the job as a static label, as mixins configured
    // per service do: its output has that job anyway, and promtool's duplicate-rule lint (same
    // name and labels) then tells the copies apart.
    const own = (rules) => rules.map((r) => ({ ...r, labels: { job, ...r.labels } }));
    groups.push(
      { name: `${job}.http.rules`, rules: own(httpRecording(job)) },
      { name: `${job}.http.latency.rules`, rules: own(httpLatency(job)) },
      { name: `${job}.endpoints.rules`, rules: own(endpoints(job)) },
      { name: `${job}.slo.rules`, rules: own(slo(job)) },
      { name: `${job}.http.alerts`, rules: own(httpAlerts(job)) },
      { name: `${job}.node.rules`, rules: own(nodeRecording(job)) },
      { name: `${job}.node.alerts`, rules: own(nodeAlerts(job)) },
    );
  }
  return groups;
}
