import {
  addressLockJson, AddressLock, Cidr, EMPTY_ADDRESS_LOCK, HandSetRange, parseAddressLock, planAddresses, PlannerInput, PlanRequest,
} from '../../src/net';

const V4 = { pod: { supernets: ['10.128.0.0/14'] }, join: { supernets: ['100.64.0.0/14'] }, service: { supernets: ['10.96.0.0/14'] } };
const req = (cluster: string, families: PlanRequest['families'] = ['IPv4'], kinds: PlanRequest['kinds'] = ['pod', 'join', 'service']): PlanRequest => ({ cluster, kinds, families });
const input = (over: Partial<PlannerInput>): PlannerInput => ({
  plans: V4, lock: EMPTY_ADDRESS_LOCK, requests: [], clusters: (over.requests ?? []).map((r) => r.cluster), handSet: [], ...over,
});
const hand = (cluster: string, kind: HandSetRange['kind'], cidr: string): HandSetRange => ({ cluster, kind, label: `cluster "${cluster}" ${kind}Cidr`, cidr: Cidr.parse(cidr) });

describe('CIDR planner', () => {
  test('allocates first-fit in cluster order, one range per kind, and records them in the lock', () => {
    const r = planAddresses(input({ requests: [req('b'), req('a')] }));
    expect(r.errors).toEqual([]);
    expect(Object.fromEntries(r.ranges)).toEqual({
      a: { pod: '10.128.0.0/16', join: '100.64.0.0/16', service: '10.96.0.0/16' },
      b: { pod: '10.129.0.0/16', join: '100.65.0.0/16', service: '10.97.0.0/16' },
    });
    expect(addressLockJson(r.lock)).toBe(`${JSON.stringify({
      clusters: {
        a: { join: { ipv4: '100.64.0.0/16' }, pod: { ipv4: '10.128.0.0/16' }, service: { ipv4: '10.96.0.0/16' } },
        b: { join: { ipv4: '100.65.0.0/16' }, pod: { ipv4: '10.129.0.0/16' }, service: { ipv4: '10.97.0.0/16' } },
      },
      shared: {},
      version: 1,
    }, null, 2)}\n`);
  });

  test('a locked range is never moved: a new cluster sorting first gets the next free range', () => {
    const first = planAddresses(input({ requests: [req('m')] }));
    const second = planAddresses(input({ lock: first.lock, requests: [req('a'), req('m')] }));
    expect(second.ranges.get('m')).toEqual(first.ranges.get('m'));
    expect(second.ranges.get('a')).toEqual({ pod: '10.129.0.0/16', join: '100.65.0.0/16', service: '10.97.0.0/16' });
    expect(second.added.map((a) => a.cluster)).toEqual(['a', 'a', 'a']);
  });

  test('dual-stack: one range per family, in the cluster\'s family order, as podCidr takes it', () => {
    const plans = { pod: { supernets: ['10.128.0.0/14', 'fd00:10::/104'], prefixLength: { ipv6: 112 } }, service: { supernets: ['10.96.0.0/14', 'fd00:96::/108'] } };
    const r = planAddresses(input({ plans, requests: [req('a', ['IPv6', 'IPv4'], ['pod', 'service']), req('b', ['IPv6'], ['pod'])] }));
    expect(r.errors).toEqual([]);
    expect(r.ranges.get('a')).toEqual({ pod: 'fd00:10::/112,10.128.0.0/16', service: 'fd00:96::/112,10.96.0.0/16' });
    expect(r.ranges.get('b')).toEqual({ pod: 'fd00:10::1:0/112' });
  });

  test('avoids hand-set ranges of every kind and the reserved ranges', () => {
    const r = planAddresses(input({
      requests: [req('b', ['IPv4'], ['pod'])],
      clusters: ['a', 'b'],
      handSet: [hand('a', 'pod', '10.128.0.0/16'), hand('a', 'service', '10.129.0.0/24'), { label: 'addressPlan.reserved[0]', cidr: Cidr.parse('10.130.0.0/16') }],
    }));
    expect(r.ranges.get('b')).toEqual({ pod: '10.131.0.0/16' });
  });

  test('removed clusters keep their ranges reserved until released', () => {
    const first = planAddresses(input({ requests: [req('a'), req('b')] }));
    const removed = planAddresses(input({ lock: first.lock, requests: [req('b'), req('c')] }));
    expect(removed.ranges.get('c')).toEqual({ pod: '10.130.0.0/16', join: '100.66.0.0/16', service: '10.98.0.0/16' });
    expect(removed.lock.clusters.a).toEqual(first.lock.clusters.a);
    expect(removed.warnings.map((w) => w.message)).toEqual([
      'cluster "a" is no longer in the fleet; its ranges (pod 10.128.0.0/16, join 100.64.0.0/16, service 10.96.0.0/16) stay reserved in the lock so that no new '
      + 'cluster reuses them while routes to them may remain; once they are gone, release them with planAddresses({ release: [\'a\'] })',
    ]);
    const released = planAddresses(input({ lock: removed.lock, requests: [req('b'), req('c'), req('d')], release: ['a'] }));
    expect(released.errors).toEqual([]);
    expect(released.lock.clusters.a).toBeUndefined();
    expect(released.ranges.get('d')).toEqual({ pod: '10.128.0.0/16', join: '100.64.0.0/16', service: '10.96.0.0/16' });
    expect(released.removed.map((r) => r.cluster)).toEqual(['a', 'a', 'a']);
  });

  test('releasing a cluster of the fleet is refused (it would renumber it); releasing an unknown one warns', () => {
    const first = planAddresses(input({ requests: [req('a')] }));
    const r = planAddresses(input({ lock: first.lock, requests: [req('a')], release: ['a', 'gone'] }));
    expect(r.errors.map((e) => e.message)).toEqual([
      'release lists "a", which is still a cluster of the fleet: releasing would renumber it; remove the cluster first (its ranges stay reserved), then release them',
    ]);
    expect(r.warnings.map((e) => e.message)).toEqual(['release lists "gone", but the lock holds no ranges for it (already released); remove it from release']);
    expect(r.ranges.get('a')).toEqual(first.ranges.get('a'));
  });

  test('exhaustion is reported with the supernet, the size and how to fix it, for every cluster left without a range', () => {
    const r = planAddresses(input({ plans: { pod: { supernets: ['10.128.0.0/15'] } }, requests: ['a', 'b', 'c', 'd'].map((c) => req(c, ['IPv4'], ['pod'])) }));
    expect(r.errors).toEqual([{
      path: 'addressPlan/pod',
      message: 'the IPv4 pod supernet 10.128.0.0/15 is exhausted: no free /16 left (room for 2 in all, the rest is allocated, reserved or set by hand) '
        + 'for clusters "c", "d"; append another supernet to pod.supernets, use a longer pod.prefixLength.ipv4 for new ranges, or release the ranges of removed clusters',
    }]);
    expect(r.ranges.get('c')).toEqual({});
    expect([...r.failed].sort()).toEqual(['c\u0000pod', 'd\u0000pod']);
    // appending a supernet fixes it without moving a and b
    const fixed = planAddresses(input({ plans: { pod: { supernets: ['10.128.0.0/15', '172.16.0.0/15'] } }, lock: r.lock, requests: ['a', 'b', 'c', 'd'].map((c) => req(c, ['IPv4'], ['pod'])) }));
    expect(fixed.errors).toEqual([]);
    expect([...fixed.ranges].map(([c, v]) => `${c} ${v.pod}`)).toEqual(['a 10.128.0.0/16', 'b 10.129.0.0/16', 'c 172.16.0.0/16', 'd 172.17.0.0/16']);
  });

  test('a hand-set range that collides with a locked one is reported, naming the holder', () => {
    const first = planAddresses(input({ requests: [req('a', ['IPv4'], ['pod'])] }));
    const r = planAddresses(input({ lock: first.lock, requests: [req('a', ['IPv4'], ['pod'])], clusters: ['a', 'b'], handSet: [hand('b', 'pod', '10.128.128.0/17')] }));
    expect(r.errors).toEqual([{
      path: 'b',
      message: 'cluster "b" podCidr 10.128.128.0/17 collides with the pod range 10.128.0.0/16 the address lock holds (allocated to "a"); choose a range outside it',
    }]);
  });

  test('lock entries outside their supernet or overlapping each other are reported', () => {
    const lock: AddressLock = { version: 1, clusters: { a: { pod: { ipv4: '10.200.0.0/16' } }, b: { pod: { ipv4: '10.128.0.0/16' } }, c: { service: { ipv4: '10.128.0.0/20' } } }, shared: {} };
    const r = planAddresses(input({ lock, requests: [req('a', ['IPv4'], ['pod']), req('b', ['IPv4'], ['pod'])], clusters: ['a', 'b'] }));
    expect(r.errors.map((e) => e.message)).toEqual([
      'the lock\'s cluster "a" pod IPv4 range 10.200.0.0/16 is outside every IPv4 pod supernet (10.128.0.0/14); put the supernet back in pod.supernets (a range in the lock is never moved), or set podCidr of cluster "a" by hand to renumber it',
      'the lock\'s cluster "c" service IPv4 range 10.128.0.0/20 is outside every IPv4 service supernet (10.96.0.0/14); put the supernet back in service.supernets, or release the range (release: [\'c\'])',
      'the lock\'s cluster "b" pod IPv4 range 10.128.0.0/16 overlaps its cluster "c" service IPv4 range 10.128.0.0/20; the lock was edited by hand or merged badly: restore it from Git, or remove one entry to allocate that range again',
    ]);
  });

  test('shared kinds: one fleet-wide range per family, outside every other range', () => {
    const plans = { ...V4, service: { supernets: ['10.96.0.0/14'], shared: true } };
    const r = planAddresses(input({ plans, requests: [req('a'), req('b')], clusters: ['a', 'b', 'c'], handSet: [hand('c', 'service', '10.96.0.0/16')] }));
    expect(r.errors).toEqual([]);
    expect(r.ranges.get('a')!.service).toBe('10.96.0.0/16');
    expect(r.ranges.get('b')!.service).toBe('10.96.0.0/16');
    expect(r.lock.shared).toEqual({ service: { ipv4: '10.96.0.0/16' } });
    expect(r.lock.clusters.a).toEqual({ pod: { ipv4: '10.128.0.0/16' }, join: { ipv4: '100.64.0.0/16' } });
  });

  test('bad plans are reported, not thrown', () => {
    const r = planAddresses(input({
      plans: { pod: { supernets: ['10.128.0.1/14', '10.0.0.0/8'], prefixLength: { ipv4: 6 } }, join: { supernets: [] }, service: { supernets: ['172.16.0.0/12'], prefixLength: { ipv4: 33 } } },
      requests: [req('a')],
    }));
    expect(r.errors.map((e) => `[${e.path}] ${e.message}`)).toEqual([
      '[addressPlan/pod] pod.supernets[0]: "10.128.0.1/14" has host bits set; use the network address 10.128.0.0/14',
      '[addressPlan/pod] pod.prefixLength.ipv4 is 6, but supernet 10.0.0.0/8 is only a /8: a range cannot be larger than its supernet; give a prefix length of at least 8, or a larger supernet',
      '[addressPlan/join] join.supernets must list at least one CIDR (got []), e.g. supernets: [\'10.128.0.0/10\']',
      '[addressPlan/service] service.prefixLength.ipv4 must be an integer from 1 to 32, got 33',
    ]);
    expect(r.ranges.get('a')).toEqual({});
  });

  test('supernets of different kinds must be disjoint', () => {
    const r = planAddresses(input({ plans: { pod: { supernets: ['10.0.0.0/8'] }, service: { supernets: ['10.96.0.0/12'] } }, requests: [req('a', ['IPv4'], ['pod', 'service'])] }));
    expect(r.errors.map((e) => e.message)).toEqual([
      'supernet service.supernets[0] 10.96.0.0/12 overlaps pod.supernets[0] 10.0.0.0/8; the supernets must be disjoint (each range is taken from one of them), remove or split one',
    ]);
  });

  test('a family without a supernet is reported with the fix', () => {
    const r = planAddresses(input({ requests: [req('a', ['IPv4', 'IPv6'], ['pod'])] }));
    expect(r.errors.map((e) => e.message)).toEqual([
      'cluster "a" needs an IPv6 pod range, but the address plan has no IPv6 supernet for pod; add one to pod.supernets, set podCidr by hand, or leave IPv6 out of the cluster\'s ipFamilies',
    ]);
  });
});

