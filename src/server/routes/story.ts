/**
 * The story's controls: play it now, or hand the exhibit over (as a press would). Registered inside
 * the control routes' scope, so the same token guards them off loopback.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Exhibit } from '../../runtime/exhibit.js';
import { StoryStateSchema, errorReplies } from '../schemas.js';

const reply = { response: { 200: StoryStateSchema, ...errorReplies } };

export const storyRoutes: FastifyPluginAsyncTypebox<{ exhibit: Exhibit }> = async (app, { exhibit }) => {
  // From act 1, even if a visitor is there; 409 when the rig has no story.
  // Neither takes a body (bodies.ts refuses one).
  app.post('/api/story/play', { schema: reply }, async () => exhibit.playStory());

  // Answers once the story's run has ended, so a step or a start sent next finds the trainer free.
  app.post('/api/story/stop', { schema: reply }, async () => exhibit.stopStory());
};
