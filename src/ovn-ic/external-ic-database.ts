import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { checkImage, KubeOvnImage } from '../kube-ovn/image';
import { addWarnings, checkDnsSubdomain, checkIpList, describeValue, duplicates } from '../rules';
import { IcDatabase } from './ic-database';

/** How the IC database container is run on a host. */
export class IcDbRuntime {
  /** Docker: `compose.yaml`, started with `docker compose up -d` (restart policy `always`). */
  public static readonly DOCKER_COMPOSE = new IcDbRuntime('docker-compose', 'compose.yaml');
  /** containerd without Docker: a systemd unit that runs the container with `ctr` in the foreground. */
  public static readonly CONTAINERD_SYSTEMD = new IcDbRuntime('containerd-systemd', 'ovn-ic-db.service');

  private constructor(
    /** Identifier. */
    public readonly name: string,
    /** The run specification's file name in the host folder. */
    public readonly fileName: string,
  ) {}
}

/** Address family of the transit switch the database creates (start-ic-db.sh `PROTOCOL`). */
export class IcDbProtocol {
  /** 169.254.100.0/24 */
  public static readonly IPV4 = new IcDbProtocol('ipv4');
  /** fe80:a9fe:64::/112 */
  public static readonly IPV6 = new IcDbProtocol('ipv6');
  /** both */
  public static readonly DUAL = new IcDbProtocol('dual');

  private constructor(
    /** The `PROTOCOL` value. */
    public readonly value: string,
  ) {}
}

/** One host that runs a member of the IC database. */
export interface IcDbHost {
  /** The host's address the clusters and the other members reach (LOCAL_IP). */
  readonly ip: string;
  /**
   * Host name: the output folder `hosts/<name>/`.
   * @default - the IP, with ':' replaced by '-'
   */
  readonly name?: string;
}

/** Props of {@link ExternalIcDatabase}. */
export interface ExternalIcDatabaseProps {
  /**
   * The hosts, in Raft order: the first bootstraps the cluster (start it first). 1, 3 or 5 hosts.
   */
  readonly hosts: IcDbHost[];
  /**
   * How the container runs on the hosts.
   * @default IcDbRuntime.DOCKER_COMPOSE
   */
  readonly runtime?: IcDbRuntime;
  /**
   * Kube-OVN image.
   * @default KubeOvnImage.DEFAULT (docker.io/kubeovn/kube-ovn:v1.13.15)
   */
  readonly image?: KubeOvnImage;
  /**
   * Address family of the transit switch `ts`; match the clusters' pod networks.
   * @default IcDbProtocol.IPV4
   */
  readonly protocol?: IcDbProtocol;
}

/** A host with its resolved folder name. */
export interface ResolvedIcDbHost {
  readonly ip: string;
  readonly name: string;
}

/**
 * The OVN-IC database on hosts outside Kubernetes (the seed's deployment scheme 2, docker or
 * containerd, one host or a Raft cluster). It renders, per host, the run specification into
 * `hosts/<host>/`, outside every path Argo CD or Flux sync, and gives the clusters their
 * {@link IcDatabase} through `icDatabase`.
 *
 * What start-ic-db.sh (v1.13.15) needs outside a pod, and the seed's commands miss:
 * - `ENABLE_SSL=false`: the script builds `tcp:` addresses only when the value is exactly `false`; unset
 *   means `ssl:` and certificates the container does not have.
 * - `POD_IP` = the host's address: the script compares the first `NODE_IPS` entry with `POD_IP` to decide
 *   which member bootstraps Raft, and binds the client ports 6645/6646 to `POD_IP`.
 * - `LEADER_IP` is never read: the first `NODE_IPS` entry bootstraps. It is not rendered.
 * With `ENABLE_OVN_LEADER_CHECK=false` the script creates a single transit switch `ts` (no TS_NUM).
 *
 * The container runs unprivileged with host networking, as upstream's own `ovn-ic-db-docker.sh` does
 * (the seed adds `--privileged`; nothing in the script needs it: the ports are above 1024 and the
 * container runs as root on its own bind mounts).
 */
export class ExternalIcDatabase extends Construct {
  /** Output folder of the host files, beside `clusters/`. */
  public static readonly OUTPUT_DIR = 'hosts';
  /** Container (and compose service) name. */
  public static readonly CONTAINER_NAME = 'ovn-ic-db';

  public readonly hosts: readonly ResolvedIcDbHost[];
  private readonly givenHosts: unknown;
  public readonly runtime: IcDbRuntime;
  public readonly image: KubeOvnImage;
  public readonly protocol: IcDbProtocol;
  /** Where the clusters find this database (`ic-db-host` = the host IPs in order, one transit switch). */
  public readonly icDatabase: IcDatabase;

