/**
 * Route: Alertmanager's dispatch/route_test.go (TestRouteMatch, TestRouteMatchers,
 * TestRouteWalk, TestInheritParentGroupByAll) as tables of labels → receivers, group_by,
 * timings and keys; then ids, group labels and group keys.
 */

import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE_OPTS, Route } from '../../../../../electron/core/notify/route/route.js';
import { routeFromYaml } from './support.js';

const S = 1_000;
const M = 60_000;
const H = 3_600_000;

/** The tree of TestRouteMatch, in the deprecated match/match_re syntax. */
const MATCH_TREE = `
receiver: 'notify-def'
routes:
- match: {owner: 'team-A'}
  receiver: 'notify-A'
  routes:
  - match: {env: 'testing'}
    receiver: 'notify-testing'
    group_by: [...]
  - match: {env: "production"}
    receiver: 'notify-productionA'
    group_wait: 1m
    continue: true
  - match_re: {env: "produ.*", job: ".*"}
    receiver: 'notify-productionB'
    group_wait: 30s
    group_interval: 5m
    repeat_interval: 1h
    group_by: ['job']
- match_re: {owner: 'team-(B|C)'}
  group_by: ['foo', 'bar']
  group_wait: 2m
  receiver: 'notify-BC'
- match: {group_by: 'role'}
  group_by: ['role']
  routes:
  - match: {env: 'testing'}
    receiver: 'notify-testing'
    routes:
    - match: {wait: 'long'}
      group_wait: 2m
`;

/** The same tree in the matchers syntax (TestRouteMatchers). */
const MATCHERS_TREE = `
receiver: 'notify-def'
routes:
- matchers: ['{owner="team-A"}', '{level!="critical"}']
  receiver: 'notify-A'
  routes:
  - matchers: ['{env="testing"}', '{baz!~".*quux"}']
    receiver: 'notify-testing'
    group_by: [...]
  - matchers: ['{env="production"}']
    receiver: 'notify-productionA'
    group_wait: 1m
    continue: true
  - matchers: [ 'env=~"produ.*"', 'job=~".*"']
    receiver: 'notify-productionB'
    group_wait: 30s
    group_interval: 5m
    repeat_interval: 1h
    group_by: ['job']
- matchers: ['owner=~"team-(B|C)"']
  group_by: ['foo', 'bar']
  group_wait: 2m
  receiver: 'notify-BC'
- matchers: ['group_by="role"']
  group_by: ['role']
  routes:
  - matchers: ['{env="testing"}']
    receiver: 'notify-testing'
    routes:
    - matchers: ['wait="long"']
      group_wait: 2m
`;

interface Expected {
  receiver: string;
  groupBy: string[];
  groupByAll?: boolean;
  groupWaitMs?: number;
  groupIntervalMs?: number;
  repeatIntervalMs?: number;
  key: string;
}

type Case = [labels: Record<string, string>, expected: Expected[]];

const MATCH_CASES: Case[] = [
  [{ owner: 'team-A' }, [{ receiver: 'notify-A', groupBy: [], key: '{}/{owner="team-A"}' }]],
  [{ owner: 'team-A', env: 'unset' }, [{ receiver: 'notify-A', groupBy: [], key: '{}/{owner="team-A"}' }]],
  [{ owner: 'team-C' }, [{ receiver: 'notify-BC', groupBy: ['bar', 'foo'], groupWaitMs: 2 * M, key: '{}/{owner=~"^(?:team-(B|C))$"}' }]],
  [{ owner: 'team-A', env: 'testing' }, [{ receiver: 'notify-testing', groupBy: [], groupByAll: true, key: '{}/{owner="team-A"}/{env="testing"}' }]],
  [
    { owner: 'team-A', env: 'production' },
    [
      { receiver: 'notify-productionA', groupBy: [], groupWaitMs: 1 * M, key: '{}/{owner="team-A"}/{env="production"}' },
      { receiver: 'notify-productionB', groupBy: ['job'], groupWaitMs: 30 * S, groupIntervalMs: 5 * M, repeatIntervalMs: 1 * H, key: '{}/{owner="team-A"}/{env=~"^(?:produ.*)$",job=~"^(?:.*)$"}' },
    ],
  ],
  [{ group_by: 'role' }, [{ receiver: 'notify-def', groupBy: ['role'], key: '{}/{group_by="role"}' }]],
  [{ env: 'testing', group_by: 'role' }, [{ receiver: 'notify-testing', groupBy: ['role'], key: '{}/{group_by="role"}/{env="testing"}' }]],
  [{ env: 'testing', group_by: 'role', wait: 'long' }, [{ receiver: 'notify-testing', groupBy: ['role'], groupWaitMs: 2 * M, key: '{}/{group_by="role"}/{env="testing"}/{wait="long"}' }]],
  // Not in route_test.go: nothing matches below the root, so the root catches it.
  [{ owner: 'team-Z' }, [{ receiver: 'notify-def', groupBy: [], key: '{}' }]],
  [{}, [{ receiver: 'notify-def', groupBy: [], key: '{}' }]],
];

