// Where a read may go, and with what. Two rules for URLs a server told us about (a redirect, a
// document URL in a Swagger UI page, an external $ref) rather than the user:
//  - credentials are scoped to a URL prefix, not an origin. On a Kubernetes API server the
//    origin also serves /api/v1/secrets and every other service's proxy, so the user's token
//    may only go to the proxy path of the one service being read;
//  - link-local and cloud-metadata addresses (169.254.0.0/16 — 169.254.169.254 on every major
//    cloud —, fe80::/10, AWS's fd00:ec2::254, and their IPv4-mapped spellings) are never
//    followed: a workload in the cluster must not make the editor read the node's metadata.
import * as dns from 'node:dns';
import * as net from 'node:net';

/** Credentials that go only to URLs under `scope`. */
export interface ScopedCredentials {
  /** Absolute URL prefix ending in `/`, e.g. `https://api:6443/api/v1/namespaces/test/services/shop:80/proxy/`. */
  readonly scope: string;
  /** Authorization (and whatever else the cluster needs); never sent outside the scope. */
  readonly headers: Record<string, string>;
  /** TLS with the cluster's CA and client certificate; never used outside the scope. */
  readonly agent?: import('node:http').Agent;
}

/**
 * Whether `url` lies under the credentials' scope. Encoded slashes, backslashes and dots
 * after the prefix are refused too: a server may decode `..%2f` into a step out of the prefix.
 */
export function inScope(url: URL, scope: string): boolean {
  const s = new URL(scope);
  if (url.origin !== s.origin || url.username || url.password) return false;
  const prefix = s.pathname.endsWith('/') ? s.pathname : `${s.pathname}/`;
  if (url.pathname !== prefix.slice(0, -1) && !url.pathname.startsWith(prefix)) return false;
  return !/%2f|%5c|%2e|\\/i.test(url.pathname.slice(prefix.length - 1));
}

/** Whether `url` is on the scope's origin but outside its prefix (another API of the same server). */
export function outsideScopeOnSameOrigin(url: URL, scope: string): boolean {
  return url.origin === new URL(scope).origin && !inScope(url, scope);
}

let blockList: net.BlockList | undefined;

/** Built on first use (not at module load: node:net loads lazily in the extension bundle). */
function linkLocal(): net.BlockList {
  if (blockList) return blockList;
  blockList = new net.BlockList();
  blockList.addSubnet('169.254.0.0', 16, 'ipv4');
  blockList.addSubnet('fe80::', 10, 'ipv6');
  blockList.addAddress('fd00:ec2::254', 'ipv6');
  // IPv4-compatible and NAT64 spellings of 169.254/16 (IPv4-mapped ones BlockList checks itself).
  blockList.addSubnet('::a9fe:0', 112, 'ipv6');
  blockList.addSubnet('64:ff9b::a9fe:0', 112, 'ipv6');
  return blockList;
}

/** An IP address (v4 or v6, brackets allowed) in a link-local or metadata range. */
export function isLinkLocalAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '');
  const family = net.isIP(a);
  return family !== 0 && linkLocal().check(a, family === 6 ? 'ipv6' : 'ipv4');
}

export function linkLocalMessage(url: string, address?: string): string {
  return `${url} points at a link-local or cloud-metadata address${address && !url.includes(address) ? ` (${address})` : ''}; Metric Vault does not follow a server's links there, because that is where cloud credentials live. Give that URL yourself if you really mean it.`;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that fails when a host name resolves to a link-local or metadata
 * address, so `http://metadata.internal/` or a DNS name pointing at 169.254.169.254 is caught
 * as well as a literal address.
 */
export function refusingLinkLocalLookup(url: string): (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options }, (err, address: string | dns.LookupAddress[], family?: number) => {
      if (err) return callback(err, address, family);
      const all = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const bad = all.find(isLinkLocalAddress);
      if (bad) return callback(Object.assign(new Error(linkLocalMessage(url, bad)), { code: 'ELINKLOCAL' }), address, family);
      callback(null, address, family);
    });
  };
}
