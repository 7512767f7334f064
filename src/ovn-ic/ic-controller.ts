// the L1s only: the package index would also load every cdk8s+ L2 construct
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { checkImage, KubeOvnImage } from '../kube-ovn/image';
import { clusterLabel } from '../rules';
import {
  fieldEnv, hostPathVolume, masterDeployment, OVN_CONTAINER_SECURITY, OVN_RESOURCES, TLS_VOLUME,
} from '../kube-ovn/master-pod';

/** Props of {@link IcController}. */
export interface IcControllerProps {
  /** The cluster's ovn-central node IPs (OVN_DB_IPS), from which it builds the NB/SB addresses. */
  readonly ovnDbIps: readonly string[];
  /**
   * Kube-OVN image.
   * @default KubeOvnImage.DEFAULT
   */
  readonly image?: KubeOvnImage;
}

/**
 * The `ovn-ic-controller` Deployment as Kube-OVN's install.sh renders it with ENABLE_IC=true: it
 * reads `ovn-ic-config` and runs `ovn-ic` against the cluster's OVN databases. Unlike the Helm
 * chart's variant it has no privileged init container (the master nodes' host directories are
 * already handed to uid 65534 by ovn-central's own init container).
 */
export class IcController extends Construct {
  public static readonly NAME = 'ovn-ic-controller';
  public readonly resource: k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: IcControllerProps) {
    super(scope, id);
    const image = props.image ?? KubeOvnImage.DEFAULT;
    this.node.addValidation({ validate: () => checkImage(image, 'image').map((e) => `${clusterLabel(this)}, IcController: ${e}`) });
    this.resource = masterDeployment(this, 'Resource', {
      name: IcController.NAME,
      description: 'OVN IC Client\n',
      replicas: 1,
      containers: [{
        name: 'ovn-ic-controller',
        image: image.uri,
        imagePullPolicy: 'IfNotPresent',
        command: ['/kube-ovn/start-ic-controller.sh'],
        args: [
          '--log_file=/var/log/kube-ovn/kube-ovn-ic-controller.log',
          '--log_file_max_size=200',
          '--logtostderr=false',
          '--alsologtostderr=true',
        ],
        securityContext: OVN_CONTAINER_SECURITY,
        env: [
          { name: 'ENABLE_SSL', value: 'false' },
          fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
          { name: 'OVN_DB_IPS', value: props.ovnDbIps.join(',') },
        ],
        resources: OVN_RESOURCES,
        volumeMounts: [
          { mountPath: '/var/run/ovn', name: 'host-run-ovn' },
          { mountPath: '/var/log/ovn', name: 'host-log-ovn' },
          { mountPath: '/etc/localtime', name: 'localtime' },
          { mountPath: '/var/run/tls', name: 'kube-ovn-tls' },
          { mountPath: '/var/log/kube-ovn', name: 'kube-ovn-log' },
        ],
      }],
      volumes: [
        hostPathVolume('host-run-ovn', '/run/ovn'),
        hostPathVolume('host-log-ovn', '/var/log/ovn'),
        hostPathVolume('localtime', '/etc/localtime'),
        hostPathVolume('kube-ovn-log', '/var/log/kube-ovn'),
        TLS_VOLUME,
      ],
    });
  }
}
