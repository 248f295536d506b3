/**
 * `npm run schemas`: writes the published JSON Schemas under boards/ from their TypeBox sources, so
 * the schema editors and other tools read is the one the code checks. A test fails when they drift.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOARDS_DIR } from '../src/hosts/node/paths.js';
import { publishedSchemas } from '../src/cli/publishedSchemas.js';

for (const [file, schema] of Object.entries(publishedSchemas())) {
  writeFileSync(join(BOARDS_DIR, file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote boards/${file}`);
}
