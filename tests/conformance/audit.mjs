// Runs the graphql-http package's GraphQL-over-HTTP audit against URL and prints one JSON line
// per audit: {id, name, status: "ok" | "warn" | "error", reason}. `node audit.mjs URL`
import { serverAudits } from "graphql-http";

const [url] = process.argv.slice(2);
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  console.log(JSON.stringify({ id: audit.id, name: audit.name, status: result.status, reason: result.reason ?? null }));
}
