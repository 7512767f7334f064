import { AddressError, Cidr, findOverlaps, parseIp } from '../../src/net';

describe('parseIp', () => {
  test('accepts dotted quads and lowercase IPv6', () => {
    expect(parseIp('192.168.65.3').text).toBe('192.168.65.3');
    expect(parseIp('fd00::1').family).toBe('IPv6');
  });
  test.each([
    ['010.1.1.1', 'is not an IP address'],
    ['10.1', 'is not an IP address'],
    [' 10.0.0.1', 'is not an IP address'],
    ['FD00::1', 'must be lowercase'],
    ['::ffff:10.0.0.1', 'IPv4-mapped'],
  ])('fails for %s', (text, message) => {
    expect(() => parseIp(text)).toThrow(message);
  });
});

describe('Cidr', () => {
  test('parses and exposes its range', () => {
    const c = Cidr.parse('10.16.0.0/16');
    expect(c.toString()).toBe('10.16.0.0/16');
    expect(c.at(1n).text).toBe('10.16.0.1');
    expect(c.size).toBe(65536n);
    expect(Cidr.parse('fe80:a9fe:64::/112').toString()).toBe('fe80:a9fe:64::/112');
  });
  test('fails on host bits with the network address as the fix', () => {
    expect(() => Cidr.parse('10.16.0.1/16')).toThrow('"10.16.0.1/16" has host bits set; use the network address 10.16.0.0/16');
  });
  test.each([['10.16.0.0'], ['10.16.0.0/33'], ['10.16.0.0/x'], ['fd00::/129']])('fails for %s', (text) => {
    expect(() => Cidr.parse(text)).toThrow(AddressError);
  });
  test('containment and overlap never cross families', () => {
    const a = Cidr.parse('10.0.0.0/8');
    expect(a.containsCidr(Cidr.parse('10.16.0.0/16'))).toBe(true);
    expect(a.overlaps(Cidr.parse('11.0.0.0/8'))).toBe(false);
    expect(a.overlaps(Cidr.parse('::/0'))).toBe(false);
  });
});

describe('findOverlaps', () => {
  const item = (cidr: string, owner: string) => ({ cidr: Cidr.parse(cidr), owner });
  test('finds every nested pair and nothing else', () => {
    const pairs = findOverlaps([
      item('10.16.0.0/16', 'a'), item('10.17.0.0/16', 'b'), item('10.16.5.0/24', 'c'),
      item('10.0.0.0/8', 'd'), item('192.168.0.0/24', 'e'), item('fd00::/64', 'f'),
    ]);
    expect(pairs.map((p) => `${p.first.owner}>${p.second.owner}`).sort()).toEqual(['a>c', 'd>a', 'd>b', 'd>c']);
  });
  test('the relevance filter drops pairs', () => {
    const pairs = findOverlaps([item('10.16.0.0/16', 'x'), item('10.16.0.0/24', 'x'), item('10.16.1.0/24', 'y')], (a, b) => a !== b);
    expect(pairs.map((p) => `${p.first.owner}>${p.second.owner}`)).toEqual(['x>y']);
  });
  test('scales as n log n (100k disjoint subnets)', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => item(`${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24`, `s${i}`));
    expect(findOverlaps(items)).toEqual([]);
  });
});

describe('the parse memo of IPv6 texts (a bounded cache of successes, keyed by the text)', () => {
  test('a failing text throws its own error again on every call', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => Cidr.parse('10.16.0.1/16')).toThrow('"10.16.0.1/16" has host bits set; use the network address 10.16.0.0/16');
      expect(() => Cidr.parse('fd00:0::/64')).toThrow('"fd00:0::/64" is not written canonically (leading zeros or an uncompressed IPv6 address); write fd00::/64');
      expect(() => parseIp('FD00::1')).toThrow('IPv6 address "FD00::1" must be lowercase (Kube-OVN rejects uppercase IPv6); use "fd00::1"');
    }
  });
  test('a cached result is frozen: no caller can change what the next one gets', () => {
    const c = Cidr.parse('fd00:99::/64');
    expect(Cidr.parse('fd00:99::/64')).toBe(c);
    expect(Object.isFrozen(c)).toBe(true);
    const ip = parseIp('fd00:99::1');
    expect(Object.isFrozen(ip)).toBe(true);
    expect(() => { (ip as { text: string }).text = 'x'; }).toThrow(TypeError);
    expect(parseIp('fd00:99::1')).toEqual({ family: 'IPv6', value: 0xfd000099000000000000000000000001n, text: 'fd00:99::1' });
  });
  test('past its bound it parses again, with the same result', () => {
    const first = Cidr.parse('fd00:98::/64');
    for (let i = 1; i <= 17000; i++) Cidr.parse(`fd01:${i.toString(16)}::/64`);
    const again = Cidr.parse('fd00:98::/64');
    expect(again).not.toBe(first);
    expect([again.family, again.network, again.last, again.prefix, again.toString()]).toEqual([first.family, first.network, first.last, first.prefix, first.toString()]);
  });
  test('IPv4 values and texts round-trip through formatting at the ends of the range', () => {
    expect(parseIp('255.255.255.255').value).toBe(0xffffffffn);
    expect(Cidr.parse('128.0.0.0/1').at(0x7fffffffn).text).toBe('255.255.255.255');
    expect(Cidr.parse('fd00::/126').at(3n).text).toBe('fd00::3');
    expect(() => parseIp('1.2.3.256')).toThrow('"1.2.3.256" is not an IP address');
  });
});
