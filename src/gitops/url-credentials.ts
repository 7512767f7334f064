/**
 * Credentials in a repository URL (`https://user:token@host/...`, `?access_token=...`) would be written
 * into every AppProject, Application, GitRepository, HelmRepository and dist/README.md, and so into Git.
 * Argo CD and Flux take repository credentials from a Secret instead: Argo CD matches a Secret labelled
 * `argocd.argoproj.io/secret-type: repository` (or `repo-creds`) by URL; Flux reads the Secret named by
 * the GitRepository's or HelmRepository's `spec.secretRef`.
 */

/** Query parameters that carry a credential (GitLab/GitHub tokens, presigned URLs, basic auth). */
const SECRET_PARAMS = /^(access_token|private_token|oauth_token|token|password|passwd|pwd|secret|api_key|apikey|key|sig|signature|x-amz-signature|x-amz-credential|auth)$/i;

/** User names that are not a credential in an SSH URL (`ssh://git@host/...`). */
function isSshUrl(scheme: string): boolean {
  return /^(ssh|git\+ssh|ssh\+git)$/i.test(scheme);
}

/** The credentials a URL holds, masked; empty when it holds none. */
function credentialParts(url: string): { userinfo?: string; params: string[] } {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)@/i.exec(url);
  let userinfo: string | undefined;
  if (m && (!isSshUrl(m[1]) || m[2].includes(':'))) userinfo = m[2];
  // an scp-like `user:password@host:path` (Git's own form `git@host:path` has no password)
  if (!m && /^[^@/:]+:[^@/]*@/.test(url)) userinfo = url.slice(0, url.indexOf('@'));
  const params: string[] = [];
  const q = url.indexOf('?');
  if (q >= 0) {
    for (const pair of url.slice(q + 1).split('#')[0].split('&')) {
      const name = decodeSafe(pair.split('=')[0]);
      if (pair.includes('=') && SECRET_PARAMS.test(name)) params.push(name);
    }
  }
  return { userinfo, params };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The URL with every credential replaced by `***`: safe to show in a message. */
export function maskUrlCredentials(url: string): string {
  const { userinfo, params } = credentialParts(url);
  let out = url;
  if (userinfo !== undefined) {
    const at = out.indexOf(`${userinfo}@`);
    out = `${out.slice(0, at)}***@${out.slice(at + userinfo.length + 1)}`;
  }
  if (params.length > 0) {
    const q = out.indexOf('?');
    const [query, ...fragment] = out.slice(q + 1).split('#');
    const masked = query.split('&').map((pair) => (pair.includes('=') && SECRET_PARAMS.test(decodeSafe(pair.split('=')[0])) ? `${pair.split('=')[0]}=***` : pair)).join('&');
    out = `${out.slice(0, q + 1)}${[masked, ...fragment].join('#')}`;
  }
  return out;
}

/** True when the URL holds a user name with a password, a token as user name, or a credential parameter. */
export function hasUrlCredentials(url: string): boolean {
  const { userinfo, params } = credentialParts(url);
  return userinfo !== undefined || params.length > 0;
}

/**
 * The problem of a repository URL with credentials, the URL masked; `kind` says which repository
 * (`Git` or `Helm chart`) so the message names the right Flux object.
 */
export function checkUrlCredentials(field: string, url: string, kind: 'Git' | 'Helm chart'): string[] {
  if (typeof url !== 'string' || !hasUrlCredentials(url)) return [];
  const flux = kind === 'Git' ? 'the Secret named by FluxDelivery secretRef (the GitRepository\'s spec.secretRef)' : 'the Secret named by FluxDelivery chartSecretRef (the HelmRepository\'s spec.secretRef)';
  return [`${field} "${maskUrlCredentials(url)}" contains credentials, which would be written into the rendered manifests and dist/README.md (and so into Git); remove them from the URL and give them to Argo CD as a repository Secret (label argocd.argoproj.io/secret-type: repository) or to Flux as ${flux}`];
}
