import { startOpenAIMock, type OpenAIMock, type OpenAIMockOptions } from "../../test/support/openai-mock";

/**
 * Child process hosting the Azure OpenAI mock for the benchmark, so that the mock and the designs under test each
 * get a core. Messages: `start` (options) -> `started` (endpoint); `stats` -> `stats` (per deployment); `stop` -> `stopped`.
 */
export type MockRequest = { readonly type: "start"; readonly options: OpenAIMockOptions } | { readonly type: "stats" } | { readonly type: "stop" };

let mock: OpenAIMock | undefined;
let names: string[] = [];

process.on("message", (message: MockRequest) => {
  void (async () => {
    switch (message.type) {
      case "start":
        mock = await startOpenAIMock(message.options);
        names = Object.keys(message.options.deployments);
        process.send?.({ type: "started", endpoint: mock.endpoint });
        break;
      case "stats":
        process.send?.({ type: "stats", stats: Object.fromEntries(names.map((n) => [n, mock?.stats(n)])) });
        break;
      case "stop":
        await mock?.close();
        mock = undefined;
        process.send?.({ type: "stopped" });
        break;
    }
  })();
});
process.on("disconnect", () => process.exit(0));
