import { Worker } from "bullmq";

new Worker("orders", async (job) => job.data, { connection: { url: process.env.REDIS_URL } });