  /**
   * Renders no Kubernetes object: its output is {@link files}, which the fleet writes to `hosts/`
   * (outside every synced folder).
   */
  constructor(scope: Construct, id: string, props: ExternalIcDatabaseProps) {
    super(scope, id);
    // JavaScript callers may pass nothing: the validation then reports the empty host list
    props = props ?? ({} as ExternalIcDatabaseProps);
    this.givenHosts = props.hosts;
    const hosts: unknown = props.hosts ?? [];
    this.hosts = (Array.isArray(hosts) ? hosts : []).map((h) => ({ ip: h?.ip, name: h?.name ?? String(h?.ip).replace(/:/g, '-') }));
    this.runtime = props.runtime ?? IcDbRuntime.DOCKER_COMPOSE;
    this.image = props.image ?? KubeOvnImage.DEFAULT;
    this.protocol = props.protocol ?? IcDbProtocol.IPV4;
    this.icDatabase = IcDatabase.fromHosts(this.hosts.map((h) => h.ip), { tsNum: 1 });

    this.node.addValidation({ validate: () => this.validateHosts() });
    addWarnings(this, () => {
      const n = this.hosts.length;
      return n > 1 && n % 2 === 0
        ? [`${this.label}: ${n} Raft members tolerate no more failures than ${n - 1}; use an odd number of hosts (1, 3 or 5)`]
        : [];
    });
  }

  /** The host files, at paths relative to the output folder: `hosts/<host>/<run specification>` and `README.md`. */
  public files(): Array<{ file: string; content: string }> {
    return this.hosts.flatMap((host) => {
      const dir = `${ExternalIcDatabase.OUTPUT_DIR}/${host.name}`;
      return [
        { file: `${dir}/${this.runtime.fileName}`, content: this.runSpecification(host) },
        { file: `${dir}/README.md`, content: this.readme(host) },
      ];
    });
  }

  /** The environment of the container on `host`, in rendering order. */
  public environment(host: ResolvedIcDbHost): Array<[string, string]> {
    return [
      ['ENABLE_OVN_LEADER_CHECK', 'false'],
      ['ENABLE_SSL', 'false'],
      ['NODE_IPS', this.hosts.map((h) => h.ip).join(',')],
      ['LOCAL_IP', host.ip],
      ['POD_IP', host.ip],
      ['PROTOCOL', this.protocol.value],
    ];
  }

  private get label(): string {
    return `IC database hosts "${this.node.id}"`;
  }

  private validateHosts(): string[] {
    const errors: string[] = [];
    if (this.givenHosts !== undefined && !Array.isArray(this.givenHosts)) {
      errors.push(`hosts must be a list of { ip, name? }, e.g. [{ ip: '192.168.0.21' }], got ${describeValue(this.givenHosts)}`);
    } else if (this.hosts.length === 0) errors.push('hosts is empty; list the hosts that run the IC database (1, 3 or 5)');
    // every value lands in a compose file or a systemd unit (ExecStart=..., Description=...)
    errors.push(...checkImage(this.image, 'image'));
    if (!(this.runtime instanceof IcDbRuntime)) errors.push(`runtime must be IcDbRuntime.DOCKER_COMPOSE or IcDbRuntime.CONTAINERD_SYSTEMD, got ${describeValue(this.runtime)}`);
    if (!(this.protocol instanceof IcDbProtocol)) errors.push(`protocol must be IcDbProtocol.IPV4, IPV6 or DUAL, got ${describeValue(this.protocol)}`);
    checkIpList(this.hosts.map((h) => h.ip), 'hosts ip', errors);
    this.hosts.forEach((h, i) => {
      const e = checkDnsSubdomain(h.name);
      if (e) errors.push(`hosts[${i}].name ${e} (it names the folder hosts/<name>/)`);
    });
    // every ExternalIcDatabase of the fleet writes into the same folder
    const all = Chart.of(this).node.findAll().filter((c): c is ExternalIcDatabase => c instanceof ExternalIcDatabase);
    const names = all.flatMap((db) => db.hosts.map((h) => h.name));
    for (const d of duplicates(names)) {
      if (this.hosts.some((h) => h.name === d)) errors.push(`host name "${d}" is used twice; each host needs its own folder hosts/<name>/, give unique names`);
    }
    return errors.map((e) => `${this.label}: ${e}`);
  }

  private header(host: ResolvedIcDbHost): string[] {
    const index = this.hosts.indexOf(host);
    const first = this.hosts[0].ip;
    return [
      `OVN-IC database member ${host.ip} (${index + 1} of ${this.hosts.length}) on host ${host.name}, rendered by cdk8s-ovn-ic.`,
      'Not a Kubernetes manifest: it lives outside clusters/, no GitOps tool applies it. See README.md beside it.',
      `Raft: the first NODE_IPS entry (${first}) bootstraps the cluster; start that host first.`,
      'LEADER_IP is not set: start-ic-db.sh never reads it. POD_IP is this host: the script compares it with',
      'the first NODE_IPS entry and binds ports 6645/6646 to it. ENABLE_SSL must be "false" (unset means SSL).',
    ];
  }

