import { describe, expect, it } from "vitest";
import { parseAccessRules, ruleFor } from "./access.ts";

const token = (c: string) => c.repeat(40);
const rules = JSON.stringify([
  { name: "main", token: token("m"), read: ["main"], write: "main" },
  { name: "pr", token: token("p"), read: ["main", "pr"], write: "pr" },
]);

describe("access rules", () => {
  it("finds the rule of a presented token, and none for a wrong or missing one", () => {
    const parsed = parseAccessRules(rules);
    expect(ruleFor(parsed, token("p"))?.name).toBe("pr");
    expect(ruleFor(parsed, token("x"))).toBeUndefined();
    expect(ruleFor(parsed, undefined)).toBeUndefined();
  });

  it.each([
    ["not JSON", "{", /not JSON/],
    ["an empty list", "[]", /non-empty JSON array/],
    [
      "a short token",
      JSON.stringify([{ name: "a", token: "short", read: [] }]),
      /at least 32 characters/,
    ],
    [
      "a bad namespace",
      JSON.stringify([{ name: "a", token: token("a"), read: ["../main"] }]),
      /"read" must list/,
    ],
    [
      "a shared token",
      JSON.stringify([
        { name: "a", token: token("a"), read: [] },
        { name: "b", token: token("a"), read: [] },
      ]),
      /share a token/,
    ],
  ])("refuses %s with the fix", (_, json, message) => {
    expect(() => parseAccessRules(json)).toThrow(message);
  });
});