const MATCHERS_CASES: Case[] = [
  [{ owner: 'team-A' }, [{ receiver: 'notify-A', groupBy: [], key: '{}/{level!="critical",owner="team-A"}' }]],
  [{ owner: 'team-A', env: 'unset' }, [{ receiver: 'notify-A', groupBy: [], key: '{}/{level!="critical",owner="team-A"}' }]],
  [{ owner: 'team-C' }, [{ receiver: 'notify-BC', groupBy: ['bar', 'foo'], groupWaitMs: 2 * M, key: '{}/{owner=~"team-(B|C)"}' }]],
  [{ owner: 'team-A', env: 'testing' }, [{ receiver: 'notify-testing', groupBy: [], groupByAll: true, key: '{}/{level!="critical",owner="team-A"}/{baz!~".*quux",env="testing"}' }]],
  [
    { owner: 'team-A', env: 'production' },
    [
      { receiver: 'notify-productionA', groupBy: [], groupWaitMs: 1 * M, key: '{}/{level!="critical",owner="team-A"}/{env="production"}' },
      { receiver: 'notify-productionB', groupBy: ['job'], groupWaitMs: 30 * S, groupIntervalMs: 5 * M, repeatIntervalMs: 1 * H, key: '{}/{level!="critical",owner="team-A"}/{env=~"produ.*",job=~".*"}' },
    ],
  ],
  [{ group_by: 'role' }, [{ receiver: 'notify-def', groupBy: ['role'], key: '{}/{group_by="role"}' }]],
  [{ env: 'testing', group_by: 'role' }, [{ receiver: 'notify-testing', groupBy: ['role'], key: '{}/{group_by="role"}/{env="testing"}' }]],
  [{ env: 'testing', group_by: 'role', wait: 'long' }, [{ receiver: 'notify-testing', groupBy: ['role'], groupWaitMs: 2 * M, key: '{}/{group_by="role"}/{env="testing"}/{wait="long"}' }]],
  // level="critical" fails team A's level!="critical": the alert falls through to the root.
  [{ owner: 'team-A', level: 'critical' }, [{ receiver: 'notify-def', groupBy: [], key: '{}' }]],
  // baz=~".*quux" excludes the testing route, so team A itself is the match.
  [{ owner: 'team-A', env: 'testing', baz: 'xquux' }, [{ receiver: 'notify-A', groupBy: [], key: '{}/{level!="critical",owner="team-A"}' }]],
];

function check(tree: Route, [labels, expected]: Case): void {
  const got = tree.match(labels).map((r) => ({
    receiver: r.opts.receiver,
    groupBy: [...r.opts.groupBy],
    groupByAll: r.opts.groupByAll,
    groupWaitMs: r.opts.groupWaitMs,
    groupIntervalMs: r.opts.groupIntervalMs,
    repeatIntervalMs: r.opts.repeatIntervalMs,
    key: r.key(),
  }));
  expect(got).toEqual(
    expected.map((e) => ({
      groupByAll: false,
      groupWaitMs: DEFAULT_ROUTE_OPTS.groupWaitMs,
      groupIntervalMs: DEFAULT_ROUTE_OPTS.groupIntervalMs,
      repeatIntervalMs: DEFAULT_ROUTE_OPTS.repeatIntervalMs,
      ...e,
    })),
  );
}

