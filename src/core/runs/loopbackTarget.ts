// A cluster run whose BASE_URL points at this machine's loopback (localhost, 127.x, ::1)
// sends every request to the k6 pod itself, not to the developer's service: the requests
// fail (or hit nothing) and the charts measure nothing useful. Caught before submitting.

/** The script's fallback for BASE_URL (`__ENV.BASE_URL || '…'` or `?? '…'`), as the generator and templates write it. */
export function scriptBaseUrlDefault(text: string): string | undefined {
  const m = /__ENV\s*(?:\.\s*BASE_URL|\[\s*(['"])BASE_URL\1\s*\])\s*(?:\|\||\?\?)\s*(['"`])([^'"`\n]*)\2/.exec(text);
  return m ? m[3] : undefined;
}

/** Whether a URL (with or without a scheme) names a loopback or unspecified host. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '::' || host === '0.0.0.0') return true;
  if (/^::ffff:127\./.test(host) || /^::ffff:7f/.test(host)) return true;
  return /^127(\.\d{1,3}){3}$/.test(host);
}

/** The BASE_URL a cluster run would use — the run's target, else the script's default — when it is loopback. */
export function loopbackBaseUrl(scriptText: string, target: string | undefined): string | undefined {
  const url = target ?? scriptBaseUrlDefault(scriptText);
  return url !== undefined && isLoopbackUrl(url) ? url : undefined;
}
