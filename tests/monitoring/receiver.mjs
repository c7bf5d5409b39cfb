// A webhook receiver for the monitoring suite's Alertmanager (webhook and PagerDuty-protocol paths): keeps what
// it was sent and lists it at GET /received. Runs in a container from the Tika image (node only).
import { createServer } from 'node:http';
/** @type {{ path: string | undefined, at: string, body: string }[]} */
const received = [];
createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/received') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(received));
    return;
  }
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    received.push({ path: request.url, at: new Date().toISOString(), body: body.slice(0, 20_000) });
    response.writeHead(request.url?.startsWith('/pagerduty') ? 202 : 200, { 'content-type': 'application/json' });
    response.end('{"status":"success"}');
  });
}).listen(8080, '0.0.0.0');