describe('address lock file', () => {
  test('round trip is byte-stable, keys sorted, trailing newline', () => {
    const text = addressLockJson(planAddresses(input({ requests: [req('z', ['IPv4', 'IPv6'], ['pod']), req('a', ['IPv4'], ['pod'])], plans: { pod: { supernets: ['fd00::/64', '10.0.0.0/12'] } } })).lock);
    expect(text).toBe('{\n  "clusters": {\n    "a": {\n      "pod": {\n        "ipv4": "10.0.0.0/16"\n      }\n    },\n    "z": {\n      "pod": {\n        "ipv4": "10.1.0.0/16",\n'
      + '        "ipv6": "fd00::/112"\n      }\n    }\n  },\n  "shared": {},\n  "version": 1\n}\n');
    const parsed = parseAddressLock(text, 'fleet.lock.json');
    expect(parsed.errors).toEqual([]);
    expect(addressLockJson(parsed.lock!)).toBe(text);
  });

  test.each([
    ['{', /the address lock fleet\.lock\.json is not valid JSON \(.*\); restore it from Git/],
    ['[]', /must hold a JSON object, got \[\]/],
    ['{"version":2,"clusters":{}}', /version is 2, this version of cdk8s-ovn-ic reads version 1/],
    ['{"version":1,"clusters":{"a":{"pod":{"ipv4":"fd00::/64"}}}}', /clusters\.a\.pod\.ipv4 holds fd00::\/64, an IPv6 CIDR/],
    ['{"version":1,"clusters":{"a":{"pods":{}}}}', /clusters\.a\.pods is not a range kind \(pod, join, service\)/],
    ['{"version":1,"clusters":{"a":{"pod":{"ipv4":"10.0.0.1/16"}}}}', /clusters\.a\.pod\.ipv4 : "10\.0\.0\.1\/16" has host bits set/],
    ['{"version":1,"clusters":[],"extra":1}', /key "extra" is unknown[\s\S]*clusters must be an object/],
  ])('a malformed lock is reported: %s', (text, message) => {
    const parsed = parseAddressLock(text, 'fleet.lock.json');
    expect(parsed.lock).toBeUndefined();
    expect(parsed.errors.map((e) => e.message).join('\n')).toMatch(message);
  });
});

