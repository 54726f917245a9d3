import { afterEach, describe, expect, it, vi } from "vitest";
import { workerScriptUrl } from "./worker-script-url.js";

describe("workerScriptUrl", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("keeps the URL where there is no page (Node) or it is same-origin", () => {
    expect(workerScriptUrl("https://cdn.example/w.js")).toBe("https://cdn.example/w.js");
    vi.stubGlobal("location", new URL("https://cdn.example/page.html"));
    expect(workerScriptUrl(new URL("https://cdn.example/dist/w.js"))).toBe(
      "https://cdn.example/dist/w.js",
    );
    expect(workerScriptUrl("./w.js")).toBe("https://cdn.example/w.js");
  });

  it("wraps a cross-origin script in a same-origin blob: module that imports it", async () => {
    vi.stubGlobal("location", new URL("https://app.example/index.html"));
    const url = workerScriptUrl("https://cdn.example/dist/w.js");
    expect(url).toMatch(/^blob:/);
    const source = await (await fetch(url)).text();
    expect(source).toBe('import "https://cdn.example/dist/w.js";\n');
    URL.revokeObjectURL(url);
  });
});
