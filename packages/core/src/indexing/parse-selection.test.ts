import { describe, expect, it } from "vitest";
import { SelectionError } from "../errors.js";
import { parseSelection } from "./parse-selection.js";
import { slice } from "./slice.js";

describe("parseSelection", () => {
  it("parses integers, slices and ellipsis", () => {
    expect(parseSelection("0:10, 5, ::2, ...")).toEqual([
      slice(0, 10),
      5,
      slice(null, null, 2),
      "...",
    ]);
    expect(parseSelection("-1")).toEqual([-1]);
    expect(parseSelection(":")).toEqual([slice(null, null)]);
    expect(parseSelection("::")).toEqual([slice(null, null, null)]);
    expect(parseSelection("1:-1:2")).toEqual([slice(1, -1, 2)]);
    expect(parseSelection("::-1")).toEqual([slice(null, null, -1)]);
    expect(parseSelection(":5")).toEqual([slice(null, 5)]);
    expect(parseSelection("+3:")).toEqual([slice(3, null)]);
  });
  it("parses index lists and boolean masks", () => {
    expect(parseSelection("[1,2,5]")).toEqual([[1, 2, 5]]);
    expect(parseSelection(" [ 1 , -2 ] , : ")).toEqual([[1, -2], slice(null, null)]);
    expect(parseSelection("[]")).toEqual([[]]);
    expect(parseSelection("[True, false]")).toEqual([[true, false]]);
  });
  it("tolerates whitespace, an empty string and one trailing comma", () => {
    expect(parseSelection("  ")).toEqual([]);
    expect(parseSelection(" 0 : 10 : 3 ,\t2 ")).toEqual([slice(0, 10, 3), 2]);
    expect(parseSelection("3,")).toEqual([3]);
  });
  it("checks against a rank when given", () => {
    expect(parseSelection("1, ...", 3)).toEqual([1, "..."]);
    expect(() => parseSelection("1, 2, 3", 2)).toThrow("too many indices");
  });
  it("rejects anything else with a clear SelectionError", () => {
    const bad: [string, string][] = [
      ["1.5", '"1.5" is not an integer'],
      ["a", '"a" is not an integer'],
      ["1:2:3:4", 'has more than two ":"'],
      ["::0", "slice step cannot be zero"],
      ["[1,2", 'unclosed "["'],
      ["1]", 'unbalanced "]"'],
      ["[[1]]", "malformed list"],
      ["[1,,2]", "empty entry in an index list"],
      ["[true, 1]", "neither true nor false"],
      ["1,,2", "empty dimension"],
      ["..., ...", 'more than one "..."'],
      ["None", '"None" is not an integer'],
      ["99999999999999999999", "too large"],
    ];
    for (const [text, why] of bad) {
      expect(() => parseSelection(text)).toThrow(SelectionError);
      expect(() => parseSelection(text)).toThrow(`cannot parse selection "${text}": `);
      expect(() => parseSelection(text)).toThrow(why);
    }
  });
});
