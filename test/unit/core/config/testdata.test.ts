/**
 * Every config in Prometheus's config/testdata, with Hearth's verdict and the reason.
 * Bad files must be refused; good files must load unless they use a service discovery
 * Hearth does not support, in which case the refusal must say so.
 */

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from '../../../../electron/core/config/index.js';
import { referenceData } from '../../../referenceData.js';

const DATA = referenceData('prometheus-testdata/config/testdata');
const DIR = DATA.path;

const unsupported = (sd: string) => `Hearth does not support ${sd}_sd_configs`;

// Each file and what loading it must give: 'ok', or a substring of the error.
const VERDICTS: Record<string, string> = {
  'agent_mode.good.yml': 'ok',
  'agent_mode.with_alert_manager.yml': 'ok',
  'agent_mode.with_alert_relabels.yml': 'ok',
  'agent_mode.with_remote_reads.yml': 'ok',
  'agent_mode.with_rule_files.yml': 'ok',
  'agent_mode.without_remote_writes.yml': 'ok',
  'azure_authentication_method.bad.yml': unsupported('azure'),
  'azure_bearertoken_basicauth.bad.yml': unsupported('azure'),
  'azure_client_id_missing.bad.yml': unsupported('azure'),
  'azure_client_secret_missing.bad.yml': unsupported('azure'),
  'azure_subscription_id_missing.bad.yml': unsupported('azure'),
  'azure_tenant_id_missing.bad.yml': unsupported('azure'),
  'bearertoken.bad.yml': 'at most one of bearer_token & bearer_token_file must be configured',
  'bearertoken_basicauth.bad.yml': 'at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured',
  'conf.good.yml': unsupported('dns'),
  'config_with_deprecated_am_api_config.yml': 'expected Alertmanager api version to be one of [v2] but got v1',
  'dropequal.bad.yml': "relabel configuration for dropequal action requires 'target_label' value",
  'dropequal1.bad.yml': "dropequal action requires only 'source_labels' and `target_label`, and no other fields",
  'ec2_filters_empty_values.bad.yml': unsupported('ec2'),
  'ec2_token_file.bad.yml': unsupported('ec2'),
  'empty_alert_relabel_config.bad.yml': 'empty or null alert relabeling rule',
  'empty_alertmanager_relabel_config.bad.yml': 'empty or null Alertmanager target relabeling rule',
  'empty_metric_relabel_config.bad.yml': 'empty or null metric relabeling rule',
  'empty_rr_config.bad.yml': 'empty or null remote read config section',
  'empty_rw_config.bad.yml': 'empty or null remote write config section',
  'empty_rw_relabel_config.bad.yml': 'empty or null relabeling rule in remote write config',
  'empty_scrape_config.bad.yml': 'empty or null scrape config section',
  'empty_scrape_config_action.bad.yml': 'relabel action cannot be empty',
  'empty_static_config.bad.yml': 'empty or null section in static_configs',
  'empty_target_relabel_config.bad.yml': 'empty or null target relabeling rule',
  'eureka_invalid_server.bad.yml': unsupported('eureka'),
  'eureka_no_server.bad.yml': unsupported('eureka'),
  'external_labels.good.yml': 'ok',
  'global_convert_classic_hist_to_nhcb.good.yml': 'ok',
  'global_disable_always_scrape_classic_hist.good.yml': 'ok',
  'global_disable_extra_scrape_metrics.good.yml': 'ok',
  'global_enable_always_scrape_classic_hist.good.yml': 'ok',
  'global_enable_extra_scrape_metrics.good.yml': 'ok',
  'global_enable_scrape_native_hist.good.yml': 'ok',
  'global_enable_scrape_native_hist_and_scrape_protocols.good.yml': 'ok',
  'global_scrape_protocols_and_local_disable_scrape_native_hist.good.yml': 'ok',
  'global_timeout.good.yml': 'ok',
  'hetzner_role.bad.yml': unsupported('hetzner'),
  'http_token_file.bad.yml': 'at most one of bearer_token & bearer_token_file must be configured',
  'http_url_bad_scheme.bad.yml': "URL scheme must be 'http' or 'https'",
  'http_url_no_host.bad.yml': 'host is missing in URL',
  'http_url_no_scheme.bad.yml': "URL scheme must be 'http' or 'https'",
  'ionos_datacenter.bad.yml': unsupported('ionos'),
  'jobname.bad.yml': 'job_name is empty',
  'jobname_dup.bad.yml': 'found multiple scrape configs with job name "prometheus"',
  'keepequal.bad.yml': "relabel configuration for keepequal action requires 'target_label' value",
  'keepequal1.bad.yml': "keepequal action requires only 'source_labels' and `target_label`, and no other fields",
  'kubernetes_api_server_with_own_namespace.bad.yml': unsupported('kubernetes'),
  'kubernetes_authorization_basicauth.bad.yml': unsupported('kubernetes'),
  'kubernetes_bearertoken.bad.yml': unsupported('kubernetes'),
  'kubernetes_bearertoken_basicauth.bad.yml': unsupported('kubernetes'),
  'kubernetes_empty_apiserver.good.yml': unsupported('kubernetes'),
  'kubernetes_http_config_without_api_server.bad.yml': unsupported('kubernetes'),
  'kubernetes_kubeconfig_with_apiserver.bad.yml': unsupported('kubernetes'),
  'kubernetes_kubeconfig_with_http_config.bad.yml': unsupported('kubernetes'),
  'kubernetes_kubeconfig_with_own_namespace.bad.yml': unsupported('kubernetes'),
  'kubernetes_kubeconfig_without_apiserver.good.yml': unsupported('kubernetes'),
  'kubernetes_namespace_discovery.bad.yml': unsupported('kubernetes'),
  'kubernetes_role.bad.yml': unsupported('kubernetes'),
  'kubernetes_selectors_duplicated_role.bad.yml': unsupported('kubernetes'),
  'kubernetes_selectors_endpoints.bad.yml': unsupported('kubernetes'),
  'kubernetes_selectors_endpoints.good.yml': unsupported('kubernetes'),
  'kubernetes_selectors_incorrect_selector.bad.yml': unsupported('kubernetes'),
  'kubernetes_selectors_ingress.bad.yml': unsupported('kubernetes'),
  'kubernetes_selectors_ingress.good.yml': unsupported('kubernetes'),
  'kubernetes_selectors_node.bad.yml': unsupported('kubernetes'),
  'kubernetes_selectors_node.good.yml': unsupported('kubernetes'),
  'kubernetes_selectors_pod.bad.yml': unsupported('kubernetes'),
  'kubernetes_selectors_pod.good.yml': unsupported('kubernetes'),
  'kubernetes_selectors_service.bad.yml': unsupported('kubernetes'),
  'kubernetes_selectors_service.good.yml': unsupported('kubernetes'),
  'labeldrop.bad.yml': "labeldrop action requires only 'regex', and no other fields",
  'labeldrop2.bad.yml': "labeldrop action requires only 'regex', and no other fields",
  'labeldrop3.bad.yml': "labeldrop action requires only 'regex', and no other fields",
  'labeldrop4.bad.yml': "labeldrop action requires only 'regex', and no other fields",
  'labeldrop5.bad.yml': "labeldrop action requires only 'regex', and no other fields",
  'labelkeep.bad.yml': "labelkeep action requires only 'regex', and no other fields",
  'labelkeep2.bad.yml': "labelkeep action requires only 'regex', and no other fields",
  'labelkeep3.bad.yml': "labelkeep action requires only 'regex', and no other fields",
  'labelkeep4.bad.yml': "labelkeep action requires only 'regex', and no other fields",
  'labelkeep5.bad.yml': "labelkeep action requires only 'regex', and no other fields",
  'labelmap.bad.yml': '!!binary value contains invalid base64 data',
  'labelname.bad.yml': '"\\xff" is not a valid label name',
  'labelvalue.bad.yml': '"\\xff" is not a valid label value',
  'lightsail_token_file.bad.yml': unsupported('lightsail'),
  'local_convert_classic_hist_to_nhcb.good.yml': 'ok',
  'local_disable_always_scrape_classic_hist.good.yml': 'ok',
  'local_disable_convert_classic_hist_to_nhcb.good.yml': 'ok',
  'local_disable_extra_scrape_metrics.good.yml': 'ok',
  'local_disable_scrape_native_hist.good.yml': 'ok',
  'local_enable_always_scrape_classic_hist.good.yml': 'ok',
  'local_enable_extra_scrape_metrics.good.yml': 'ok',
  'local_enable_scrape_native_hist.good.yml': 'ok',
  'local_enable_scrape_native_hist_and_scrape_protocols.good.yml': 'ok',
  'lowercase.bad.yml': "relabel configuration for lowercase action requires 'target_label' value",
  'lowercase3.bad.yml': "'replacement' can not be set for lowercase action",
  'marathon_authtoken_authorization.bad.yml': unsupported('marathon'),
  'marathon_authtoken_authtokenfile.bad.yml': unsupported('marathon'),
  'marathon_authtoken_basicauth.bad.yml': unsupported('marathon'),
  'marathon_authtoken_bearertoken.bad.yml': unsupported('marathon'),
  'marathon_no_servers.bad.yml': unsupported('marathon'),
  'metric_name_validation_scheme.bad.yml': 'unrecognized ValidationScheme: "invalid_scheme"',
  'modulus_missing.bad.yml': 'relabel configuration for hashmod requires non-zero modulus',
  'oci_authentication_method.bad.yml': unsupported('oci'),
  'openstack_availability.bad.yml': unsupported('openstack'),
  'openstack_role.bad.yml': unsupported('openstack'),
  'otlp_allow_keep_identifying_resource_attributes.good.yml': 'ok',
  'otlp_allow_utf8.bad.yml': 'unsupported OTLP translation strategy "Invalid"',
  'otlp_allow_utf8.good.yml': 'ok',
  'otlp_allow_utf8.incompatible.yml': 'OTLP translation strategy "NoUTF8EscapingWithSuffixes" is not allowed when UTF8 is disabled',
  'otlp_convert_histograms_to_nhcb.good.yml': 'ok',
  'otlp_empty.yml': 'ok',
  'otlp_ignore_resource_attributes_without_promote_all.bad.yml': "'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true",
  'otlp_label_underscore_sanitization_defaults.good.yml': 'ok',
  'otlp_label_underscore_sanitization_disabled.good.yml': 'ok',
  'otlp_label_underscore_sanitization_enabled.good.yml': 'ok',
  'otlp_no_translation.good.yml': 'ok',
  'otlp_no_translation.incompatible.yml': 'OTLP translation strategy "NoTranslation" is not allowed when UTF8 is disabled',
  'otlp_promote_all_resource_attributes.bad.yml': "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously",
  'otlp_promote_scope_metadata.good.yml': 'ok',
  'otlp_sanitize_default_resource_attributes.good.yml': 'ok',
  'otlp_sanitize_ignore_resource_attributes.bad.yml': 'duplicated ignored OTel resource attribute "k8s.job.name"',
  'otlp_sanitize_ignore_resource_attributes.good.yml': 'ok',
  'otlp_sanitize_promote_resource_attributes.bad.yml': 'empty promoted OTel resource attribute',
  'otlp_sanitize_promote_resource_attributes.good.yml': 'ok',
  'otlp_sanitize_resource_attributes_promote_all.good.yml': 'ok',
  'outscale_no_region.bad.yml': unsupported('outscale'),
  'outscale_no_secret.bad.yml': unsupported('outscale'),
  'outscale_two_secrets.bad.yml': unsupported('outscale'),
  'ovhcloud_bad_service.bad.yml': unsupported('ovhcloud'),
  'ovhcloud_no_secret.bad.yml': unsupported('ovhcloud'),
  'puppetdb_bad_url.bad.yml': unsupported('puppetdb'),
  'puppetdb_no_query.bad.yml': unsupported('puppetdb'),
  'puppetdb_no_scheme.bad.yml': unsupported('puppetdb'),
  'puppetdb_no_url.bad.yml': unsupported('puppetdb'),
  'puppetdb_token_file.bad.yml': unsupported('puppetdb'),
  'regex.bad.yml': 'error parsing regexp: missing closing ): `abc(def`',
  'remote_read_dup.bad.yml': 'found multiple remote read configs with job name "queue1"',
  'remote_read_header.bad.yml': 'x-prometheus-remote-write-version is a reserved header. It must not be changed',
  'remote_read_url_missing.bad.yml': 'url for remote_read is empty',
  'remote_write_authorization_header.bad.yml': 'authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter',
  'remote_write_dup.bad.yml': 'found multiple remote write configs with job name "queue1"',
  'remote_write_header.bad.yml': 'x-prometheus-remote-write-version is a reserved header. It must not be changed',
  'remote_write_queue_capacity_zero.bad.yml': 'capacity must be greater than 0',
  'remote_write_queue_max_backoff_less_than_min.bad.yml': 'max_backoff must not be less than min_backoff',
  'remote_write_queue_max_samples_per_send_zero.bad.yml': 'max_samples_per_send must be greater than 0',
  'remote_write_queue_max_shards_zero.bad.yml': 'max_shards must be greater than 0',
  'remote_write_queue_min_shards_greater_than_max.bad.yml': 'min_shards (100) must not be greater than max_shards (10)',
  'remote_write_queue_min_shards_zero.bad.yml': 'min_shards must be greater than 0',
  'remote_write_retry_on_rate_limit.good.yml': 'ok',
  'remote_write_url_missing.bad.yml': 'url for remote_write is empty',
  'remote_write_wrong_msg.bad.yml':
    'invalid protobuf_message value: unknown type for remote write protobuf message io.prometheus.writet.v2.Request, supported: prometheus.WriteRequest, io.prometheus.write.v2.Request',
  'roundtrip.good.yml': unsupported('azure'),
  'rules.bad.yml': 'invalid rule file path "my/*/rule"',
  'rules_abs_path.good.yml': 'ok',
  'rules_abs_path_windows.good.yml': 'ok',
  'scaleway_no_secret.bad.yml': unsupported('scaleway'),
  'scaleway_role.bad.yml': unsupported('scaleway'),
  'scaleway_two_secrets.bad.yml': unsupported('scaleway'),
  'scrape_body_size_limit.bad.yml': 'units: unknown unit  in 100',
  'scrape_config_default_validation_mode.yml': 'ok',
  'scrape_config_disable_compression.good.yml': 'ok',
  'scrape_config_files.bad.yml': 'scrape timeout greater than scrape interval for scrape config with job name "prometheus"',
  'scrape_config_files.good.yml': 'ok',
  'scrape_config_files2.good.yml': 'ok',
  'scrape_config_files_combined.good.yml': 'ok',
  'scrape_config_files_double_import.bad.yml': 'found multiple scrape configs with job name "prometheus"',
  'scrape_config_files_duplicate.bad.yml': 'found multiple scrape configs with job name "prometheus"',
  'scrape_config_files_fallback_scrape_protocol1.bad.yml':
    'invalid fallback_scrape_protocol for scrape config with job name "node": unknown scrape protocol prometheusproto, supported: [OpenMetricsText0.0.1 OpenMetricsText1.0.0 PrometheusProto PrometheusText0.0.4 PrometheusText1.0.0]',
  'scrape_config_files_fallback_scrape_protocol2.bad.yml': 'unmarshal errors',
  'scrape_config_files_glob.bad.yml': 'invalid scrape config file path "scrape_configs/*/*"',
  'scrape_config_files_glob.good.yml': unsupported('vultr'),
  'scrape_config_files_global.bad.yml': 'scrape timeout greater than scrape interval for scrape config with job name "prometheus"',
  'scrape_config_files_global_duplicate.bad.yml': 'found multiple scrape configs with job name "prometheus"',
  'scrape_config_files_only.good.yml': 'ok',
  'scrape_config_files_scrape_protocols.bad.yml':
    'scrape_protocols: unknown scrape protocol prometheusproto, supported: [OpenMetricsText0.0.1 OpenMetricsText1.0.0 PrometheusProto PrometheusText0.0.4 PrometheusText1.0.0] for scrape config with job name "node"',
  'scrape_config_files_scrape_protocols2.bad.yml':
    'duplicated protocol in scrape_protocols, got [OpenMetricsText1.0.0 PrometheusProto OpenMetricsText1.0.0] for scrape config with job name "node"',
  'scrape_config_global_validation_mode.yml': 'ok',
  'scrape_config_local_global_validation_mode.yml': 'ok',
  'scrape_config_local_infer_escaping.yml': 'ok',
  'scrape_config_local_validation_mode.yml': 'ok',
  'scrape_config_utf8_conflicting.bad.yml': 'utf8 metric names requested but validation scheme is not set to UTF8',
  'scrape_interval.bad.yml': 'scrape timeout greater than scrape interval',
  'scrape_interval_larger.good.yml': unsupported('dns'),
  'section_key_dup.bad.yml': 'field scrape_configs already set in type config.plain',
  'stackit_endpoint.bad.yml': unsupported('stackit'),
  'static_config.bad.yml': 'field targets not found in type config.plain',
  'target_label_hashmod_missing.bad.yml': "relabel configuration for hashmod action requires 'target_label' value",
  'target_label_missing.bad.yml': "relabel configuration for replace action requires 'target_label' value",
  'tracing_invalid_authorization_header.bad.yml': 'authorization header configuration is not yet supported',
  'tracing_invalid_compression.bad.yml': 'invalid compression type foo provided, valid options: gzip',
  'tracing_invalid_header.bad.yml': 'x-prometheus-remote-write-version is a reserved header. It must not be changed',
  'tracing_missing_endpoint.bad.yml': 'tracing endpoint must be set',
  'tsdb_chunk_encoding_floats.bad.yml': 'invalid float chunk encoding "xor3"',
  'tsdb_chunk_encoding_floats_wrong_case.bad.yml': 'invalid float chunk encoding "XOR"',
  'tsdb_chunk_encoding_floats_wrong_case_xor2.bad.yml': 'invalid float chunk encoding "XOR2"',
  'tsdb_chunk_encoding_floats_xor.good.yml': 'ok',
  'tsdb_chunk_encoding_floats_xor2.good.yml': 'ok',
  'tsdb_retention_percentage.bad.yml': 'invalid retention percentage 101',
  'tsdb_retention_percentage_float.good.yml': 'ok',
  'tsdb_retention_percentage_negative.bad.yml': 'invalid retention percentage -1',
  'tsdb_retention_size.bad.yml': 'invalid retention size "-1GB"',
  'tsdb_retention_time.bad.yml': 'not a valid duration string: "-1h"',
  'unknown_attr.bad.yml': 'field consult_sd_configs not found in type',
  'unknown_global_attr.bad.yml': 'field nonexistent_field not found in type config.plain',
  'uppercase.bad.yml': "relabel configuration for uppercase action requires 'target_label' value",
  'uppercase3.bad.yml': "'replacement' can not be set for uppercase action",
  'url_in_targetgroup.bad.yml': '"http://bad" is not a valid hostname',
  'uyuni_no_server.bad.yml': unsupported('uyuni'),
  'uyuni_token_file.bad.yml': unsupported('uyuni'),
};

