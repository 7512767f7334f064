import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { ExternalIcDatabaseProps, Fleet, IcDbProtocol, IcDbRuntime, KubeOvnImage, ManifestValidator, renderFleet } from '../../src';
import { expectValidManifests, findDoc, fleetErrors, fleetWarnings, synthFleet } from '../support/manifests';
import { rendered } from './fleets';

const threeHosts = [{ ip: '192.168.65.3', name: 'ic-db-1' }, { ip: '192.168.65.2', name: 'ic-db-2' }, { ip: '192.168.65.1', name: 'ic-db-3' }];

function hostFleet(props: Partial<ExternalIcDatabaseProps> = {}) {
  const fleet = new Fleet();
  const icDatabase = fleet.addExternalIcDatabase('ic-db', { hosts: threeHosts, ...props });
  const az1 = fleet.addCluster('az1', { podCidr: '10.16.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['10.1.0.1'], gatewayNodes: ['az1-gw'] });
  const ic = az1.interconnect({ icDatabase });
  return { fleet, icDatabase, ic };
}

describe('IC database on hosts outside Kubernetes', () => {
  test('a compose file per host: host network, the three volumes, Raft env, no LEADER_IP, not privileged', () => {
    const { fleet } = hostFleet();
    expect(fleetErrors(fleet)).toEqual([]);
    const files = rendered(fleet);
    expect([...files.keys()].filter((f) => f.startsWith('hosts/'))).toEqual([
      'hosts/ic-db-1/README.md', 'hosts/ic-db-1/compose.yaml', 'hosts/ic-db-2/README.md', 'hosts/ic-db-2/compose.yaml', 'hosts/ic-db-3/README.md', 'hosts/ic-db-3/compose.yaml',
    ]);
    const compose = parse(files.get('hosts/ic-db-2/compose.yaml')!);
    expect(compose).toStrictEqual({
      services: {
        'ovn-ic-db': {
          image: 'docker.io/kubeovn/kube-ovn:v1.13.15',
          container_name: 'ovn-ic-db',
          network_mode: 'host',
          restart: 'always',
          environment: {
            ENABLE_OVN_LEADER_CHECK: 'false', ENABLE_SSL: 'false', NODE_IPS: '192.168.65.3,192.168.65.2,192.168.65.1', LOCAL_IP: '192.168.65.2', POD_IP: '192.168.65.2', PROTOCOL: 'ipv4',
          },
          volumes: ['/etc/ovn:/etc/ovn', '/var/run/ovn:/var/run/ovn', '/var/log/ovn:/var/log/ovn'],
          command: ['bash', 'start-ic-db.sh'],
        },
      },
    });
    const text = files.get('hosts/ic-db-2/compose.yaml')!;
    expect(text).toMatch(/^# OVN-IC database member 192\.168\.65\.2 \(2 of 3\) on host ic-db-2/);
    expect(text).toContain('LEADER_IP is not set: start-ic-db.sh never reads it');
    expect(text).toContain('the first NODE_IPS entry (192.168.65.3) bootstraps the cluster');
    expect(files.get('hosts/ic-db-1/README.md')).toContain('rm -f /etc/ovn/ovn_ic_nb_db.db /etc/ovn/ovn_ic_sb_db.db');
    expect(files.get('hosts/ic-db-1/README.md')).toContain('6647/6648 (Raft) to 192.168.65.2, 192.168.65.1');
  });

  test('the clusters point at the hosts with one transit switch', () => {
    const { fleet, icDatabase } = hostFleet();
    expect(icDatabase.hosts).toEqual(['192.168.65.3', '192.168.65.2', '192.168.65.1']);
    expect(icDatabase.tsNum).toBe(1);
    expect(icDatabase.hostDataDir).toBe('/etc/ovn');
    expect(icDatabase.runsAsServer).toBe(false);
    const docs = synthFleet(fleet);
    expect(findDoc(docs.az1, 'ConfigMap', 'ovn-ic-config').data['ic-db-host']).toBe('192.168.65.3,192.168.65.2,192.168.65.1');
    expectValidManifests(docs.az1);
  });

  test('containerd: a systemd unit that runs the container with ctr in the foreground', () => {
    const { fleet } = hostFleet({
      hosts: [{ ip: 'fd00::5' }], runtime: IcDbRuntime.CONTAINERD_SYSTEMD, protocol: IcDbProtocol.IPV6,
      image: KubeOvnImage.of({ registry: 'registry.example/kubeovn', tag: 'v1.13.15' }),
    });
    const unit = rendered(fleet).get('hosts/fd00--5/ovn-ic-db.service')!;
    expect(unit).toContain('ExecStartPre=/usr/bin/ctr -n k8s.io images pull registry.example/kubeovn/kube-ovn:v1.13.15');
    expect(unit).toContain('ExecStart=/usr/bin/ctr -n k8s.io run --rm --net-host \\\n  --env ENABLE_OVN_LEADER_CHECK=false \\\n  --env ENABLE_SSL=false \\\n  --env NODE_IPS=fd00::5 \\\n  --env LOCAL_IP=fd00::5 \\\n  --env POD_IP=fd00::5 \\\n  --env PROTOCOL=ipv6 \\\n');
    expect(unit).toContain('--mount type=bind,src=/var/log/ovn,dst=/var/log/ovn,options=rbind:rw \\\n  registry.example/kubeovn/kube-ovn:v1.13.15 ovn-ic-db bash start-ic-db.sh\n');
    expect(unit).toContain('Restart=always');
    expect(unit).not.toMatch(/privileged|LEADER_IP=/);
  });

  test('checks: no hosts, bad or repeated IPs, bad or repeated names; an even count is a warning', () => {
    expect(fleetErrors(hostFleet({ hosts: [] }).fleet)).toEqual(expect.arrayContaining([
      '[hosts/ic-db] IC database hosts "ic-db": hosts is empty; list the hosts that run the IC database (1, 3 or 5)',
    ]));
    const { fleet } = hostFleet({ hosts: [{ ip: '192.168.65.300', name: 'a' }, { ip: '10.0.0.1', name: 'Bad_Name' }, { ip: '10.0.0.1', name: 'a' }] });
    expect(fleetErrors(fleet)).toEqual(expect.arrayContaining([
      expect.stringContaining('IC database hosts "ic-db": hosts ip[0]: "192.168.65.300" is not an IP address'),
      expect.stringContaining('IC database hosts "ic-db": hosts ip: 10.0.0.1 is listed more than once; list each address once'),
      expect.stringContaining('IC database hosts "ic-db": hosts[1].name "Bad_Name" must consist of lowercase letters'),
      expect.stringContaining('IC database hosts "ic-db": host name "a" is used twice; each host needs its own folder hosts/<name>/, give unique names'),
    ]));
    expect(fleetWarnings(hostFleet({ hosts: threeHosts.slice(0, 2) }).fleet)).toEqual(expect.arrayContaining([
      '[hosts/ic-db] IC database hosts "ic-db": 2 Raft members tolerate no more failures than 1; use an odd number of hosts (1, 3 or 5)',
    ]));
    expect(fleetWarnings(hostFleet().fleet).filter((w) => w.includes('Raft'))).toEqual([]);
  });

  test('checks: two databases with one id, or without props (JavaScript), are reported, not a crash', () => {
    const { fleet } = hostFleet();
    fleet.addExternalIcDatabase('ic-db', { hosts: [{ ip: '10.0.0.9', name: 'other' }] });
    fleet.addExternalIcDatabase('empty', undefined as any);
    expect(fleetErrors(fleet)).toEqual([
      '[hosts/ic-db] addExternalIcDatabase is called twice with the id "ic-db"; give each IC database its own id (it is the construct id)',
      '[hosts/empty] IC database hosts "empty": hosts is empty; list the hosts that run the IC database (1, 3 or 5)',
    ]);
  });

  test('a fleet render collects the host warnings instead of printing them', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(fleetWarnings(hostFleet({ hosts: threeHosts.slice(0, 2) }).fleet)).toHaveLength(1);
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
    }
  });

  test('hosts/ is not a synced folder for the GitOps delivery', () => {
    const { fleet } = hostFleet();
    fleet.deliverWithArgoCd({ repoUrl: 'https://git.example/fleet.git', revision: 'main', namespace: 'argocd' });
    expect(fleetErrors(fleet)).toEqual([]);
    const files = rendered(fleet);
    // the delivery installs Kube-OVN from its chart with ENABLE_IC, which runs ovn-ic-controller itself
    expect([...files.keys()].filter((f) => f.startsWith('clusters/az1/'))).toEqual(['clusters/az1/ConfigMap.kube-system.ovn-ic-config.k8s.yaml']);
    expect([...files.keys()].some((f) => f.startsWith('argocd/'))).toBe(true);
    expect([...files.values()].filter((c) => c.includes('path: dist/hosts') || c.includes('hosts/ic-db'))).toEqual([]);
  });

  test('hosts/ is outside every synced folder and `npm run validate` skips it', () => {
    const { fleet } = hostFleet();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'day2-hosts-'));
    try {
      renderFleet(fleet, path.join(out, 'dist'));
      expect(fs.readdirSync(path.join(out, 'dist')).sort()).toEqual(['.cdk8s-ovn-ic', 'clusters', 'connectivity', 'fleet-model.json', 'hosts', 'runbooks']); // and the render's marker
      const result = new ManifestValidator().validateDirectory(path.join(out, 'dist'));
      expect(result.problems).toEqual([]);
      expect(result.files).toBe(2); // the two manifests of az1; the compose files are not read
      const strict = new ManifestValidator({ nonManifestDirs: [] }).validateDirectory(path.join(out, 'dist'));
      expect(strict.problems.map((p) => p.location)).toContain('hosts/ic-db-1/compose.yaml#0');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
