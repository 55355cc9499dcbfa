const express = require('express');
const db = require('./db');

const app = express();
app.use(express.json());

app.get('/health', async (_req, res) => {
  try {
    await db.raw('select 1');
    res.json({ status: 'ok' });
  } catch (err) {
    res.status(503).json({ status: 'unavailable' });
  }
});

app.get('/', async (_req, res) => {
  const items = await db('items').select('id', 'name');
  res.json({ items });
});

app.post('/items', async (req, res) => {
  const [item] = await db('items').insert({ name: req.body.name }).returning(['id', 'name']);
  res.status(201).json(item);
});

const port = process.env.PORT || 3000;
app.listen(port, () => console.log(`items-api listening on ${port}`));
