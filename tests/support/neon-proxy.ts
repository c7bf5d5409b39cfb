import net from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * What Neon's edge does, minus TLS: each WebSocket carries one Postgres wire connection to host:port given in
 * the `address` query parameter. Lets the real @neondatabase/serverless Pool run against a local server.
 */
export async function startNeonProxy(): Promise<{ address: string; close: () => Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket, request) => {
    const target = new URL(request.url ?? '/', 'http://proxy').searchParams.get('address') ?? '';
    const [host, port] = target.split(':');
    const tcp = net.connect({ host: host === 'localhost' ? '127.0.0.1' : host, port: Number(port || 5432) });
    tcp.on('data', (chunk) => socket.send(chunk));
    tcp.on('close', () => socket.close());
    tcp.on('error', () => socket.close());
    socket.on('message', (data) => tcp.write(data as Buffer));
    socket.on('close', () => tcp.destroy());
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}/v2`,
    // ws leaves open connections alone on close() and its callback waits for them; a client the test left open
    // (or a pool still idling) would hang the suite's afterAll, so cut every connection first.
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
