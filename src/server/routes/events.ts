/**
 * `GET /api/events`: the live stream (SSE). Every client first gets a `hello` event holding the
 * whole state, then trace, cascade, board, training, corpus and log events as they happen. The
 * EventHub does the fan-out and drops clients that fall too far behind.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Exhibit } from '../../runtime/exhibit.js';
import type { EventHub } from '../eventHub.js';

export interface EventRoutesOptions {
  exhibit: Exhibit;
  hub: EventHub;
}

export const eventRoutes: FastifyPluginAsyncTypebox<EventRoutesOptions> = async (app, { exhibit, hub }) => {
  // 'manual': no Accept negotiation (curl and EventSource both just get the stream), and the hub,
  // not the plugin, sends the heartbeat: one timer for all clients.
  app.get('/api/events', { sse: { kind: 'manual', heartbeat: false } }, async (_req, reply) => {
    reply.sse.keepAlive();
    reply.sse.sendHeaders(200);
    reply.raw.socket?.setNoDelay(true);
    hub.add(reply.raw, exhibit.state());
  });
};
