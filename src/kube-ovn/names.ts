import { checkDnsSubdomain } from '../rules';

/**
 * Rules for the names and numbers of the underlay objects. Each returns undefined when the value is
 * fine, else the problem and the fix; the caller prefixes the field.
 */

/** Linux interface names are at most 15 characters (IFNAMSIZ 16 with the terminating NUL). */
export const MAX_INTERFACE_NAME = 15;

/** A ProviderNetwork name is at most 12 characters: its bridge `br-<name>` must fit 15. */
export const MAX_PROVIDER_NETWORK_NAME = MAX_INTERFACE_NAME - 'br-'.length;

/** Highest VLAN id the Vlan CRD accepts (0 = untagged). */
export const MAX_VLAN_ID = 4095;

/** A node NIC name as the ProviderNetwork CRD accepts it: at most 15 characters, no `/`, no whitespace. */
export function checkInterfaceName(value: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must not be empty; give the node NIC, e.g. eth1';
  if (value.length > MAX_INTERFACE_NAME) {
    return `"${value}" is ${value.length} characters; Linux interface names have at most ${MAX_INTERFACE_NAME}`;
  }
  if (/[/\s]/.test(value)) return `"${value}" contains '/' or whitespace, which no Linux interface name has`;
  return undefined;
}

/**
 * A ProviderNetwork name (CRD: `maxLength: 12`, `not: enum [int]`), also a Kubernetes object name
 * and the prefix of the node labels `<name>.provider-network.kubernetes.io/...`.
 */
export function checkProviderNetworkName(value: string): string | undefined {
  const dns = checkDnsSubdomain(value);
  if (dns) return dns;
  if (value.length > MAX_PROVIDER_NETWORK_NAME) {
    return `is ${value.length} characters; at most ${MAX_PROVIDER_NETWORK_NAME} are allowed because the OVS bridge br-<name> must fit Linux's ${MAX_INTERFACE_NAME}-character interface names`;
  }
  if (value === 'int') return '"int" is reserved: its bridge would be br-int, the OVN integration bridge; choose another name';
  return undefined;
}

/** A VLAN id: an integer 0-4095, 0 meaning untagged. */
export function checkVlanId(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 0 || value > MAX_VLAN_ID) {
    return `is ${value}; a VLAN id is an integer from 0 to ${MAX_VLAN_ID} (0 sends untagged frames)`;
  }
  return undefined;
}
