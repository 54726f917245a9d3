import { describe, expect, it } from "vitest";
import { parseArgs, UsageError } from "./args.js";

describe("parseArgs", () => {
  it("parses a command, a target and options in any order", () => {
    expect(parseArgs(["get", "--select", "0:2, -1", "data.zarr", "--json"])).toEqual({
      kind: "run",
      command: "get",
      target: "data.zarr",
      options: { json: true, select: "0:2, -1" },
    });
    expect(parseArgs(["info", "x.zarr", "--path=/a/b/", "--zarr-format", "2"])).toEqual({
      kind: "run",
      command: "info",
      target: "x.zarr",
      options: { json: false, path: "a/b", zarrFormat: 2 },
    });
  });
  it("accepts a selection starting with a minus sign", () => {
    const args = parseArgs(["get", "a.zarr", "--select", "-1"]);
    expect(args.kind === "run" && args.options.select).toBe("-1");
  });
  it("gives help and version", () => {
    expect(parseArgs(["--help"])).toEqual({ kind: "help" });
    expect(parseArgs(["get", "-h"])).toEqual({ kind: "help", command: "get" });
    expect(parseArgs(["help", "tree"])).toEqual({ kind: "help", command: "tree" });
    expect(parseArgs(["--version"])).toEqual({ kind: "version" });
  });
  it.each([
    [[], "missing command (try zarrkit --help)"],
    [["--foo"], "unknown option --foo"],
    [["frobnicate", "x"], 'unknown command "frobnicate" (expected one of info, tree, get)'],
    [["get", "x", "--foo"], 'unknown option --foo for "get"'],
    [["tree", "x", "--select", "1"], 'unknown option --select for "tree"'],
    [["get", "x", "--select"], "option --select needs a value"],
    [["get", "x", "--json=1"], "option --json takes no value"],
    [["get"], '"get" needs a PATH_OR_URL'],
    [["get", "x", "y"], 'unexpected argument "y"'],
    [["info", "x", "--zarr-format", "4"], '--zarr-format must be 2 or 3, not "4"'],
    [["info", "x", "-q"], 'unknown option -q for "info"'],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(new UsageError(message));
  });
});
