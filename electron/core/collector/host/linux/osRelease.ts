/**
 * node_exporter's `os` collector: the distribution from os-release(5), at
 * <rootfs>/etc/os-release or else <rootfs>/usr/lib/os-release.
 */

import type { CollectContext, Collector, FamilySet } from '../context.js';

const INFO_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['build_id', 'BUILD_ID'],
  ['id', 'ID'],
  ['id_like', 'ID_LIKE'],
  ['image_id', 'IMAGE_ID'],
  ['image_version', 'IMAGE_VERSION'],
  ['name', 'NAME'],
  ['pretty_name', 'PRETTY_NAME'],
  ['variant', 'VARIANT'],
  ['variant_id', 'VARIANT_ID'],
  ['version', 'VERSION'],
  ['version_codename', 'VERSION_CODENAME'],
  ['version_id', 'VERSION_ID'],
];

/**
 * Parses os-release's shell-compatible KEY=value lines: values bare, in double quotes (with
 * backslash escapes of $ " \ `) or in single quotes (literal). Comments and blank lines skipped.
 */
export function parseOsRelease(text: string, file = '/etc/os-release'): Map<string, string> {
  const env = new Map<string, string>();
  const lines = text.split('\n');
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(line.slice(0, eq))) {
      throw new Error(`${file}:${ln + 1}: malformed line ${JSON.stringify(lines[ln])}`);
    }
    env.set(line.slice(0, eq), unquote(line.slice(eq + 1), `${file}:${ln + 1}`));
  }
  return env;
}

function unquote(v: string, where: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === "'") {
      const end = v.indexOf("'", i + 1);
      if (end < 0) throw new Error(`${where}: unterminated single quote`);
      out += v.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < v.length && v[j] !== '"'; j++) {
        if (v[j] === '\\' && j + 1 < v.length && '$"\\`'.includes(v[j + 1]!)) j++;
        out += v[j];
      }
      if (j >= v.length) throw new Error(`${where}: unterminated double quote`);
      i = j;
    } else if (c === '\\' && i + 1 < v.length) {
      out += v[++i];
    } else {
      out += c;
    }
  }
  return out;
}

export class OsReleaseCollector implements Collector {
  readonly name = 'os';

  async update(ctx: CollectContext, out: FamilySet): Promise<void> {
    let file = ctx.rootfs('etc', 'os-release');
    let text: string;
    try {
      text = await ctx.read(file);
    } catch {
      file = ctx.rootfs('usr', 'lib', 'os-release');
      text = await ctx.read(file);
    }
    const env = parseOsRelease(text, file);
    const get = (k: string) => env.get(k) ?? '';
    const info: Record<string, string> = {};
    for (const [label, key] of INFO_LABELS) info[label] = get(key);
    out.add(
      'node_os_info',
      "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id.",
      'gauge',
      1,
      info,
    );
    // Only the leading major[.minor] of VERSION_ID, as a number ("22.04.3" → 22.04).
    const majorMinor = /^[0-9]+\.?[0-9]*/.exec(get('VERSION_ID'))?.[0];
    const version = majorMinor ? Number(majorMinor) : 0;
    if (version > 0) {
      out.add('node_os_version', 'Metric containing the major.minor part of the OS version.', 'gauge', version, {
        id: get('ID'),
        id_like: get('ID_LIKE'),
        name: get('NAME'),
      });
    }
    const supportEnd = get('SUPPORT_END');
    if (supportEnd !== '') {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(supportEnd);
      if (!m) throw new Error(`${file}: SUPPORT_END ${JSON.stringify(supportEnd)} is not a YYYY-MM-DD date`);
      const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000;
      out.add('node_os_support_end_timestamp_seconds', 'Metric containing the end-of-life date timestamp of the OS.', 'gauge', t);
    }
  }
}