  private runSpecification(host: ResolvedIcDbHost): string {
    const env = this.environment(host);
    const volumes = ['/etc/ovn', '/var/run/ovn', '/var/log/ovn'];
    if (this.runtime === IcDbRuntime.CONTAINERD_SYSTEMD) {
      const name = ExternalIcDatabase.CONTAINER_NAME;
      const run = [
        '/usr/bin/ctr -n k8s.io run --rm --net-host',
        ...env.map(([k, v]) => `--env ${k}=${v}`),
        ...volumes.map((v) => `--mount type=bind,src=${v},dst=${v},options=rbind:rw`),
        `${this.image.uri} ${name} bash start-ic-db.sh`,
      ];
      return [
        ...this.header(host).map((l) => `# ${l}`),
        '# Install: copy to /etc/systemd/system/, then `systemctl daemon-reload && systemctl enable --now ovn-ic-db`.',
        '[Unit]',
        `Description=OVN-IC database (${this.image.uri}), Raft member ${host.ip}`,
        'Requires=containerd.service',
        'After=containerd.service network-online.target',
        'Wants=network-online.target',
        '',
        '[Service]',
        `ExecStartPre=/bin/mkdir -p ${volumes.join(' ')}`,
        `ExecStartPre=/usr/bin/ctr -n k8s.io images pull ${this.image.uri}`,
        `ExecStartPre=-/usr/bin/ctr -n k8s.io task kill --signal SIGKILL ${name}`,
        `ExecStartPre=-/usr/bin/ctr -n k8s.io containers rm ${name}`,
        `ExecStart=${run.join(' \\\n  ')}`,
        `ExecStop=-/usr/bin/ctr -n k8s.io task kill ${name}`,
        'Restart=always',
        'RestartSec=10',
        '',
        '[Install]',
        'WantedBy=multi-user.target',
        '',
      ].join('\n');
    }
    const compose = {
      services: {
        [ExternalIcDatabase.CONTAINER_NAME]: {
          image: this.image.uri,
          container_name: ExternalIcDatabase.CONTAINER_NAME,
          network_mode: 'host',
          restart: 'always',
          environment: Object.fromEntries(env),
          volumes: volumes.map((v) => `${v}:${v}`),
          command: ['bash', 'start-ic-db.sh'],
        },
      },
    };
    // required here: loading yaml costs every render ~20 ms, and only compose hosts need it
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { stringify } = require('yaml') as typeof import('yaml');
    return `${this.header(host).map((l) => `# ${l}`).join('\n')}\n${stringify(compose)}`;
  }

  private readme(host: ResolvedIcDbHost): string {
    const docker = this.runtime === IcDbRuntime.DOCKER_COMPOSE;
    const peers = this.hosts.filter((h) => h !== host).map((h) => h.ip);
    const lines = [
      `# OVN-IC database on ${host.name} (${host.ip})`,
      '',
      this.header(host)[0],
      'Outside clusters/: no GitOps tool applies it; install it on the host by hand or with your host automation.',
      this.header(host)[2],
      '',
      '## Start',
      '',
      docker
        ? `Copy \`compose.yaml\` to the host and run \`docker compose -f compose.yaml up -d\`.`
        : 'Copy `ovn-ic-db.service` to `/etc/systemd/system/` and run `systemctl daemon-reload && systemctl enable --now ovn-ic-db`.',
      '',
      `Open TCP 6645 (IC northbound) and 6646 (IC southbound) to the master nodes of every cluster (ovn-ic-controller runs there)${peers.length > 0 ? `, and 6647/6648 (Raft) to ${peers.join(', ')}` : ''}.`,
      '',
      '## Check',
      '',
      '```sh',
      `${docker ? 'docker exec' : 'ctr -n k8s.io task exec --exec-id check'} ${ExternalIcDatabase.CONTAINER_NAME} ovn-appctl -t /var/run/ovn/ovn_ic_nb_db.ctl cluster/status OVN_IC_Northbound`,
      `${docker ? 'docker exec' : 'ctr -n k8s.io task exec --exec-id check'} ${ExternalIcDatabase.CONTAINER_NAME} ovn-ic-sbctl show`,
      '```',
      '',
      '## Remove (cleanup of the whole interconnection, after every cluster is disconnected)',
      '',
      '```sh',
      ...(docker
        ? ['docker compose -f compose.yaml down']
        : ['systemctl disable --now ovn-ic-db', `ctr -n k8s.io containers rm ${ExternalIcDatabase.CONTAINER_NAME}`]),
      'rm -f /etc/ovn/ovn_ic_nb_db.db /etc/ovn/ovn_ic_sb_db.db',
      '```',
      '',
    ];
    return lines.join('\n');
  }
}
