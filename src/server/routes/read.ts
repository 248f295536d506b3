/**
 * The routes that only read: health, state and corpus. Open to anyone who can reach the server;
 * off loopback, health shows file paths and system errors only to staff (their token), since its
 * problems name the machine's folders (publicText.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { corpusToJson } from '../../core/corpusJson.js';
import type { Exhibit } from '../../runtime/exhibit.js';
import type { ExhibitFeed } from '../../runtime/exhibitFeed.js';
import { publicText } from '../publicText.js';
import { CorpusReply, HealthReply, StateReply, StoryStateSchema, errorReplies } from '../schemas.js';

export interface ReadRoutesOptions {
  exhibit: Exhibit;
  /** The state with the number of the last event it reflects (`seq`), so a client orders it among the events. */
  feed: ExhibitFeed;
  version: string;
  /** Off loopback: health's problems in full for a request with the staff token, without paths for the rest. */
  publicProblems: boolean;
}

export const readRoutes: FastifyPluginAsyncTypebox<ReadRoutesOptions> = async (app, { exhibit, feed, version, publicProblems }) => {
  const started = performance.now();

  // Cheap on purpose (no corpus score): monitors and the staff's phone poll it.
  app.get('/api/health', { schema: { response: { 200: HealthReply, ...errorReplies } } }, async (request, reply) => {
    const boards = exhibit.rig.boards.map((b) => exhibit.boardState(b));
    const { lastSavedAt, lastError } = exhibit.saveStatus;
    const problems = [
      ...boards.filter((b) => !b.online).map((b) => `board ${b.id}${b.name ? ` (${b.name})` : ''} is ${b.state}`),
      ...(lastError === null ? [] : [`the last save failed: ${lastError}`]),
      ...stalled(exhibit),
    ];
    const staff = !publicProblems || (await app.staffGate!.holds(request, reply));
    return {
      ok: true,
      uptimeS: Math.round((performance.now() - started) / 100) / 10,
      version,
      boards: { online: boards.filter((b) => b.online).length, total: boards.length },
      lastSavedAt: lastSavedAt === null ? null : new Date(lastSavedAt).toISOString(),
      problems: staff ? problems : problems.map(publicText),
    };
  });

  app.get('/api/state', { schema: { response: { 200: StateReply, ...errorReplies } } }, async () => feed.snapshot());
  app.get('/api/story', { schema: { response: { 200: StoryStateSchema, ...errorReplies } } }, async () => exhibit.story.state());

  app.get('/api/corpus', { schema: { response: { 200: CorpusReply, ...errorReplies } } }, async () => {
    const { inputSize, outputSize, examples } = corpusToJson(exhibit.corpus);
    return { inputSize, outputSize, limit: exhibit.rig.corpusLimit, examples: examples.map((e) => ({ ...e, source: exhibit.lessons.sourceOf(e) })) };
  });
};

/** A training run that ended because it could not get better needs someone to look at the corpus. */
function stalled(exhibit: Exhibit): string[] {
  const training = exhibit.trainingStatus;
  return !training.running && training.reason === 'stalled' ? [`training stalled: ${training.message ?? 'it stopped getting better'}`] : [];
}