describe('Route.match: TestRouteMatch (match, match_re)', () => {
  const tree = new Route(routeFromYaml(MATCH_TREE));
  it.each(MATCH_CASES)('%j', (labels, expected) => check(tree, [labels, expected]));
});

describe('Route.match: TestRouteMatchers (matchers)', () => {
  const tree = new Route(routeFromYaml(MATCHERS_TREE));
  it.each(MATCHERS_CASES)('%j', (labels, expected) => check(tree, [labels, expected]));
});

describe('Route: the tree', () => {
  it('walks depth first, inheriting receivers (TestRouteWalk)', () => {
    const got: string[] = [];
    new Route(routeFromYaml(MATCH_TREE)).walk((r) => got.push(r.opts.receiver));
    expect(got).toEqual(['notify-def', 'notify-A', 'notify-testing', 'notify-productionA', 'notify-productionB', 'notify-BC', 'notify-def', 'notify-testing', 'notify-testing']);
  });

  it("inherits '...' until a child names labels (TestInheritParentGroupByAll)", () => {
    const tree = new Route(routeFromYaml("routes:\n- match: {env: parent}\n  group_by: ['...']\n  routes:\n  - match: {env: child1}\n  - match: {env: child2}\n    group_by: ['foo']\n"));
    const parent = tree.routes[0]!;
    expect(parent.opts.groupByAll).toBe(true);
    expect(parent.routes[0]!.opts.groupByAll).toBe(true);
    expect(parent.routes[1]!.opts.groupByAll).toBe(false);
    expect(parent.routes[1]!.opts.groupBy).toEqual(['foo']);
  });

  it('has Alertmanager defaults at the root: 30s, 5m, 4h, no group_by', () => {
    const root = new Route(routeFromYaml('receiver: r'));
    expect(root.opts).toEqual({ receiver: 'r', groupBy: [], groupByAll: false, groupWaitMs: 30 * S, groupIntervalMs: 5 * M, repeatIntervalMs: 4 * H, muteTimeIntervals: [], activeTimeIntervals: [] });
  });

  it('inherits a group_by when a child gives an empty one (Go keeps a nil list for [])', () => {
    const tree = new Route(routeFromYaml("receiver: r\ngroup_by: [a]\nroutes:\n- matchers: ['x=\"1\"']\n  group_by: []\n"));
    expect(tree.routes[0]!.opts.groupBy).toEqual(['a']);
  });

  it('does not inherit mute or active time intervals', () => {
    const tree = new Route(routeFromYaml("receiver: r\nroutes:\n- matchers: ['x=\"1\"']\n  mute_time_intervals: [nights]\n  active_time_intervals: [office]\n  routes:\n  - matchers: ['y=\"1\"']\n"));
    const child = tree.routes[0]!;
    expect(child.opts.muteTimeIntervals).toEqual(['nights']);
    expect(child.opts.activeTimeIntervals).toEqual(['office']);
    expect(child.routes[0]!.opts.muteTimeIntervals).toEqual([]);
    expect(child.routes[0]!.opts.activeTimeIntervals).toEqual([]);
  });

  it('goes on past a matching sibling only with continue, and a continue route that matches nothing below still counts', () => {
    const tree = new Route(
      routeFromYaml(
        "receiver: def\nroutes:\n- matchers: ['a=\"1\"']\n  receiver: r1\n  continue: true\n- matchers: ['b=\"1\"']\n  receiver: r2\n- matchers: ['a=\"1\"']\n  receiver: r3\n",
      ),
    );
    const receivers = (labels: Record<string, string>) => tree.match(labels).map((r) => r.opts.receiver);
    expect(receivers({ a: '1', b: '1' })).toEqual(['r1', 'r2']);
    expect(receivers({ a: '1' })).toEqual(['r1', 'r3']);
    expect(receivers({ c: '1' })).toEqual(['def']);
  });

  it('refuses a group_by mixing ... with names, as Alertmanager does', () => {
    expect(() => new Route(routeFromYaml("receiver: r\ngroup_by: ['...', a]"))).toThrow('cannot have wildcard group_by (`...`) and other other labels at the same time');
  });

  it('refuses an invalid regex with RE2 message', () => {
    expect(() => new Route(routeFromYaml("receiver: r\nroutes:\n- matchers: ['a=~\"(\"']"))).toThrow(/missing closing \)/);
  });
});

