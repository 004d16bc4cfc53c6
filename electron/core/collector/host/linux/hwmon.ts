/**
 * node_exporter's `hwmon` collector: hardware sensors under /sys/class/hwmon (what
 * lm-sensors shows): temperatures, fans, voltages, currents, power, energy, humidity.
 *
 * The `chip` label is built from the sensor's device path (stable across boots, unlike the
 * hwmonN numbering): "<parent dir>_<device dir>" cleaned to [a-z0-9:_], e.g.
 * platform_coretemp_0 or nvme_nvme0; failing that the chip's name file, failing that hwmonN.
 * The `sensor` label is the file stem (temp1, fan2, in0).
 */

import { basename, dirname, join } from 'node:path';
import type { CollectContext, Collector, FamilySet } from '../context.js';
import { NoDataError } from '../context.js';

const SENSOR_TYPES = new Set([
  'vrm',
  'beep_enable',
  'update_interval',
  'in',
  'cpu',
  'fan',
  'pwm',
  'temp',
  'curr',
  'power',
  'energy',
  'humidity',
  'intrusion',
  'freq',
]);

const FILENAME_RE = /^([^0-9]+)([0-9]*)?(_(.+))?$/s;

/** Lower-case, anything outside [a-z0-9:_] to "_", trimmed of "_" at both ends. */
export function cleanName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9:_]/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Splits "temp1_input" into type "temp", number 1, property "input"; null when it is no sensor file. */
export function explodeSensorFilename(filename: string): { type: string; num: number; property: string } | null {
  const m = FILENAME_RE.exec(filename);
  if (!m) return null;
  const num = m[2] ? Number(m[2]) : 0;
  return { type: m[1]!, num, property: m[4] ?? '' };
}

type SensorData = Map<string, Map<string, string>>;

async function collectSensorData(ctx: CollectContext, dir: string, data: SensorData): Promise<void> {
  const entries = await ctx.io.readdir(dir);
  const reads: Array<Promise<void>> = [];
  for (const e of entries) {
    const parts = explodeSensorFilename(e.name);
    if (!parts || !SENSOR_TYPES.has(parts.type)) continue;
    const sensor = parts.type + String(parts.num);
    reads.push(
      ctx.io.readFile(join(dir, e.name)).then(
        (raw) => {
          let props = data.get(sensor);
          if (!props) data.set(sensor, (props = new Map()));
          props.set(parts.property, raw.replace(/^\n+|\n+$/g, ''));
        },
        // Unreadable attributes (write-only, or a driver returning EAGAIN/EIO) are skipped, as node_exporter does.
        () => undefined,
      ),
    );
  }
  await Promise.all(reads);
}

/** The chip label for hwmon directory `dir` (see the file comment). */
export async function hwmonChipName(ctx: CollectContext, dir: string): Promise<string> {
  try {
    const dev = await ctx.io.realpath(join(dir, 'device'));
    const devName = cleanName(basename(dev));
    const devType = cleanName(basename(dirname(dev)));
    if (devType !== '' && devName !== '') return devType + '_' + devName;
    if (devName !== '') return devName;
  } catch {
    // No device link: a virtual sensor. Fall through to the name file.
  }
  const name = await ctx.readOptional(join(dir, 'name'));
  if (name !== null && cleanName(name) !== '') return cleanName(name);
  const real = await ctx.io.realpath(dir);
  const last = cleanName(basename(real));
  if (last !== '') return last;
  throw new Error(`could not derive a monitoring name for ${dir}`);
}

