// The Linux file parsers on their own: edge cases and error messages that name file and line.
import { describe, expect, it } from 'vitest';
import { parseCpuLines } from '../../../../../../electron/core/collector/host/linux/cpu.js';
import { parseDiskstats, parseUdevData } from '../../../../../../electron/core/collector/host/linux/diskstats.js';
import { parseMountInfo } from '../../../../../../electron/core/collector/host/linux/filesystem.js';
import { cleanName, explodeSensorFilename } from '../../../../../../electron/core/collector/host/linux/hwmon.js';
import { parseMeminfo } from '../../../../../../electron/core/collector/host/linux/meminfo.js';
import { parseNetDev } from '../../../../../../electron/core/collector/host/linux/netdev.js';
import { parseOsRelease } from '../../../../../../electron/core/collector/host/linux/osRelease.js';

describe('/proc/stat cpu lines', () => {
  it('reads per-CPU lines in seconds, skips the total, and pads old kernels\' short lines with zeros', () => {
    const m = parseCpuLines('cpu  9 9 9 9\ncpu0 100 0 50 1000\ncpu3 1 2 3 4 5 6 7 8 9 10\nintr 5\n');
    expect([...m.keys()]).toEqual(['0', '3']);
    expect([...m.get('0')!]).toEqual([1, 0, 0.5, 10, 0, 0, 0, 0, 0, 0]);
    expect([...m.get('3')!]).toEqual([0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1]);
  });

  it('names the line of a bad value', () => {
    expect(() => parseCpuLines('cpu  1\ncpu0 1 x 3\n', '/p/stat')).toThrow('/p/stat:2: invalid value "x" for cpu0');
  });
});

describe('/proc/meminfo', () => {
  it('turns kB into bytes with a _bytes suffix, keeps counts, and rewrites parentheses', () => {
    expect(parseMeminfo('MemTotal:  16 kB\nHugePages_Total:   4\nActive(anon):  1 kB\nNr(x)(y): 2 kB\n')).toEqual([
      ['MemTotal_bytes', 16384],
      ['HugePages_Total', 4],
      ['Active_anon_bytes', 1024],
      ['Nr_x)(y_bytes', 2048],
    ]);
  });

  it.each([
    ['MemTotal 16 kB\n', '/m:1: malformed line "MemTotal 16 kB"'],
    ['MemTotal: x kB\n', '/m:1: invalid value in "MemTotal: x kB"'],
    ['MemTotal: 16 MB\n', '/m:1: unknown unit "MB"'],
    ['A: 1 kB\nB:\n', '/m:2: invalid value in "B:"'],
  ])('rejects %j', (text, err) => {
    expect(() => parseMeminfo(text, '/m')).toThrow(err);
  });
});

describe('mountinfo', () => {
  it('reads device numbers, unescapes octal escapes, skips optional fields, and sees ro on the mount or the superblock', () => {
    const text = [
      '36 35 0:52 / /mnt/a\\011b\\134c rw,relatime shared:1 master:2 - cifs //nas/my\\040share rw,vers=3.1.1',
      '37 35 8:1 / / rw,relatime - ext4 /dev/sda1 ro,errors=remount-ro',
      '38 35 8:2 /sub /bind ro,relatime - ext4 /dev/sda2 rw',
      '39 35 8:3 / /plain rw,relatime - ext4 /dev/sda3 rw,ro_not',
    ].join('\n');
    expect(parseMountInfo(text)).toEqual([
      { device: '//nas/my share', mountPoint: '/mnt/a\tb\\c', fsType: 'cifs', major: '0', minor: '52', readOnly: false },
      { device: '/dev/sda1', mountPoint: '/', fsType: 'ext4', major: '8', minor: '1', readOnly: true },
      { device: '/dev/sda2', mountPoint: '/bind', fsType: 'ext4', major: '8', minor: '2', readOnly: true },
      { device: '/dev/sda3', mountPoint: '/plain', fsType: 'ext4', major: '8', minor: '3', readOnly: false },
    ]);
  });

  it.each([
    ['36 35 0:52 / /mnt rw,relatime ext4 /dev/sda1 rw\n', 'no separator'],
    ['36 35 x / /mnt rw - ext4 /dev/sda1 rw\n', 'bad device numbers'],
    ['36 35 8:1 / /mnt rw -\n', 'missing fields after the separator'],
  ])('names a malformed line (%j: %s)', (text) => {
    expect(() => parseMountInfo(text, '/proc/1/mountinfo')).toThrow(/^\/proc\/1\/mountinfo:1: malformed mountinfo entry/);
  });
});

