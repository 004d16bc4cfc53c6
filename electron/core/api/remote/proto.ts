/**
 * The remote-write protobuf messages, compiled once with protobufjs from the .proto text of
 * Prometheus's prompb (remote write 1.0, `prometheus.WriteRequest`) and of remote write 2.0
 * (`io.prometheus.write.v2.Request`).
 * https://prometheus.io/docs/specs/prw/remote_write_spec/ and .../remote_write_spec_2_0/
 * The receiver does not decode with them (wire.ts does, within limits and in slices): they
 * are for encoders (tests, tools) and the reference the wire decoder is tested against.
 *
 * NOTE: the wire format is upstream's, but three declarations differ on purpose:
 * - `Sample.value` is read as fixed64 (the same 8 bytes on the wire as double) so the exact
 *   bits arrive: Prometheus sends staleness markers as one particular NaN, and JavaScript
 *   does not promise to keep a NaN's payload once it is a number.
 * - label names and values, and v2 symbols, are bytes, so invalid UTF-8 is refused as
 *   Prometheus refuses it instead of being replaced by U+FFFD.
 * - histograms and exemplars are bytes: Hearth stores neither, it only counts them.
 */

import protobuf from 'protobufjs';

const PROTO = `
syntax = "proto3";

package prometheus;

message WriteRequest {
  repeated TimeSeries timeseries = 1;
  repeated MetricMetadata metadata = 3;
}

message TimeSeries {
  repeated Label labels = 1;
  repeated Sample samples = 2;
  repeated bytes exemplars = 3;
  repeated bytes histograms = 4;
}

message Label {
  bytes name = 1;
  bytes value = 2;
}

message Sample {
  fixed64 value = 1;
  int64 timestamp = 2;
}

message MetricMetadata {
  int32 type = 1;
  string metric_family_name = 2;
  string help = 4;
  string unit = 5;
}
`;

const PROTO_V2 = `
syntax = "proto3";

package io.prometheus.write.v2;

message Request {
  repeated bytes symbols = 4;
  repeated TimeSeries timeseries = 5;
}

message TimeSeries {
  repeated uint32 labels_refs = 1;
  repeated Sample samples = 2;
  repeated bytes histograms = 3;
  repeated bytes exemplars = 4;
  Metadata metadata = 5;
  int64 created_timestamp = 6;
}

message Sample {
  fixed64 value = 1;
  int64 timestamp = 2;
  int64 start_timestamp = 3;
}

message Metadata {
  int32 type = 1;
  uint32 help_ref = 3;
  uint32 unit_ref = 4;
}
`;

const root = new protobuf.Root();
protobuf.parse(PROTO, root, { keepCase: false });
protobuf.parse(PROTO_V2, root, { keepCase: false });

export const WriteRequestV1 = root.lookupType('prometheus.WriteRequest');
export const RequestV2 = root.lookupType('io.prometheus.write.v2.Request');

const bits = new DataView(new ArrayBuffer(8));

/** The float64 whose bits a fixed64 field carried, and whether they are Prometheus's staleness marker. */
export function sampleValue(v: number | { readonly low: number; readonly high: number }): { value: number; stale: boolean } {
  let low: number;
  let high: number;
  if (typeof v === 'number') {
    bits.setFloat64(0, v, true);
    low = bits.getUint32(0, true);
    high = bits.getUint32(4, true);
  } else {
    low = v.low >>> 0;
    high = v.high >>> 0;
  }
  // Prometheus's StaleNaN is 0x7ff0000000000002.
  if (high === 0x7ff00000 && low === 2) return { value: NaN, stale: true };
  bits.setUint32(0, low, true);
  bits.setUint32(4, high, true);
  return { value: bits.getFloat64(0, true), stale: false };
}

/** The fixed64 bits of a float64 (for encoders: tests and tools). */
export function valueBits(value: number, stale = false): { low: number; high: number; unsigned: boolean } {
  if (stale) return { low: 2, high: 0x7ff00000, unsigned: true };
  bits.setFloat64(0, value, true);
  return { low: bits.getUint32(0, true), high: bits.getUint32(4, true), unsigned: true };
}
