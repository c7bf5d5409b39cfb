import { randomUUID } from 'node:crypto';
import { isProblem, pick, send, type Board, type Caller, type Reply } from './faults-api';
import { ticketValues, type Ledger } from './faults-ledger';
import { sleep } from './procs';

// A modest steady write+read loop (not the load benchmark): each worker owns one board and the tickets it
// created there, so its writes never race each other and every 2xx can go straight into the ledger. Mix per
// step: creates, title edits, moves, comments and board reads. Every answer is tallied by the phase the test is
// in (before / outage / recovery / after), and every error answer must be problem+json.

export interface PhaseTally {
  requests: number;
  ok: number;
  /** status (or 'no-answer:<reason>') → count, errors only */
  errors: Record<string, number>;
  /** problem+json code → count */
  codes: Record<string, number>;
  malformed: number;
  hangs: number;
}

export interface SteadyLoad {
  phase: string;
  tallies: Record<string, PhaseTally>;
  /** Error answers that were not problem+json (first few, for the failure message). */
  malformedSamples: string[];
  stop(): Promise<void>;
}

interface OwnedTicket {
  id: string;
  version: number;
  /** The last write's outcome is unknown (no 2xx): read the ticket before writing it again. */
  uncertain: boolean;
}

const tally = (): PhaseTally => ({ requests: 0, ok: 0, errors: {}, codes: {}, malformed: 0, hangs: 0 });

export function startSteadyLoad(workers: { caller: Caller; board: Board }[], ledger: Ledger, pauseMs = 5): SteadyLoad {
  let stopped = false;
  const load: SteadyLoad = {
    phase: 'before',
    tallies: {},
    malformedSamples: [],
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };

  // Tallied under the phase the request STARTED in: an answer that arrives a little later belongs to its start.
  const note = async (request: Promise<Reply>): Promise<Reply> => {
    const phase = load.phase;
    const reply = await request;
    const t = (load.tallies[phase] ??= tally());
    t.requests++;
    if (reply.status >= 200 && reply.status < 300) {
      t.ok++;
      return reply;
    }
    const key = reply.status === 0 ? `no-answer:${reply.error}` : String(reply.status);
    t.errors[key] = (t.errors[key] ?? 0) + 1;
    if (reply.error === 'timeout') t.hangs++;
    if (reply.status > 0) {
      if (isProblem(reply)) t.codes[reply.body.code] = (t.codes[reply.body.code] ?? 0) + 1;
      else {
        t.malformed++;
        if (load.malformedSamples.length < 5)
          load.malformedSamples.push(
            `${reply.status} ${reply.contentType} ${String(JSON.stringify(reply.body)).slice(0, 200)}`,
          );
      }
    }
    return reply;
  };

  async function worker(caller: Caller, board: Board) {
    const owned: OwnedTicket[] = [];
    const write = async (method: string, path: string, body: unknown) => {
      const reply = await note(send(caller, method, path, { body }));
      if (reply.status < 200 || reply.status >= 300) ledger.failed++;
      return reply;
    };
    while (!stopped) {
      const roll = Math.random();
      const ticket = owned.length ? pick(owned) : undefined;
      if (ticket?.uncertain) {
        const read = await note(send(caller, 'GET', `/api/v1/tickets/${ticket.id}`));
        if (read.status === 200) Object.assign(ticket, { version: read.body.version, uncertain: false });
        else if (read.status === 404) owned.splice(owned.indexOf(ticket), 1); // its create never committed
      } else if (!ticket || owned.length < 4 || roll < 0.2) {
        const title = `steady ${randomUUID()}`;
        const reply = await write('POST', '/api/v1/tickets', { columnId: pick(board.columnIds), title });
        if (reply.status === 201) {
          owned.push({ id: reply.body.id, version: reply.body.version, uncertain: false });
          ledger.acks.push({ kind: 'ticket.create', ticket: ticketValues(reply.body) });
        }
      } else if (roll < 0.4) {
        const reply = await write('PATCH', `/api/v1/tickets/${ticket.id}`, {
          version: ticket.version,
          title: `edited ${randomUUID()}`,
        });
        settle(ticket, reply, 'ticket.update');
      } else if (roll < 0.6) {
        const reply = await write('POST', `/api/v1/tickets/${ticket.id}/move`, {
          version: ticket.version,
          columnId: pick(board.columnIds),
        });
        settle(ticket, reply, 'ticket.move');
      } else if (roll < 0.7) {
        const body = `comment ${randomUUID()}`;
        const reply = await write('POST', `/api/v1/tickets/${ticket.id}/comments`, { body });
        if (reply.status === 201)
          ledger.acks.push({ kind: 'comment.create', commentId: reply.body.id, ticketId: ticket.id, body });
      } else {
        await note(send(caller, 'GET', `/api/v1/boards/${board.id}`));
      }
      await sleep(pauseMs);
    }
  }

  function settle(ticket: OwnedTicket, reply: Reply, kind: 'ticket.update' | 'ticket.move') {
    if (reply.status === 200) {
      ticket.version = reply.body.version;
      ledger.acks.push({ kind, ticket: ticketValues(reply.body) });
    } else {
      ticket.uncertain = true;
    }
  }

  const loops = workers.map(({ caller, board }) => worker(caller, board));
  return load;
}
