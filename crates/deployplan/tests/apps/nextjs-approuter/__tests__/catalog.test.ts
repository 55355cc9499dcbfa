import { describe, expect, it } from 'vitest';
import { listProducts } from '../src/lib/catalog';

describe('catalog', () => {
  it('lists products', () => {
    expect(listProducts().length).toBeGreaterThan(0);
  });
});
