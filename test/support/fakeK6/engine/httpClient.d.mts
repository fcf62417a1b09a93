// Types for the parts of httpClient.mjs that tests use.
/** Loopback, or listed in `allowList` (K6_STANDIN_ALLOW_HOSTS: host names, addresses, IPv4 CIDRs). */
export declare function hostAllowed(host: string, allowList?: string): boolean;
