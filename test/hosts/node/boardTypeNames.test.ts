import { describe, expect, it } from 'vitest';
import { shippedCatalogue } from '../../../src/hosts/node/boardFiles.js';
import { shippedBoardTypes } from '../../../src/hosts/node/boardTypeNames.js';

describe('the board types read without the schema check (the CLI\'s --board choices)', () => {
  it('are the catalogue\'s board types, in its order', () => {
    expect(shippedBoardTypes()).toEqual(shippedCatalogue().boardTypes);
    expect(shippedBoardTypes()).toEqual(['uno', 'nano', 'mega']);
  });
});
