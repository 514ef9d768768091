import { describe, expect, it } from "vitest";
import { isBinary, mergeContent } from "./file";
import { mergeJson } from "./json";
import { conflictMarkerLines } from "./markers";
import { lineEnding, mergeText, splitLines } from "./text";

const labels = { ours: "yours", base: "template 1.0.0", theirs: "template 1.1.0" };
const lines = (...values: string[]) => values.map((value) => `${value}\n`).join("");
const buffers = (base: string | Buffer, ours: string | Buffer, theirs: string | Buffer) =>
  [base, ours, theirs].map((value) => (Buffer.isBuffer(value) ? value : Buffer.from(value))) as [
    Buffer,
    Buffer,
    Buffer,
  ];

describe("mergeText", () => {
  const base = lines("a", "b", "c", "d", "e", "f", "g");

  it("takes the template's change and keeps the team's, in different places", () => {
    const ours = lines("a", "B (team)", "c", "d", "e", "f", "g");
    const theirs = lines("a", "b", "c", "d", "e", "F (template)", "g");
    expect(mergeText(base, ours, theirs, labels)).toEqual({
      content: lines("a", "B (team)", "c", "d", "e", "F (template)", "g"),
      conflicts: 0,
    });
  });

  it("marks the same lines changed differently, with base, ours and theirs", () => {
    const ours = lines("a", "b", "c", "D (team)", "e", "f", "g");
    const theirs = lines("a", "b", "c", "D (template)", "e", "f", "g");
    const merged = mergeText(base, ours, theirs, labels);
    expect(merged.conflicts).toBe(1);
    expect(merged.content).toBe(
      lines(
        "a",
        "b",
        "c",
        "<<<<<<< yours",
        "D (team)",
        "||||||| template 1.0.0",
        "d",
        "=======",
        "D (template)",
        ">>>>>>> template 1.1.0",
        "e",
        "f",
        "g",
      ),
    );
    expect(conflictMarkerLines(merged.content)).toEqual([4, 6, 8, 10]);
  });

  it("takes the same change made on both sides once", () => {
    const same = lines("a", "b", "c", "D", "e", "f", "g");
    expect(mergeText(base, same, same, labels)).toEqual({ content: same, conflicts: 0 });
  });

  it("merges empty files: the template fills one the team left empty", () => {
    expect(mergeText("", "", lines("x"), labels)).toEqual({ content: lines("x"), conflicts: 0 });
    expect(mergeText(lines("x"), "", lines("x"), labels)).toEqual({ content: "", conflicts: 0 });
    expect(mergeText("", lines("mine"), lines("theirs"), labels).conflicts).toBe(1);
  });

  it("keeps a missing final newline as part of the last line, and closes markers after it", () => {
    expect(mergeText("a\nb\nc\nd", "A\nb\nc\nd", "a\nb\nc\nd\n", labels)).toEqual({
      content: "A\nb\nc\nd\n",
      conflicts: 0,
    });
    const merged = mergeText("a\nb", "a\nB", "a\nb2", labels);
    expect(merged.conflicts).toBe(1);
    expect(merged.content).toBe(
      "a\n<<<<<<< yours\nB\n||||||| template 1.0.0\nb\n=======\nb2\n>>>>>>> template 1.1.0\n",
    );
  });

  it("merges a CRLF working copy against LF templates without reading line endings as edits", () => {
    const ours = base.replace(/\n/g, "\r\n").replace("b\r\n", "B (team)\r\n");
    const theirs = base.replace("f\n", "F (template)\n");
    const merged = mergeText(base, ours, theirs, labels);
    expect(merged).toEqual({
      content: lines("a", "B (team)", "c", "d", "e", "F (template)", "g").replace(/\n/g, "\r\n"),
      conflicts: 0,
    });
    expect(lineEnding(merged.content)).toBe("\r\n");
  });

  it("writes conflict markers in CRLF in a CRLF file", () => {
    const crlf = (text: string) => text.replace(/\n/g, "\r\n");
    const merged = mergeText(
      base,
      crlf(base.replace("d\n", "mine\n")),
      base.replace("d\n", "new\n"),
      labels,
    );
    expect(merged.content).toContain(
      "<<<<<<< yours\r\nmine\r\n||||||| template 1.0.0\r\nd\r\n=======\r\nnew\r\n>>>>>>> template 1.1.0\r\n",
    );
  });

  it("splits lines with their terminators", () => {
    expect(splitLines("a\r\nb\nc")).toEqual(["a\r\n", "b\n", "c"]);
    expect(splitLines("")).toEqual([]);
  });
});