describe('/proc/diskstats and udev', () => {
  it('keeps every counter the kernel gives, 11 to 17 of them', () => {
    const d = parseDiskstats('   8  0 sda 1 2 3 4 5 6 7 8 9 10 11\n 259 0 nvme0n1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n');
    expect(d.map((x) => [x.device, x.major, x.minor, x.stats.length])).toEqual([
      ['sda', '8', '0', 11],
      ['nvme0n1', '259', '0', 17],
    ]);
  });

  it.each([
    ['8 0 sda 1 2 3\n', '/d:1: expected at least 14 fields, got 6'],
    ['8 0 sda 1 2 3 4 5 6 7 8 9 10 x\n', '/d:1: invalid counter'],
  ])('rejects %j', (text, err) => {
    expect(() => parseDiskstats(text, '/d')).toThrow(err);
  });

  it('reads udev E: properties only, values may contain "="', () => {
    const p = parseUdevData('S:disk/by-id/x\nE:ID_MODEL=Disk\nE:ID_PATH=pci-0000:00:17.0-ata-1\nE:WEIRD=a=b\nI:123\n');
    expect([...p]).toEqual([
      ['ID_MODEL', 'Disk'],
      ['ID_PATH', 'pci-0000:00:17.0-ata-1'],
      ['WEIRD', 'a=b'],
    ]);
  });
});

describe('/proc/net/dev', () => {
  const header = 'Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n';

  it('reads 16 counters per interface, with or without a space after the colon', () => {
    const d = parseNetDev(header + 'eth0:1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n  lo: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n');
    expect(d.map((x) => x.device)).toEqual(['eth0', 'lo']);
    expect(d[0]!.values).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
  });

  it('names a short line', () => {
    expect(() => parseNetDev(header + 'eth0: 1 2 3\n', '/n')).toThrow('/n:3: expected 16 counters in "eth0: 1 2 3"');
  });
});

describe('os-release', () => {
  it('handles bare, double-quoted (with escapes) and single-quoted values and comments', () => {
    const env = parseOsRelease('# c\n\nNAME="Fedora \\"Linux\\" \\$x"\nID=fedora\nVARIANT=\'a \\ b\'\nX=a\\ b\nY=""\n');
    expect(Object.fromEntries(env)).toEqual({ NAME: 'Fedora "Linux" $x', ID: 'fedora', VARIANT: 'a \\ b', X: 'a b', Y: '' });
  });

  it.each([
    ['NAME\n', '/o:1: malformed line "NAME"'],
    ['1X=a\n', '/o:1: malformed line'],
    ['NAME="open\n', '/o:1: unterminated double quote'],
    ["NAME='open\n", '/o:1: unterminated single quote'],
  ])('rejects %j', (text, err) => {
    expect(() => parseOsRelease(text, '/o')).toThrow(err);
  });
});

describe('hwmon names', () => {
  it('cleans names as node_exporter does', () => {
    expect(cleanName('Package id 0')).toBe('package_id_0');
    expect(cleanName('__nct6775.656\n')).toBe('nct6775_656');
    expect(cleanName('0000:3d:00.0')).toBe('0000:3d:00_0');
    expect(cleanName('***')).toBe('');
  });

  it('splits sensor file names into type, number and property', () => {
    expect(explodeSensorFilename('temp1_input')).toEqual({ type: 'temp', num: 1, property: 'input' });
    expect(explodeSensorFilename('temp12_crit_alarm')).toEqual({ type: 'temp', num: 12, property: 'crit_alarm' });
    expect(explodeSensorFilename('pwm1')).toEqual({ type: 'pwm', num: 1, property: '' });
    expect(explodeSensorFilename('beep_enable')).toEqual({ type: 'beep_enable', num: 0, property: '' });
    expect(explodeSensorFilename('update_interval')).toEqual({ type: 'update_interval', num: 0, property: '' });
    expect(explodeSensorFilename('1abc')).toBeNull();
  });
});