async function verdict(file: string, opts = {}): Promise<string> {
  try {
    await loadConfigFile(path.join(DIR, file), opts);
    return 'ok';
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.message;
  }
}

describe.skipIf(DATA.skip !== null)(DATA.skip ?? 'Prometheus config/testdata', () => {
  it('lists every .yml file of the directory (a new fixture needs a verdict)', () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.yml')).sort();
    expect(files).toEqual(Object.keys(VERDICTS).sort());
  });

  for (const [file, expected] of Object.entries(VERDICTS)) {
    it(`${file}: ${expected === 'ok' ? 'loads' : 'is refused: ' + expected}`, async () => {
      const got = await verdict(file);
      if (expected === 'ok') expect(got).toBe('ok');
      else {
        expect(got).toContain(expected);
        // Errors in an included scrape config file name that file instead.
        expect(got).toContain(file.startsWith('scrape_config_files_') ? 'parsing YAML file ' : `parsing YAML file ${path.join(DIR, file)}`);
      }
    });
  }

  it('every *.bad.yml is refused', async () => {
    for (const file of Object.keys(VERDICTS).filter((f) => f.endsWith('.bad.yml'))) {
      expect(await verdict(file), file).not.toBe('ok');
    }
  });

  // Good files refused only for their discovery must load once that discovery is skipped.
  for (const file of Object.keys(VERDICTS).filter((f) => f.endsWith('.good.yml') && VERDICTS[f]!.startsWith('Hearth does not support'))) {
    it(`${file}: the rest of it loads when unsupported discovery is skipped`, async () => {
      const warnings: string[] = [];
      expect(await verdict(file, { allowUnsupportedSD: true, onWarning: (w: string) => warnings.push(w) })).toBe('ok');
    });
  }

  it('reports unmarshal errors with line and column, as yaml.v2 lists them', async () => {
    try {
      await loadConfigFile(path.join(DIR, 'unknown_global_attr.bad.yml'));
      expect.unreachable();
    } catch (e) {
      const err = e as ConfigError;
      expect(err.message).toBe(
        `parsing YAML file ${path.join(DIR, 'unknown_global_attr.bad.yml')}: yaml: unmarshal errors:\n  line 2, column 3: field nonexistent_field not found in type config.plain`,
      );
      expect(err.file).toBe(path.join(DIR, 'unknown_global_attr.bad.yml'));
      expect([err.line, err.column]).toEqual([2, 3]);
    }
  });

  it('scrape_interval_larger: a local interval below the global timeout caps the timeout', async () => {
    const { parseConfig } = await import('../../../../electron/core/config/index.js');
    const text = fs.readFileSync(path.join(DIR, 'scrape_interval_larger.good.yml'), 'utf8');
    const cfg = parseConfig(text, 'x.yml', { allowUnsupportedSD: true });
    expect(cfg.scrapeConfigs[0]!.scrapeIntervalMs).toBe(5000);
    expect(cfg.scrapeConfigs[0]!.scrapeTimeoutMs).toBe(5000);
  });
});
