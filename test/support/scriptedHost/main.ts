// A test host that answers what the test scripted, run inside the cluster's network namespace
// (see ../netnsTestHost.ts) so the real API server can proxy to it. It listens on each of --ports
// at --host, answers every request from the routes file (re-read per request, so the test changes
// answers by rewriting it: { "<port>": { "<path>": { status, headers, body } } }; no route → 404),
// and appends "<port> <method> <path>" to the log file for each request it got.
//
//   ip netns exec <ns> node --import tsx test/support/scriptedHost/main.ts --host 10.250.7.2 --ports 18090,18091 --routes r.json --log req.log
import * as fs from 'node:fs';
import * as http from 'node:http';
import { parseArgs } from 'node:util';

export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
}
export type ScriptedRoutes = Record<string, Record<string, ScriptedAnswer>>;

const { values } = parseArgs({ options: { host: { type: 'string' }, ports: { type: 'string' }, routes: { type: 'string' }, log: { type: 'string' } } });
const routesFile = values.routes!;
const logFile = values.log!;
const ports = values.ports!.split(',').map(Number);

function answerFor(port: number, path: string): ScriptedAnswer {
  let routes: ScriptedRoutes = {};
  try {
    routes = JSON.parse(fs.readFileSync(routesFile, 'utf8')) as ScriptedRoutes;
  } catch {
    routes = {};
  }
  return routes[String(port)]?.[path] ?? { status: 404, body: 'not found' };
}

let listening = 0;
for (const port of ports) {
  http
    .createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://host').pathname;
      fs.appendFileSync(logFile, `${port} ${req.method} ${path}\n`);
      const a = answerFor(port, path);
      const text = typeof a.body === 'string' ? a.body : a.body === undefined ? '' : JSON.stringify(a.body);
      const type = typeof a.body === 'string' ? 'text/plain' : 'application/json';
      res.writeHead(a.status ?? 200, { 'content-type': type, ...a.headers }).end(text);
    })
    .listen(port, values.host, () => {
      if (++listening === ports.length) process.stdout.write(`listening on ${values.host}:${ports.join(',')}\n`);
    });
}
