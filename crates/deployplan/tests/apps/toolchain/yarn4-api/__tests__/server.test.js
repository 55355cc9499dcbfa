test('truth', () => { expect(true).toBe(true); });
