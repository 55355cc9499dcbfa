const test = require('node:test');
const assert = require('node:assert');
const db = require('../src/db');

test('the database answers', async () => {
  const result = await db.raw('select 1 as one');
  assert.strictEqual(result.rows[0].one, 1);
  await db.destroy();
});
