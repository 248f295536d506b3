/**
 * `GET /api/events`: the live stream (SSE). Every client first gets a `hello` event holding the
 * whole state, then trace, cascade, board, training, corpus and log events as they happen, each
 * numbered (`seq`, ExhibitFeed; `hello` carries the number of the last event it reflects). The
 * EventHub does the fan-out, drops clients that fall too far behind and caps how many streams are
 * held (in total and per client address).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ExhibitFeed } from '../../runtime/exhibitFeed.js';
import { STREAM_RETRY_AFTER_S, type EventHub } from '../eventHub.js';
import { addressKey } from '../streamCaps.js';

export interface EventRoutesOptions {
  feed: ExhibitFeed;
  hub: EventHub;
}

export const eventRoutes: FastifyPluginAsyncTypebox<EventRoutesOptions> = async (app, { feed, hub }) => {
  // 'manual': no Accept negotiation (curl and EventSource both just get the stream), and the hub,
  // not the plugin, sends the heartbeat: one timer for all clients.
  app.get('/api/events', { sse: { kind: 'manual', heartbeat: false } }, async (req, reply) => {
    const address = addressKey(req.socket.remoteAddress);
    const refusal = hub.refusal(address);
    if (refusal) {
      // The refused connection closes with its answer: kept alive, it would hold the descriptor the cap saves.
      void reply.header('retry-after', String(STREAM_RETRY_AFTER_S)).header('connection', 'close');
      throw refusal;
    }
    reply.sse.keepAlive();
    reply.sse.sendHeaders(200);
    reply.raw.socket?.setNoDelay(true);
    hub.add(reply.raw, address, feed.snapshot());
  });
};
