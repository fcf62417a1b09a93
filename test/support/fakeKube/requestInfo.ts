// What a request means, as the API server's RequestInfoFactory works it out from the URL:
// the verb for authorization, the group/version/resource, namespace, name and subresource.

export interface RequestInfo {
  /** False for /api, /apis, /version and other non-resource URLs. */
  isResourceRequest: boolean;
  verb: string;
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** Path segments after the subresource (the service proxy's target path). */
  rest: string[];
  /** The raw path after `/proxy`, with its trailing slash kept. */
  proxyPath?: string;
}

const methodVerbs: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', GET: 'get', HEAD: 'get', DELETE: 'delete' };

export function requestInfo(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  const nonResource: RequestInfo = { isResourceRequest: false, verb: method.toLowerCase(), group: '', version: '', resource: '', rest: [] };
  const segments = pathname.split('/').slice(1);
  let parts: string[];
  let group = '';
  let version: string;
  if (segments[0] === 'api' && segments.length >= 3) {
    version = segments[1];
    parts = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1];
    version = segments[2];
    parts = segments.slice(3);
  } else return nonResource;

  let verb = methodVerbs[method] ?? method.toLowerCase();
  if (parts[0] === 'watch') {
    verb = 'watch';
    parts = parts.slice(1);
  }
  let namespace: string | undefined;
  if (parts[0] === 'namespaces' && parts.length >= 2) {
    namespace = parts[1];
    // `/namespaces/{name}` and `/namespaces/{name}/status|finalize` address the namespace itself.
    if (parts.length === 2 || (parts.length === 3 && (parts[2] === 'status' || parts[2] === 'finalize'))) {
      parts = ['namespaces', ...parts.slice(1)];
    } else parts = parts.slice(2);
  }
  const [resource = '', name, subresource, ...rest] = parts;
  if (!name && verb === 'get') verb = query.get('watch') === 'true' || query.get('watch') === '1' ? 'watch' : 'list';
  if (!name && verb === 'delete') verb = 'deletecollection';
  let proxyPath: string | undefined;
  if (subresource === 'proxy') {
    const marker = `/${encodeURIComponent(name ?? '')}/proxy`;
    const at = pathname.indexOf(marker);
    proxyPath = at >= 0 ? pathname.slice(at + marker.length) || '/' : '/' + rest.join('/');
    if (!proxyPath.startsWith('/')) proxyPath = '/' + proxyPath;
  }
  return {
    isResourceRequest: true,
    verb,
    group,
    version,
    resource,
    namespace: resource === 'namespaces' ? undefined : namespace,
    name: resource === 'namespaces' && namespace ? namespace : name ? decodeURIComponent(name) : undefined,
    subresource,
    rest,
    proxyPath,
  };
}
