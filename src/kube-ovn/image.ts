import { describeValue } from '../rules';

/**
 * The image reference grammar of the container runtimes (distribution/reference `regexp.go`, the
 * OCI/Docker reference the kubelet, containerd's `ctr` and Docker parse): a registry host with an
 * optional port, path components of lowercase letters and digits joined by `.`, `_`, `__` or dashes,
 * and a tag of at most 128 word characters, `.` and `-` that does not start with `.` or `-`.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REGISTRY = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?(?:/${PATH_COMPONENT})*$`);
const REPOSITORY = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;

/**
 * The problems of an image field as a JavaScript caller may fill it: not a KubeOvnImage (a plain object
 * or a string), or a reference the runtimes cannot parse (see {@link KubeOvnImage.problems}).
 */
export function checkImage(image: unknown, field: string): string[] {
  if (!(image instanceof KubeOvnImage)) return [`${field} must be a KubeOvnImage, e.g. KubeOvnImage.of({ tag: 'v1.13.15' }), got ${describeValue(image)}`];
  return image.problems(field);
}

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
    // JavaScript callers may pass nothing: the constructs that render the image report the missing tag
    return new KubeOvnImage(props?.registry ?? 'docker.io/kubeovn', props?.repository ?? 'kube-ovn', props?.tag);
  }

  private constructor(public readonly registry: string, public readonly repository: string, public readonly tag: string) {}

  /**
   * What is wrong with the reference, each message starting with `field`: it is rendered into pod specs,
   * a compose file and a systemd unit (`ExecStartPre=... images pull <uri>`), where a space or a newline
   * would add an argument or a directive.
   */
  public problems(field: string): string[] {
    const errors: string[] = [];
    const parts: Array<[string, unknown, RegExp, string]> = [
      ['registry', this.registry, REGISTRY, "'docker.io/kubeovn' or 'registry.example.com:5000/mirror'"],
      ['repository', this.repository, REPOSITORY, "'kube-ovn'"],
      ['tag', this.tag, TAG, "'v1.13.15'"],
    ];
    for (const [name, value, pattern, example] of parts) {
      if (typeof value !== 'string' || !pattern.test(value)) {
        errors.push(`${field} ${name} must be an image reference part like ${example} (letters, digits, '.', '_', '-'; no spaces, newlines or shell characters), got ${describeValue(value)}; fix it in KubeOvnImage.of`);
      }
    }
    return errors;
  }

  /** `registry/repository:tag` */
  public get uri(): string {
    return `${this.registry}/${this.repository}:${this.tag}`;
  }
}
