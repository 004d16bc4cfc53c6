import { describe, expect, it } from 'vitest';
import { acceptHeader, chooseMediaType } from '../../../../../electron/core/scrape/textparse/mediaType.js';

describe('acceptHeader', () => {
  it('is what Prometheus 3 sends by default', () => {
    expect(
      acceptHeader(['OpenMetricsText1.0.0', 'OpenMetricsText0.0.1', 'PrometheusText1.0.0', 'PrometheusText0.0.4'], 'allow-utf-8'),
    ).toBe(
      'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,' +
        'application/openmetrics-text;version=0.0.1;q=0.5,' +
        'text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,' +
        'text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
    );
  });

  it('leaves protobuf out but keeps the other weights', () => {
    expect(acceptHeader(['PrometheusProto', 'PrometheusText0.0.4'], 'underscores')).toBe(
      'text/plain;version=0.0.4;q=0.5,*/*;q=0.4',
    );
  });
});

describe('chooseMediaType', () => {
  it('picks the parser from the Content-Type', () => {
    expect(chooseMediaType('text/plain; version=0.0.4; charset=utf-8', undefined)).toEqual({
      mediaType: 'text/plain',
      problem: null,
    });
    expect(chooseMediaType('application/openmetrics-text; version=1.0.0; charset=utf-8', undefined).mediaType).toBe(
      'application/openmetrics-text',
    );
    expect(chooseMediaType('Text/Plain', undefined).mediaType).toBe('text/plain');
  });

  it('fails a missing or unknown type without fallback_scrape_protocol, as Prometheus 3', () => {
    expect(chooseMediaType('', undefined)).toEqual({
      mediaType: null,
      problem: 'non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target',
    });
    expect(chooseMediaType('text/html; charset=utf-8', undefined)).toEqual({
      mediaType: null,
      problem:
        'received unsupported Content-Type "text/html; charset=utf-8" and no fallback_scrape_protocol specified for target',
    });
    expect(chooseMediaType('garbage', undefined).problem).toBe(
      'cannot parse Content-Type "garbage" and no fallback_scrape_protocol for target: mime: expected slash after first token',
    );
  });

  it('uses the fallback and says so', () => {
    expect(chooseMediaType('', 'PrometheusText0.0.4')).toEqual({
      mediaType: 'text/plain',
      problem: 'non-compliant scrape target sending blank Content-Type, using fallback_scrape_protocol "text/plain"',
    });
    expect(chooseMediaType('text/html', 'OpenMetricsText1.0.0').mediaType).toBe('application/openmetrics-text');
  });
});
