/**
 * The Submariner cable driver (`cableDriver`): how gateways tunnel traffic between clusters.
 */
export class CableDriver {
  /** IPsec with Libreswan (subctl's default). Reads the PSK from `ceIPSecPSKSecret` or the inline `ceIPSecPSK`. */
  public static readonly LIBRESWAN = new CableDriver('libreswan', true, true);
  /** WireGuard. Derives its key from the inline `ceIPSecPSK` only; a PSK Secret is ignored. */
  public static readonly WIREGUARD = new CableDriver('wireguard', true, false);
  /** Unencrypted VXLAN. Uses no PSK. */
  public static readonly VXLAN = new CableDriver('vxlan', false, false);

  private constructor(
    /** Value of `spec.cableDriver`. */
    public readonly name: string,
    /** The driver needs the IPsec PSK. */
    public readonly usesPsk: boolean,
    /** The driver can read the PSK from the Secret named by `ceIPSecPSKSecret`. */
    public readonly readsPskSecret: boolean,
  ) {}

  public toString(): string {
    return this.name;
  }
}

/** A component of the Submariner broker (`subctl deploy-broker --components`). */
export class BrokerComponent {
  /** Lighthouse: multi-cluster service discovery. */
  public static readonly SERVICE_DISCOVERY = new BrokerComponent('service-discovery');
  /** Gateways, route agents and tunnels: pod and service connectivity. */
  public static readonly CONNECTIVITY = new BrokerComponent('connectivity');

  private constructor(public readonly name: string) {}

  public toString(): string {
    return this.name;
  }
}