describe('CIDR planner: what the lock keeps', () => {
  test('a kind whose plan has a problem keeps its entries; a kind without a plan drops them; a hand-set range replaces its entry', () => {
    const first = planAddresses(input({ requests: [req('a')] }));
    const badPod = planAddresses(input({ plans: { ...V4, pod: { supernets: ['10.128.0.1/14'] } }, lock: first.lock, requests: [req('a')] }));
    expect(badPod.lock.clusters.a.pod).toEqual({ ipv4: '10.128.0.0/16' });
    expect(badPod.removed).toEqual([]);
    const noJoin = planAddresses(input({ plans: { pod: V4.pod, service: V4.service }, lock: first.lock, requests: [req('a', ['IPv4'], ['pod', 'service'])] }));
    expect(noJoin.errors).toEqual([]);
    expect(noJoin.removed).toEqual([{ cluster: 'a', kind: 'join', family: 'IPv4', cidr: '100.64.0.0/16' }]);
    const handPod = planAddresses(input({ lock: first.lock, requests: [req('a', ['IPv4'], ['join', 'service'])], handSet: [hand('a', 'pod', '10.200.0.0/16')] }));
    expect(handPod.errors).toEqual([]);
    expect(handPod.lock.clusters.a).toEqual({ join: { ipv4: '100.64.0.0/16' }, service: { ipv4: '10.96.0.0/16' } });
  });
});
