// A TypeScript client of the API: types generated from openapi.yaml by openapi-typescript, calls
// through openapi-fetch. tests/api/test_typescript_client.py compiles it with `tsc --strict` (no
// casts, no `any`) and runs it against a live server. Usage: node client.js <base-url> <date-after>
import createClient from "openapi-fetch";

import type { components, paths } from "./api.js";

type Event = components["schemas"]["Event"];

const [baseUrl, dateAfter] = process.argv.slice(2);
const client = createClient<paths>({ baseUrl });

function cursorOf(link: string | null): string | undefined {
  return link === null ? undefined : (new URL(link).searchParams.get("cursor") ?? undefined);
}

async function main(): Promise<void> {
  // A filtered list: the page's type is the JSON page, never `Page | string`.
  const filtered = await client.GET("/api/v1/events/", {
    params: { query: { date_after: dateAfter, ordering: "date", page_size: 500 } },
  });
  if (filtered.error !== undefined) {
    throw new Error(`list: ${filtered.error.status} ${filtered.error.detail}`);
  }
  const events: Event[] = filtered.data.results;

  // One record by slug.
  const first = events[0];
  if (first === undefined) {
    throw new Error("the filtered list is empty");
  }
  const detail = await client.GET("/api/v1/events/{slug}/", { params: { path: { slug: first.slug } } });
  if (detail.error !== undefined) {
    throw new Error(`detail: ${detail.error.status} ${detail.error.detail}`);
  }
  const record: Event = detail.data;
  const quotes: string[] = record.citations.map((citation) => citation.quote);

  // Every event, two per page, following the cursor in `next` to the end.
  const walked: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.GET("/api/v1/events/", { params: { query: { page_size: 2, cursor } } });
    if (page.error !== undefined) {
      throw new Error(`page: ${page.error.status} ${page.error.detail}`);
    }
    walked.push(...page.data.results.map((event) => event.slug));
    cursor = cursorOf(page.data.next);
  } while (cursor !== undefined);

  console.log(
    JSON.stringify({
      filtered: events.map((event) => event.slug),
      detail: { slug: record.slug, date: record.date, quotes },
      walked,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
