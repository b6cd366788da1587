// A typical script on the client openapi-generator's `typescript-fetch` generator makes from
// openapi.yaml (folder api/). tests/api/test_openapi_generator.py compiles it with `tsc --strict`
// (no casts, no `any`) and runs it against a live server; what it prints is described in
// tests/api/clients/__init__.py. Usage: node generator_fetch.js <base-url> <token> <event-slug>
import {
  ApiErrorFromJSON,
  Configuration,
  ConflictsApi,
  EventKindEnum,
  EventsApi,
  ResponseError,
  ReviewStateEnum,
} from "./api/index.js";

const [baseUrl, token, event] = process.argv.slice(2);
if (baseUrl === undefined || token === undefined || event === undefined) {
  throw new Error("usage: node generator_fetch.js <base-url> <token> <event-slug>");
}
// A curator's token on every request, reads too (it shows drafts).
const configuration = new Configuration({ basePath: baseUrl, apiKey: `Token ${token}` });
const events = new EventsApi(configuration);
const conflicts = new ConflictsApi(configuration);

async function main(event: string): Promise<void> {
  // Filter a list. The filter's values are one type, so the export below takes them too.
  const kind: EventKindEnum[] = [EventKindEnum.Arrest];
  const dateAfter = new Date("2024-01-01");
  const filtered = await events.eventsList({ kind, dateAfter, pageSize: 500 });

  // Two pages, the second asked for with the first's `next_cursor`.
  const first = await conflicts.conflictsList({ pageSize: 3 });
  if (first.nextCursor === null) {
    throw new Error("the conflicts fit one page");
  }
  const second = await conflicts.conflictsList({ pageSize: 3, cursor: first.nextCursor });

  // A conflict's sides: combatants, commanders and losses by side number.
  const top = first.results[0];
  if (top === undefined) {
    throw new Error("no conflicts");
  }
  const conflict = await conflicts.conflictsRetrieve({ slug: top.slug });
  const sides = conflict.sides.map((side) => [
    side.side,
    side.combatants.map((combatant) => combatant.slug),
    side.commanders.map((commander) => commander.slug),
    side.losses.map((loss) => loss.slug),
  ]);

  // The export of the same selection, as CSV text.
  const table = await events.eventsExportCsv({ kind, dateAfter });
  const lines: string[] = table.split(/\r?\n/).filter((line) => line !== "");

  // A write names the version it changes (If-Match: the ETag); a stale one is a 412.
  const read = await events.eventsRetrieveRaw({ slug: event });
  const etag = read.raw.headers.get("ETag");
  if (etag === null) {
    throw new Error("no ETag");
  }
  const change = {
    slug: event,
    ifMatch: etag,
    patchedEventInputRequest: { summary: "Edited through a generated client" },
  };
  const changed = await events.eventsPartialUpdateRaw(change);
  let stale: [number, string | null] = [0, null];
  try {
    await events.eventsPartialUpdate(change);
  } catch (error: unknown) {
    if (!(error instanceof ResponseError)) {
      throw error;
    }
    stale = [error.response.status, ApiErrorFromJSON(await error.response.json()).code];
  }

  // Drafts: only a curator's token sees them.
  const drafts = await events.eventsList({ reviewState: [ReviewStateEnum.Draft], pageSize: 500 });

  console.log(
    JSON.stringify({
      filtered: filtered.results.map((row) => row.slug),
      pages: [first.results.map((row) => row.slug), second.results.map((row) => row.slug)],
      sides,
      export: lines,
      write: [changed.raw.status, ...stale],
      drafts: drafts.results.map((row) => row.slug),
    }),
  );
}

main(event).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
