// A typical script on openapi-typescript's types (api.ts, generated from openapi.yaml) through
// openapi-fetch. tests/api/test_typescript_client.py compiles it with `tsc --strict` (no casts, no
// `any`) and runs it against a live server; what it prints is described in
// tests/api/clients/__init__.py. Usage: node openapi_fetch.js <base-url> <token> <event-slug>
import createClient from "openapi-fetch";

import type { components, paths } from "./api.js";

type EventKind = components["schemas"]["EventKindEnum"];

const [baseUrl, token, event] = process.argv.slice(2);
if (baseUrl === undefined || token === undefined || event === undefined) {
  throw new Error("usage: node openapi_fetch.js <base-url> <token> <event-slug>");
}
// A curator's token on every request, reads too (it shows drafts).
const client = createClient<paths>({ baseUrl, headers: { Authorization: `Token ${token}` } });

async function main(event: string): Promise<void> {
  // Filter a list. The filter's values are one type, so the export below takes them too.
  const kind: EventKind[] = ["arrest"];
  const date_after = "2024-01-01";
  const filtered = await client.GET("/api/v1/events/", {
    params: { query: { kind, date_after, page_size: 500 } },
  });
  if (filtered.error !== undefined) {
    throw new Error(`list: ${filtered.error.status} ${filtered.error.detail}`);
  }

  // Two pages, the second asked for with the first's `next_cursor`.
  const first = await client.GET("/api/v1/conflicts/", { params: { query: { page_size: 3 } } });
  if (first.error !== undefined) {
    throw new Error(`page 1: ${first.error.status} ${first.error.detail}`);
  }
  const cursor = first.data.next_cursor;
  if (cursor === null) {
    throw new Error("the conflicts fit one page");
  }
  const second = await client.GET("/api/v1/conflicts/", { params: { query: { page_size: 3, cursor } } });
  if (second.error !== undefined) {
    throw new Error(`page 2: ${second.error.status} ${second.error.detail}`);
  }

  // A conflict's sides: combatants, commanders and losses by side number.
  const top = first.data.results[0];
  if (top === undefined) {
    throw new Error("no conflicts");
  }
  const conflict = await client.GET("/api/v1/conflicts/{slug}/", { params: { path: { slug: top.slug } } });
  if (conflict.error !== undefined) {
    throw new Error(`conflict: ${conflict.error.status} ${conflict.error.detail}`);
  }
  const sides = conflict.data.sides.map((side) => [
    side.side,
    side.combatants.map((combatant) => combatant.slug),
    side.commanders.map((commander) => commander.slug),
    side.losses.map((loss) => loss.slug),
  ]);

  // The export of the same selection, as CSV text.
  const table = await client.GET("/api/v1/events/export.csv", {
    params: { query: { kind, date_after } },
    parseAs: "text",
  });
  if (table.error !== undefined) {
    throw new Error(`export: ${table.error.status} ${table.error.detail}`);
  }
  const lines: string[] = table.data.split(/\r?\n/).filter((line) => line !== "");

  // A write names the version it changes (If-Match: the ETag); a stale one is a 412.
  const read = await client.GET("/api/v1/events/{slug}/", { params: { path: { slug: event } } });
  const etag = read.response.headers.get("ETag");
  if (etag === null) {
    throw new Error("no ETag");
  }
  const change = {
    params: { path: { slug: event }, header: { "If-Match": etag } },
    body: { summary: "Edited through a generated client" },
  };
  const changed = await client.PATCH("/api/v1/events/{slug}/", change);
  const stale = await client.PATCH("/api/v1/events/{slug}/", change);
  const code = stale.error === undefined ? null : stale.error.code;

  // Drafts: only a curator's token sees them.
  const drafts = await client.GET("/api/v1/events/", {
    params: { query: { review_state: ["draft"], page_size: 500 } },
  });
  if (drafts.error !== undefined) {
    throw new Error(`drafts: ${drafts.error.status} ${drafts.error.detail}`);
  }

  console.log(
    JSON.stringify({
      filtered: filtered.data.results.map((row) => row.slug),
      pages: [first.data.results.map((row) => row.slug), second.data.results.map((row) => row.slug)],
      sides,
      export: lines,
      write: [changed.response.status, stale.response.status, code],
      drafts: drafts.data.results.map((row) => row.slug),
    }),
  );
}

main(event).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
