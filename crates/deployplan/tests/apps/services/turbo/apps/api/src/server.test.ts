import { test } from "vitest";
test("boots", () => {});