export class LinuxHwmonCollector implements Collector {
  readonly name = 'hwmon';

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    const root = ctx.sys('class', 'hwmon');
    let entries;
    try {
      entries = await ctx.io.readdir(root);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NoDataError('hwmon collector metrics are not available for this system');
      throw e;
    }
    const results = await Promise.allSettled(
      entries.map(async (e) => {
        const dir = join(root, e.name);
        if (!(await ctx.io.isDirectory(dir))) return;
        await this.updateChip(ctx, dir, out);
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async updateChip(ctx: CollectContext, dir: string, out: FamilySet): Promise<void> {
    const chip = await hwmonChipName(ctx, dir);
    const data: SensorData = new Map();
    await collectSensorData(ctx, dir, data);
    // Older drivers keep their attributes on the device itself.
    if (await ctx.io.isDirectory(join(dir, 'device'))) await collectSensorData(ctx, join(dir, 'device'), data);

    const humanName = await ctx.readOptional(join(dir, 'name'));
    if (humanName !== null && cleanName(humanName) !== '') {
      out.add('node_hwmon_chip_names', 'Annotation metric for human-readable chip names', 'gauge', 1, { chip, chip_name: cleanName(humanName) });
    }

    for (const [sensor, props] of data) {
      emitSensor(out, chip, sensor, props);
    }
  }
}

function emitSensor(out: FamilySet, chip: string, sensor: string, props: Map<string, string>): void {
  const type = explodeSensorFilename(sensor)!.type;
  const labels = { chip, sensor };
  const label = props.get('label');
  if (label !== undefined) {
    out.add('node_hwmon_sensor_label', 'Label for given chip and sensor', 'gauge', 1, { chip, sensor, label });
  }
  const bare = props.get('');
  if (type === 'beep_enable') {
    out.add('node_hwmon_beep_enabled', 'Hardware beep enabled', 'gauge', bare === '1' ? 1 : 0, labels);
    return;
  }
  if (type === 'vrm' || type === 'update_interval') {
    const v = parseGoFloat(bare);
    if (v === null) return;
    if (type === 'vrm') out.add('node_hwmon_voltage_regulator_version', 'Hardware voltage regulator', 'gauge', v, labels);
    else out.add('node_hwmon_update_interval_seconds', 'Hardware monitor update interval', 'gauge', v * 0.001, labels);
    return;
  }

  const prefix = 'node_hwmon_' + type;
  for (const [element0, raw] of props) {
    let element = element0;
    if (element === 'label') continue;
    let name = prefix;
    if (element === 'input') {
      // "input" is the reading itself, unless the sensor also has a bare file (then that is).
      if (props.has('')) name += '_input';
    } else if (element !== '') {
      name += '_' + cleanName(element);
    }
    const v = parseGoFloat(raw);
    if (v === null) continue;

    if (element === 'fault' || element === 'alarm') {
      out.add(name, `Hardware sensor ${element} status (${type})`, 'gauge', v, labels);
    } else if (element === 'beep') {
      out.add(name + '_enabled', 'Hardware monitor sensor has beeping enabled', 'gauge', v, labels);
    } else if (type === 'in' || type === 'cpu') {
      out.add(name + '_volts', `Hardware monitor for voltage (${element})`, 'gauge', v * 0.001, labels);
    } else if (type === 'temp' && element !== 'type') {
      if (element === '') element = 'input';
      out.add(name + '_celsius', `Hardware monitor for temperature (${element})`, 'gauge', v * 0.001, labels);
    } else if (type === 'curr') {
      out.add(name + '_amps', `Hardware monitor for current (${element})`, 'gauge', v * 0.001, labels);
    } else if (type === 'energy') {
      out.add(name + '_joule_total', `Hardware monitor for joules used so far (${element})`, 'counter', v / 1e6, labels);
    } else if (type === 'power' && element === 'accuracy') {
      out.add(name, 'Hardware monitor power meter accuracy, as a ratio', 'gauge', v / 1e6, labels);
    } else if (type === 'power' && (element === 'average_interval' || element === 'average_interval_min' || element === 'average_interval_max')) {
      out.add(name + '_seconds', `Hardware monitor power usage update interval (${element})`, 'gauge', v * 0.001, labels);
    } else if (type === 'power') {
      out.add(name + '_watt', `Hardware monitor for power usage in watts (${element})`, 'gauge', v / 1e6, labels);
    } else if (type === 'humidity') {
      out.add(name, `Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the humidity as a percentage) (${element})`, 'gauge', v / 1e6, labels);
    } else if (type === 'fan' && (element === 'input' || element === 'min' || element === 'max' || element === 'target')) {
      out.add(name + '_rpm', `Hardware monitor for fan revolutions per minute (${element})`, 'gauge', v, labels);
    } else if (type === 'freq') {
      // GPU clocks: only the labelled input, with the label as the sensor.
      if (element === 'input' && label !== undefined) {
        out.add(name + '_freq_mhz', 'Hardware monitor for GPU frequency in MHz', 'gauge', v / 1e6, { chip, sensor: cleanName(label) });
      }
    } else {
      out.add(name, `Hardware monitor ${type} element ${element}`, 'gauge', v, labels);
    }
  }
}

/** Go's strconv.ParseFloat for the decimal integers and floats sysfs prints; null when not a number. */
function parseGoFloat(s: string | undefined): number | null {
  if (s === undefined) return null;
  const t = s.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}
