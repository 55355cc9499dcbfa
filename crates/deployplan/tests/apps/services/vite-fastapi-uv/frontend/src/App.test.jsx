import { test, expect } from "vitest";
import { App } from "./App.jsx";

test("renders", () => {
  expect(App).toBeTypeOf("function");
});
