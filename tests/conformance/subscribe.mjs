// Subscribes with the graphql-ws client (the ecosystem's own) and prints each result as a JSON
// line: `node subscribe.mjs URL QUERY COUNT [CONNECTION_PARAMS_JSON]`. Prints {"ready": true}
// once the server acknowledged the connection, and {"closed": code} if the socket closes.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, query, count, params] = process.argv.slice(2);
let left = Number(count);
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  lazy: false,
  retryAttempts: 0,
  connectionParams: params ? JSON.parse(params) : undefined,
  on: {
    connected: () => console.log(JSON.stringify({ ready: true })),
    closed: (event) => console.log(JSON.stringify({ closed: event.code })),
  },
});
client.subscribe(
  { query },
  {
    next: (result) => {
      console.log(JSON.stringify(result));
      if (--left <= 0) client.dispose().then(() => process.exit(0));
    },
    error: (error) => {
      console.log(JSON.stringify({ error: Array.isArray(error) ? error : String(error.code ?? error) }));
      process.exit(0);
    },
    complete: () => process.exit(0),
  },
);
