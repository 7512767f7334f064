/** Props of {@link KubeOvnImage.of}. */
export interface KubeOvnImageProps {
  /**
   * Registry and organisation.
   * @default 'docker.io/kubeovn'
   */
  readonly registry?: string;
  /**
   * Image repository inside the registry.
   * @default 'kube-ovn'
   */
  readonly repository?: string;
  /** Image tag, e.g. `v1.13.15`. */
  readonly tag: string;
}

/**
 * The Kube-OVN image. ovn-central, ovn-ic-server, ovn-ic-controller and kube-ovn-controller all run
 * the same image, so one value per cluster keeps them in step.
 */
export class KubeOvnImage {
  /** The release this package was checked against. */
  public static readonly V1_13_15 = KubeOvnImage.of({ tag: 'v1.13.15' });
  /** The default image. */
  public static readonly DEFAULT = KubeOvnImage.V1_13_15;

  /** An image from another registry (mirror) or tag. */
  public static of(props: KubeOvnImageProps): KubeOvnImage {
    return new KubeOvnImage(props.registry ?? 'docker.io/kubeovn', props.repository ?? 'kube-ovn', props.tag);
  }

  private constructor(public readonly registry: string, public readonly repository: string, public readonly tag: string) {}

  /** `registry/repository:tag` */
  public get uri(): string {
    return `${this.registry}/${this.repository}:${this.tag}`;
  }
}