describe("mergeContent", () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x01]);
  const png2 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x02]);
  const png3 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x03]);

  it("recognises binary content", () => {
    expect(isBinary(png)).toBe(true);
    expect(isBinary(Buffer.from([0xff, 0xfe, 0x41]))).toBe(true);
    expect(isBinary(Buffer.from("héllo\n"))).toBe(false);
  });

  it("takes a binary file from the side that changed it", () => {
    expect(mergeContent(...buffers(png, png, png2), labels)).toMatchObject({
      content: png2,
      conflicts: 0,
    });
    expect(mergeContent(...buffers(png, png2, png), labels)).toMatchObject({
      content: png2,
      conflicts: 0,
    });
  });

  it("keeps the team's binary file when both changed it, as a conflict without markers", () => {
    const merged = mergeContent(...buffers(png, png2, png3), labels);
    expect(merged).toEqual({ content: png2, conflicts: 1, binary: true });
  });

  it("merges text through mergeText", () => {
    const merged = mergeContent(...buffers("a\nb\nc\nd\n", "A\nb\nc\nd\n", "a\nb\nc\nD\n"), labels);
    expect(merged.content.toString()).toBe("A\nb\nc\nD\n");
  });
});

describe("mergeJson", () => {
  const base = {
    name: "@acme/orders",
    dependencies: { "@acme/runtime": "*", valibot: "1.5.0" },
    nx: { tags: ["type:service", "owner:payments"] },
    shipyard: { templateVersion: "1.0.0", answers: { name: "orders" } },
  };

  it("merges by key: the team's dependency and tag, the template's version bump and provenance", () => {
    const ours = {
      ...base,
      dependencies: { ...base.dependencies, pg: "8.0.0" },
      nx: { tags: ["type:service", "owner:payments", "team:extra"] },
    };
    const theirs = {
      ...base,
      dependencies: { "@acme/runtime": "*", valibot: "1.6.0" },
      nx: { tags: ["type:service", "owner:payments", "kind:http"] },
      shipyard: { templateVersion: "1.1.0", answers: { name: "orders", tier: "standard" } },
    };
    expect(mergeJson(base, ours, theirs)).toEqual({
      value: {
        name: "@acme/orders",
        dependencies: { "@acme/runtime": "*", valibot: "1.6.0", pg: "8.0.0" },
        nx: { tags: ["type:service", "owner:payments", "team:extra", "kind:http"] },
        shipyard: { templateVersion: "1.1.0", answers: { name: "orders", tier: "standard" } },
      },
      conflicts: [],
    });
  });

  it("reports a key both sides changed differently, keeping ours", () => {
    const ours = { ...base, dependencies: { ...base.dependencies, valibot: "1.5.1" } };
    const theirs = { ...base, dependencies: { ...base.dependencies, valibot: "1.6.0" } };
    const merged = mergeJson(base, ours, theirs);
    expect(merged.conflicts).toEqual(["dependencies.valibot"]);
    expect(merged.value).toEqual(ours);
  });

  it("keeps a key the team deleted, unless the template changed it", () => {
    const { description: _, ...withoutDescription } = { ...base, description: "x" };
    const ours = withoutDescription;
    expect(
      mergeJson({ ...base, description: "x" }, ours, { ...base, description: "x" }).value,
    ).toEqual(ours);
    expect(
      mergeJson({ ...base, description: "x" }, ours, { ...base, description: "y" }).conflicts,
    ).toEqual(["description"]);
  });
});
