import { checkDnsSubdomain } from '../rules';
import { AddressError, parseIp } from '../net';

/**
 * Checks a Kubernetes API server address as `brokerK8sApiServer` takes it: `host:port` (IPv6 as
 * `[addr]:port`) with no scheme, because Submariner's components prepend `https://` themselves.
 * Returns the problem and the fix, or undefined.
 */
export function checkApiServerAddress(value: string): string | undefined {
  if (typeof value !== 'string' || value === '') return 'is empty; give the broker cluster\'s API server as host:port, e.g. 10.6.168.73:6443';
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(value);
  if (scheme) {
    return `"${value}" has a scheme; Submariner prepends https:// itself, so give host:port only ("${value.slice(scheme[0].length).replace(/\/+$/, '')}")`;
  }
  let host: string;
  let port: string;
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(value);
  if (v6) {
    [host, port] = [v6[1], v6[2]];
  } else {
    const colon = value.lastIndexOf(':');
    if (colon < 0 || value.indexOf(':') !== colon) {
      return `"${value}" is not host:port; add the API server port (usually 6443), e.g. "${value}:6443", and write IPv6 addresses as [addr]:port`;
    }
    [host, port] = [value.slice(0, colon), value.slice(colon + 1)];
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    return `"${value}" has port "${port}"; the port must be 1-65535 (the API server usually listens on 6443)`;
  }
  if (v6 || /^[\d.]+$/.test(host)) {
    try {
      parseIp(host);
    } catch (e) {
      if (e instanceof AddressError) return `"${value}": ${e.message}`;
      throw e;
    }
    return undefined;
  }
  const hostError = checkDnsSubdomain(host);
  return hostError ? `"${value}": host ${hostError}` : undefined;
}
