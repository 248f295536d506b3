/**
 * The story's controls: play it now, or hand the exhibit over (as a press would). Registered inside
 * the control routes' scope, so the same token guards them off loopback.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NbError } from '../../core/errors.js';
import type { Exhibit } from '../../runtime/exhibit.js';
import { StoryStateSchema, errorReplies } from '../schemas.js';

/**
 * Neither route takes options yet: no body, or an empty JSON object. Anything else is a 400 naming
 * the field, not silently ignored. (A body schema would refuse the request with no body at all.)
 */
function noOptions(body: unknown): void {
  if (body === undefined || body === null) return;
  const fields = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : null;
  if (fields?.length === 0) return;
  throw new NbError('NB_ERR_INVALID_ARGUMENT', fields ? `unknown field ${fields[0]}: this route takes no options (send no body)` : 'this route takes no body', {
    ...(fields ? { field: fields[0]! } : {}),
  });
}

const reply = { response: { 200: StoryStateSchema, ...errorReplies } };

export const storyRoutes: FastifyPluginAsyncTypebox<{ exhibit: Exhibit }> = async (app, { exhibit }) => {
  // From act 1, even if a visitor is there; 409 when the rig has no story.
  app.post('/api/story/play', { schema: reply }, async (req) => {
    noOptions(req.body);
    return exhibit.story.play();
  });

  // Answers once the story's run has ended, so a step or a start sent next finds the trainer free.
  app.post('/api/story/stop', { schema: reply }, async (req) => {
    noOptions(req.body);
    return exhibit.stopStory();
  });
};
