/**
 * Hearth's own metrics (GET /metrics) and the built-in host collector (GET /metrics/node).
 *
 * Registry: counters, gauges, histograms and *Func families for Hearth's engines, rendered in
 * the text format 0.0.4 exactly as the Go client writes it. registerProcessMetrics adds the
 * process_* and nodejs_* metrics under prom-client's names.
 *
 * HostCollector: this machine under node_exporter's metric names, labels, units and HELP
 * texts, so node_exporter dashboards and alert rules work unchanged. Defaults follow upstream
 * node_exporter (not Debian's patched defaults, which also exclude /run, /mnt, /media and lo).
 *
 * Coverage by platform (Linux reads /proc and /sys, and statfs; macOS and Windows use only
 * what node:os and statfs offer, since collect() never starts a child process):
 *
 * | node_exporter metrics                                  | Linux | macOS                                    | Windows                                 |
 * |--------------------------------------------------------|-------|------------------------------------------|-----------------------------------------|
 * | node_cpu_seconds_total{cpu,mode}                       | yes   | yes: user, nice, system, idle            | yes: user, system, idle, irq            |
 * | node_cpu_guest_seconds_total                           | yes   | no                                       | no                                      |
 * | node_load1, node_load5, node_load15                    | yes   | yes                                      | no (Windows has no load average)        |
 * | node_memory_* (every /proc/meminfo field)              | yes   | node_memory_total_bytes, _free_bytes (darwin names) | node_memory_MemTotal_bytes, _MemAvailable_bytes |
 * | node_filesystem_size/free/avail_bytes, _device_error   | yes   | yes: / and /Volumes/*; device, fstype "" | yes: drive letters; fstype ""           |
 * | node_filesystem_files, _files_free                     | yes   | yes                                      | no (Windows reports no inode counts)    |
 * | node_filesystem_readonly, node_filesystem_mount_info   | yes   | no                                       | no                                      |
 * | node_disk_* (I/O counters, node_disk_info, udev infos) | yes   | no (needs IOKit)                         | no (needs performance counters)         |
 * | node_network_*_total{device}                           | yes   | no (needs getifaddrs/sysctl)             | no (needs GetIfTable2)                  |
 * | node_boot_time_seconds                                 | yes   | yes (clock minus uptime, whole seconds)  | yes (clock minus uptime, whole seconds) |
 * | node_context_switches_total, node_forks_total, node_intr_total, node_procs_running, node_procs_blocked | yes | no | no |
 * | node_time_seconds                                      | yes   | yes                                      | yes                                     |
 * | node_time_clocksource_available_info, _current_info    | yes   | no                                       | no                                      |
 * | node_time_zone_offset_seconds                          | no    | no                                       | no                                      |
 * | node_uname_info                                        | yes   | yes (host name split at the first dot)   | yes                                     |
 * | node_os_info, node_os_version, node_os_support_end_timestamp_seconds | yes | no                  | no                                      |
 * | node_hwmon_* (temperatures, fans, voltages, power, …)  | yes, where /sys/class/hwmon has sensors | no (needs SMC) | no (needs WMI)          |
 * | node_scrape_collector_success, _duration_seconds       | yes   | yes                                      | yes                                     |
 *
 * On Linux the collectors are node_exporter's cpu, diskstats, filesystem, hwmon, loadavg,
 * meminfo, netdev, os, stat, time and uname; on macOS and Windows cpu, filesystem, meminfo,
 * boottime, uname and time, plus loadavg on macOS. Not implemented anywhere (node_exporter
 * collectors outside the issue's scope): netclass (node_network_up/info/speed), CPU thermal
 * throttle counters, vmstat, netstat, sockstat, filefd, pressure, entropy, timex, and the rest.
 */

export { TEXT_CONTENT_TYPE } from './exposition.js';
export {
  Counter,
  CounterChild,
  DEFAULT_BUCKETS,
  Gauge,
  GaugeChild,
  Histogram,
  HistogramChild,
  Registry,
  exponentialBuckets,
  linearBuckets,
  type FuncResult,
  type LabelSet,
  type RegistryOptions,
} from './registry.js';
export { registerProcessMetrics } from './processMetrics.js';
export { HostCollector, type HostCollectorOptions } from './hostCollector.js';
export type { HostIo, OsFacts, StatFs } from './host/context.js';
