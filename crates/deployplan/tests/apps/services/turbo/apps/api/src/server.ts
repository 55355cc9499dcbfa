import express from "express";

const app = express();
app.get("/healthz", (_req, res) => res.json({ ok: true }));
app.listen(Number(process.env.PORT ?? 4000));