describe('Route: matchers', () => {
  const tree = new Route(routeFromYaml("receiver: def\nroutes:\n- matchers: ['msg=~\"a.b\"']\n  receiver: dot\n- matchers: ['env=\"\"']\n  receiver: noenv\n- matchers: ['team!~\"x|y\"', 'team=~\".+\"']\n  receiver: team\n"));
  const receivers = (labels: Record<string, string>) => tree.match(labels).map((r) => r.opts.receiver);

  it("anchors regexes and, as Alertmanager, does not let '.' match a newline", () => {
    expect(receivers({ msg: 'axb', env: 'e' })).toEqual(['dot']);
    expect(receivers({ msg: 'a\nb', env: 'e' })).toEqual(['def']);
    expect(receivers({ msg: 'xaxb', env: 'e' })).toEqual(['def']);
  });

  it("reads a missing label as ''", () => {
    expect(receivers({ other: '1' })).toEqual(['noenv']);
    expect(receivers({ env: 'e', team: 'z' })).toEqual(['team']);
    expect(receivers({ env: 'e', team: 'x' })).toEqual(['def']);
  });

  it('is linear on a pattern that makes backtracking engines explode', () => {
    const t = new Route(routeFromYaml("receiver: def\nroutes:\n- matchers: ['v=~\"(a+)+b\"']\n  receiver: x\n"));
    const t0 = performance.now();
    expect(t.match({ v: 'a'.repeat(5000) + 'c' }).map((r) => r.opts.receiver)).toEqual(['def']);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('Route: ids, group labels and group keys', () => {
  const tree = new Route(routeFromYaml(MATCHERS_TREE));

  it('gives each route a unique id: its key and its index among its siblings', () => {
    const ids: string[] = [];
    tree.walk((r) => ids.push(r.id()));
    expect(ids).toEqual([
      '{}',
      '{}/{level!="critical",owner="team-A"}/0',
      '{}/{level!="critical",owner="team-A"}/{baz!~".*quux",env="testing"}/0',
      '{}/{level!="critical",owner="team-A"}/{env="production"}/1',
      '{}/{level!="critical",owner="team-A"}/{env=~"produ.*",job=~".*"}/2',
      '{}/{owner=~"team-(B|C)"}/1',
      '{}/{group_by="role"}/2',
      '{}/{group_by="role"}/{env="testing"}/0',
      '{}/{group_by="role"}/{env="testing"}/{wait="long"}/0',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('groups by the group_by labels the alert has, leaving out those it lacks', () => {
    const [bc] = tree.match({ owner: 'team-B', foo: '1', other: 'x' });
    expect(bc!.groupLabels({ owner: 'team-B', foo: '1', other: 'x' })).toEqual({ foo: '1' });
    expect(bc!.groupKey({ owner: 'team-B', foo: '1', other: 'x' })).toBe('{}/{owner=~"team-(B|C)"}:{foo="1"}');
    expect(bc!.groupKey({ owner: 'team-B' })).toBe('{}/{owner=~"team-(B|C)"}:{}');
  });

  it("groups by every label with '...', in Go's order, values quoted as Go quotes them", () => {
    const labels = { owner: 'team-A', env: 'testing', a1: 'x', a: 'q"\n\tü' };
    const [testing] = tree.match(labels);
    expect(Object.keys(testing!.groupLabels(labels))).toEqual(['a', 'a1', 'env', 'owner']);
    expect(testing!.groupKey(labels)).toBe('{}/{level!="critical",owner="team-A"}/{baz!~".*quux",env="testing"}:{a="q\\"\\n\\tü", a1="x", env="testing", owner="team-A"}');
  });
});
