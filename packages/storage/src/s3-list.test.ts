import { StoreError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { HttpClient } from "./http-client.js";
import { ResponseTooLargeError } from "./http-errors.js";
import { listObjectPages } from "./s3-list.js";

/** A client whose fetch answers every listing with `answer(url)`. */
function client(answer: (url: URL) => string) {
  return new HttpClient({
    retries: 0,
    fetch: async (url) => new Response(answer(new URL(url)), { status: 200 }),
  });
}

async function drain(pages: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of pages) {
    }
  } catch (error) {
    return error;
  }
}

describe("listObjectPages against hostile servers", () => {
  const truncated = (token: string, key = "p/k") =>
    `<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>${token}</NextContinuationToken><Contents><Key>${key}</Key></Contents></ListBucketResult>`;

  it("stops a server that never stops paging after maxPages", async () => {
    let n = 0;
    const error = await drain(
      listObjectPages(
        client(() => {
          n++;
          return truncated(`t${n}`, `p/k${String(n).padStart(4, "0")}`);
        }),
        { bucketUrl: "http://h/b/", prefix: "p/", maxPages: 5 },
      ),
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(n).toBe(5);
  });

  it("refuses a token that repeats, and keys outside the prefix", async () => {
    expect(
      await drain(
        listObjectPages(
          client(() => truncated("same")),
          { bucketUrl: "http://h/b/", prefix: "p/" },
        ),
      ),
    ).toBeInstanceOf(StoreError);
    expect(
      await drain(
        listObjectPages(
          client(() => truncated("x", "other/k")),
          { bucketUrl: "http://h/b/", prefix: "p/" },
        ),
      ),
    ).toBeInstanceOf(StoreError);
  });

  it("refuses a page with more entries than asked for (old code: took them)", async () => {
    const keys = Array.from({ length: 11 }, (_, i) => `<Contents><Key>p/${i}</Key></Contents>`);
    const error = await drain(
      listObjectPages(
        client(() => `<ListBucketResult>${keys.join("")}</ListBucketResult>`),
        { bucketUrl: "http://h/b/", prefix: "p/", pageSize: 10 },
      ),
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(String(error)).toMatch(/11 entries, more than the 10 asked for/);
  });

  it("ends a run of empty pages with fresh tokens at 1000 (old code: 100,000 pages)", async () => {
    let n = 0;
    const empty = () =>
      `<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>t${n++}</NextContinuationToken></ListBucketResult>`;
    const error = await drain(
      listObjectPages(client(empty), { bucketUrl: "http://h/b/", prefix: "p/" }),
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(String(error)).toMatch(/1000 empty pages in a row/);
    expect(n).toBe(1000);
  }, 20_000);

  it("refuses a continuation token longer than 4096 characters (old code: sent it)", async () => {
    const error = await drain(
      listObjectPages(
        client(() => truncated("t".repeat(5000))),
        { bucketUrl: "http://h/b/", prefix: "p/" },
      ),
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(String(error)).toMatch(/token of 5000 characters/);
  });

  it("refuses an answer larger than the response bound", async () => {
    const huge = new HttpClient({
      retries: 0,
      fetch: async () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              controller.enqueue(new Uint8Array(1024 * 1024));
            },
          }),
        ),
    });
    const error = await drain(listObjectPages(huge, { bucketUrl: "http://h/b/", prefix: "" }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toMatch(/too large.*maxResponseBytes/);
  });

  it("lists a path-style bucket at .../bucket and sends the continuation token", async () => {
    const urls: string[] = [];
    const pages = [
      truncated("1/a+b="),
      "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>",
    ];
    const c = client((url) => {
      urls.push(url.href);
      return pages.shift() as string;
    });
    for await (const _ of listObjectPages(c, { bucketUrl: "http://h:9/b/", prefix: "p/" })) {
    }
    expect(urls).toEqual([
      "http://h:9/b?list-type=2&prefix=p%2F",
      "http://h:9/b?list-type=2&prefix=p%2F&continuation-token=1%2Fa%2Bb%3D",
    ]);
  });
});
