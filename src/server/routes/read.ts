/** The routes that only read: health, state and corpus. Open to anyone who can reach the server. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { corpusToJson } from '../../core/corpus-json.js';
import type { Exhibit } from '../../runtime/exhibit.js';
import { CorpusReply, HealthReply, StateReply, errorReplies } from '../schemas.js';

export interface ReadRoutesOptions {
  exhibit: Exhibit;
  version: string;
}

export const readRoutes: FastifyPluginAsyncTypebox<ReadRoutesOptions> = async (app, { exhibit, version }) => {
  const started = performance.now();

  app.get('/api/health', { schema: { response: { 200: HealthReply, ...errorReplies } } }, async () => ({
    ok: true,
    uptimeS: Math.round((performance.now() - started) / 100) / 10,
    version,
  }));

  app.get('/api/state', { schema: { response: { 200: StateReply, ...errorReplies } } }, async () => exhibit.state());

  app.get('/api/corpus', { schema: { response: { 200: CorpusReply, ...errorReplies } } }, async () => {
    const { inputSize, outputSize, examples } = corpusToJson(exhibit.corpus);
    return { inputSize, outputSize, examples };
  });
};
